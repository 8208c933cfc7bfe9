"""Understanding a question: one typed plan per question, made here and nowhere else.

The plan says what the question asks for (its intent: an answer, the decisions of a meeting, the
assignments of a role, a topic's timeline), which kind of answer it wants (an amount, a person, a
date, a reason, a decision), its subject and its filters. Organisation, organ and dates named in the
question become retrieval filters; a date is a *reading*, not a verdict: 'the meeting on 20 November'
may be a meeting of the archive or a meeting a § talks about, so the plan carries both readings and
the answer keeps the one the archive backs. A follow-up ('Och vad beslutade de om det?', 'What about
Blekinge?', 'Och året innan?') is resolved against the previous turn's subject and cited §.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.models import Cited, Filters, conversation
from index.lang.periods import LATEST_RE, asked_period, mentioned_forms, shift_years, without_date_phrases, year_shift
from index.lang.questions import (ACROSS_MEETINGS_RE, ASSIGNMENT_RE, CUES, FOLLOW_UP_RE, MEETING_WORD_RE, POSSESSIVE_RE, AnswerType,
                                  Intent, generic, language, timeline_topic)
from index.lang.registry import rules
from index.lang.tokens import tokenize
from index.lang.vocabulary import ORGANISATION_WORDS, UNKNOWN_ORGANISATION_RE, organ_named, role_named
from index.models import slug

ANSWER_TYPES = tuple(AnswerType)
"""What kind of sentence answers the question, most specific first (assistant/answer/support.py `holds`)."""


@dataclass
class Plan:
    """Everything the answer code needs to know about a question; it dispatches on `intent`."""

    question: str  # the question as asked
    query: str  # the text to retrieve with (follow-ups resolved)
    language: str
    topic: str = ""  # the query without the organisation names that became filters
    intent: Intent = Intent.ANSWER
    answer_type: AnswerType | None = None  # the kind of answer asked for, None when the question asks for none
    intents: set[str] = field(default_factory=set)  # every cue found ('decision', 'amount', 'cross', ...)
    filters: Filters = field(default_factory=Filters)
    unknown_org: str | None = None  # an organisation named in the question that the archive lacks
    no_meeting_in_range: bool = False  # the question names a meeting's dates and no meeting falls in them
    mentions: tuple[str, ...] = ()  # dates read as what a § talks about: a backing § must write one of these
    context: tuple[Cited, ...] = ()  # the § the previous answer cited
    compared: list[str] = field(default_factory=list)  # two or more organisations the question names: searched each
    timeline_topic: str = ""  # for intent "timeline": the matter followed over time
    role: str = ""  # for intent "assignments": whose assignments ('förbundschef'), or all
    follow_up: bool = False  # read as continuing the previous turn
    # A follow-up only by being short ('Vem valdes till justerare?') may be a new question: the reading
    # of it on its own, with the same context.
    standalone: "Plan | None" = None
    # The other reading of the question's dates: a meeting a § talks about, not a meeting of the archive.
    undated: "Plan | None" = None


def org_names(organisations: list[str]) -> dict[str, str]:
    """Distinctive words of each organisation ('Kalmar', 'Östergötland', 'Sörmland', 'RAR') -> its full name. A word
    of two organisations' names tells neither apart ('Norrby' of 'Norrby Vägsamfällighet' and 'Norrby
    Dikningsföretag'): it is no one's."""
    generic = ORGANISATION_WORDS
    names: dict[str, str] = {}
    shared: set[str] = set()
    for org in organisations:
        for word in org.split():
            key = slug(word)
            if key not in generic and len(key) >= 3:
                if names.get(key, org) != org:
                    shared.add(key)
                names[key] = org
    return {key: org for key, org in names.items() if key not in shared}


def find_orgs(text: str, organisations: list[str]) -> list[str]:
    """The organisations a text names, in order: 'Kalmar', genitive 'Kalmars', or as the first part
    of a compound ('Kalmarstyrelsen')."""
    names = org_names(organisations)
    found: list[str] = []
    for word in re.findall(r"[\wåäöÅÄÖ-]+", text):
        key = slug(word)
        candidate = next((c for c in (key, key[:-1] if key.endswith("s") else key) if c in names), _org_prefix(key, names))
        if candidate and names[candidate] not in found:
            found.append(names[candidate])
    return found


def find_org(text: str, organisations: list[str]) -> str | None:
    """The first organisation a text names."""
    return next(iter(find_orgs(text, organisations)), None)


def _org_prefix(key: str, names: dict[str, str]) -> str | None:
    return next((name for name in names if len(name) >= 5 and key.startswith(name) and len(key) > len(name) + 3), None)


def find_body(text: str) -> str | None:
    """The organ a question names, in Swedish or English ('AU', 'styrelsen', 'the board')."""
    return organ_named(text, english=True) if rules().question.organ_filter else None


def date_range(text: str) -> tuple[str | None, str | None]:
    """Dates the question restricts meetings to: an exact date, a month, or a year after 'i/in'."""
    asked = asked_period(text)
    return asked.date_from, asked.date_to


def is_follow_up(question: str) -> bool:
    """Leans on earlier turns: starts like a continuation, points back with a pronoun, or is too short to stand alone."""
    return points_back(question) or len(question.split()) <= rules().question.short_follow_up_words


def points_back(question: str) -> bool:
    """Says outright that it continues ('Och …', 'What about …') or points back with a pronoun ('det', 'they')."""
    return rules().question.follow_up_cue and bool(FOLLOW_UP_RE.search(question.strip()))


def understand(question: str, history: list[dict] | None, meetings: list[dict]) -> Plan:
    """The plan of a question; follow-ups inherit the earlier question's context."""
    organisations = sorted({m["organisation"] for m in meetings})
    asked = question
    if rules().question.possessive:
        question = POSSESSIVE_RE.sub(r"\1", question)  # "Kalmar's" -> "Kalmar"
    turns = conversation(history)
    previous = [t.question for t in turns]
    follow_up = bool(previous) and is_follow_up(question)
    context = turns[-1].cited if follow_up else ()
    if follow_up:
        shifted = _year_shifted(question, previous[-1], context)
        if shifted:  # 'Och året innan?': the earlier question, its years moved
            return replace(understand(shifted, None, meetings), question=asked, context=context, follow_up=True)
    query = f"{previous[-1]} {question}" if follow_up else question
    named = find_orgs(question, organisations)  # two or more: a comparison, no organisation filter
    own_org = named[0] if len(named) == 1 else None
    org = own_org or (find_org(previous[-1], organisations) if follow_up and not named else None)
    # 'Kalmarstyrelsens' names the organ after the organisation's name
    body = find_body(_without_words_of(question, organisations)) or (find_body(previous[-1]) if follow_up else None)
    if follow_up and named:  # 'What about Blekinge?': the earlier organisation no longer applies
        query = _without_org_words(query, organisations, keep=named)
    scoped = [m["date"] for m in meetings if (not org or m["organisation"] == org) and m.get("date")]
    dated = question  # the text the dates come from: a follow-up may inherit them
    date_from, date_to = date_range(question)
    if date_from is None and follow_up and not named:
        dated = previous[-1]
        date_from, date_to = date_range(dated)
    in_range = [d for d in scoped if (not date_from or d >= date_from) and (not date_to or d <= date_to)]
    switched = _cue_switches()
    cues = {str(name) for name, pattern in CUES.items()
            if switched[str(name)] and pattern.search(query if follow_up else question)}
    cues |= {"cross"} if len(named) > 1 else set()
    cues |= {"across_meetings"} if rules().question.across_meetings and ACROSS_MEETINGS_RE.search(question) else set()
    standalone = None
    if follow_up and not points_back(question):
        standalone = replace(understand(asked, None, meetings), context=context)
    plan = Plan(
        question=asked,
        query=query,
        topic=_topic(query, organisations, dates_are_filters=bool(date_from and in_range)),
        language=language(question),
        intents=cues,
        answer_type=next((t for t in ANSWER_TYPES if t in cues), None),
        filters=Filters(org, body, date_from, date_to),
        unknown_org=None if named else _unknown_org(question, organisations),
        no_meeting_in_range=bool(date_from) and not in_range,
        context=context,
        follow_up=follow_up,
        standalone=standalone,
        compared=named if len(named) > 1 else [],
    )
    plan = _with_intent(plan)
    if date_from and not LATEST_RE.search(dated) and plan.intent in {Intent.ANSWER, Intent.TIMELINE}:
        # the other reading: a meeting a § talks about ('the meeting with the auditors on 20 November')
        # ... and with no meeting in range, a refusal names the period only when the question named a meeting
        undated = replace(plan, filters=replace(plan.filters, date_from=None, date_to=None),
                          no_meeting_in_range=plan.no_meeting_in_range and _names_a_meeting(dated),
                          mentions=mentioned_forms(date_from, date_to),
                          topic=_topic(query, organisations, dates_are_filters=True))
        if plan.no_meeting_in_range:
            return undated
        plan = replace(plan, undated=undated)
    return plan


def _cue_switches() -> dict[str, bool]:
    """Which of the question cues (index/lang/questions.py CUES) are in force."""
    q = rules().question
    return {"digest": q.digest, "decision": q.decision_type, "amount": q.amount_type, "person": q.person_type,
            "date": q.date_type, "reason": q.reason_type, "cross": q.cross}


def _names_a_meeting(text: str) -> bool:
    return not rules().question.meeting_word or bool(MEETING_WORD_RE.search(text))


def _with_intent(plan: Plan) -> Plan:
    """What the question asks the archive for: a topic's development, a role's assignments, a meeting's
    decisions, or (the default) an answer from the § that hold it."""
    topic = is_timeline_question(plan.topic or plan.question)
    if topic:
        return replace(plan, intent=Intent.TIMELINE, timeline_topic=topic)
    if rules().question.assignments and ASSIGNMENT_RE.search(plan.question):
        role = role_named(plan.question) if rules().question.assignment_roles else ""
        return replace(plan, intent=Intent.ASSIGNMENTS, role=role)
    if "digest" in plan.intents and plan.filters.date_from:
        return replace(plan, intent=Intent.DIGEST)
    return plan


def _year_shifted(question: str, previous: str, context: tuple[Cited, ...]) -> str | None:
    """The previous question with its years moved, when the question asks for the year before or after;
    a previous question without a year takes it from the § its answer cited."""
    step = year_shift(question)
    if not step:
        return None
    shifted = shift_years(previous, step)
    if shifted:
        return shifted
    if context:
        return f"{previous} {int(context[0].date[:4]) + step}"
    return None


def _without_org_words(text: str, organisations: list[str], keep: list[str]) -> str:
    names = org_names([o for o in organisations if o not in keep])
    return " ".join(w for w in text.split() if slug(w).rstrip("s") not in names and slug(w) not in names)


@lru_cache(maxsize=8)
def _name_words(organisations: tuple[str, ...]) -> dict[str, str]:
    """Each word of the organisations' names by its slug, kept while the archive's names stay the same."""
    return {slug(w): w for org in organisations for w in org.split() if len(w) > 2}


def _without_words_of(text: str, organisations: list[str]) -> str:
    """The text without any word of an organisation's name: once a filter, a name is no subject.
    'Kalmarstyrelsens' keeps its second part: 'styrelsens'."""
    names = _name_words(tuple(organisations))
    kept = []
    for word in text.split():
        key = slug(word)
        if key in names or key.rstrip("s") in names:
            continue
        prefix = _org_prefix(key, names)
        kept.append(word[len(prefix):] if prefix else word)
    return " ".join(kept)


def _topic(query: str, organisations: list[str], dates_are_filters: bool) -> str:
    """What a § must be about: the query without the organisation names and dates that became filters
    ('i oktober 2023', 'hösten 2023', 'senaste mötet'). A question that names nothing but its meeting
    ('Vad hände på mötet i december 2025?') keeps its dates: they are all it asks about."""
    topic = _without_words_of(query, organisations)
    if not dates_are_filters or not rules().question.dates_out_of_topic:
        return topic
    undated = without_date_phrases(topic)
    return undated if set(tokenize(undated)) - generic() else topic


def _unknown_org(question: str, organisations: list[str]) -> str | None:
    match = UNKNOWN_ORGANISATION_RE.search(question) if rules().question.unknown_organisation else None
    if match and find_org(match[0], organisations) is None:
        return match[1]
    return None


def with_filters(understood: Plan, filters: Filters) -> Plan:
    """Filters chosen in the UI win over those read from the question."""
    merged = Filters(
        filters.organisation or understood.filters.organisation,
        filters.body or understood.filters.body,
        filters.date_from or understood.filters.date_from,
        filters.date_to or understood.filters.date_to,
    )
    standalone = with_filters(understood.standalone, filters) if understood.standalone else None
    return replace(understood, filters=merged, standalone=standalone)


def is_timeline_question(question: str) -> str | None:
    """The topic when a question asks how a matter developed over time, else None."""
    return timeline_topic(question)
