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

import calendar
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SWEDISH

from assistant.models import Filters
from assistant.answer.support import GENERIC
from index.lang.dates import COMPACT_RE, ISO_RE, MONTHS, WORDS_RE, find_dates
from index.models import slug
from index.lang.tokens import tokenize

EN_WORDS = {"what", "which", "who", "whom", "how", "when", "did", "does", "do", "the", "about", "decide", "decided",
            "is", "was", "were", "of", "for", "and", "any", "much", "many", "board", "meeting", "there", "has", "have", "get"}
SV_WORDS = {"vad", "vilka", "vilken", "vem", "hur", "när", "om", "och", "det", "är", "var", "beslutade", "styrelsen",
            "mötet", "för", "har", "finns", "fick", "blev", "ska", "de", "kring", "från", "med"}

INTENTS = {
    "digest": re.compile(r"\b(vilka beslut (fattades|fattade|togs|tog)|alla beslut|what decisions were (made|taken)|list (all )?(the )?decisions"
                         r"|which decisions|summari[sz]e the decisions?( items)?)\b", re.I),
    "decision": re.compile(r"\b(beslut\w*|beslöt|bestämde|godkände|decid\w*|decision\w*|agree\w*|approv\w*|resolv\w*|propos\w*|föreslog|föreslår)\b", re.I),
    "amount": re.compile(r"\b(hur (mycket|många|stor)|belopp\w*|kronor|summan?|summor|budget\w*|kostnad\w*|how (much|many|large)|amount\w*|sum|cost\w*|procent|percent\w*)\b", re.I),
    "person": re.compile(r"\b(vem|vilka personer|vilken person|who|whom|representera\w*|ombud)\b", re.I),
    "date": re.compile(r"\b(när|vilket datum|vilken dag|when|what date|which date|what day)\b", re.I),
    "reason": re.compile(r"\b(varför|av vilken anledning|anledning\w*|skäl\w*|why|what was the reason|for what reason|reasons?)\b", re.I),
    # Across organisations: 'vilka förbund', or a plural definite that means all of them ('förbunden', 'the boards').
    "cross": re.compile(r"\b(vilka förbund|varje förbund|alla förbund|respektive förbund|förbunden|styrelserna|samordningsförbunden"
                        r"|each (förbund|association|board)|which (förbund|associations|boards)|all (förbund|associations|boards)"
                        r"|the (associations|boards|förbund))\b", re.I),
}
# What kind of sentence answers the question, most specific first (assistant/answer/support.py `holds`).
ANSWER_TYPES = ("amount", "person", "date", "reason", "decision")
ASSIGNMENT_RE = re.compile(r"\b(uppdrag(en)?|assignments?|tasks?|asked to do)\b", re.I)
ROLES = [(re.compile(r"förbundschef|director|manager", re.I), "förbundschef"),
         (re.compile(r"ordförande|chair", re.I), "ordförande")]
# 'Och året innan?': the same question a year earlier (-1) or later (+1).
YEAR_SHIFT = [(re.compile(r"\b(året (innan|före)|föregående år|året dessförinnan|the year before|the previous year|a year (earlier|before))\b", re.I), -1),
              (re.compile(r"\b(året (efter|därpå)|följande år|the year after|the following year|a year later)\b", re.I), 1)]
FOLLOW_UP_RE = re.compile(
    r"^(och|men|samma|what about|and|how about|also)\b"
    r"|\b(det|detta|dessa|dem|de|den|dess|deras|han|hon|dit|där|that|this|these|it|its|they|them|their|those|same|he|she|there)\b", re.I)
SHORT_FOLLOW_UP_WORDS = 6
LATEST_RE = re.compile(r"\b(senaste|sista|förra|latest|last|most recent|previous)\b\s*(mötet|möte|sammanträdet|styrelsemötet|meeting)?", re.I)
BODY_CUES = [
    (re.compile(r"\b(arbetsutskott\w*|au|working committee|executive committee)\b", re.I), "arbetsutskottet"),
    (re.compile(r"\b(styrelse\w*|the board|board meeting|board)\b", re.I), "styrelsen"),
]
# A year the question names: read both as its meeting's year and as what a § talks about ('medel för 2026',
# decided in 2025); the answer model picks the reading the archive backs (assistant/answer/readings.py).
YEAR_RE = re.compile(r"\b(20\d{2})\b")
MONTH_RE = re.compile(rf"\b({'|'.join(MONTHS)})(?:mötet|möte|sammanträdet)?\s+(20\d{{2}})\b", re.I)  # 'septembermötet 2025' too
UNKNOWN_ORG_RE = re.compile(r"\b(?i:samordningsförbundet|förbundet|finsamförbundet|coordination association)\s+(?:i\s+|in\s+)?([A-ZÅÄÖ][\wåäö-]+)")
POSSESSIVE_RE = re.compile(r"(\w)['’]s\b")
MEETING_WORD_RE = re.compile(r"(möte[nt]?|mötena|sammanträde[nt]?|protokoll\w*)\b|\b(meetings?|minutes)\b", re.I)
CITATION_RE = re.compile(r"\(([^()]+?), (\w+) (\d{4}-\d{2}-\d{2}), § (\d+)\)")


@dataclass
class Plan:
    """Everything the answer code needs to know about a question; it dispatches on `intent`."""

    question: str  # the question as asked
    query: str  # the text to retrieve with (follow-ups resolved)
    language: str
    topic: str = ""  # the query without the organisation names that became filters
    intent: str = "answer"  # "answer", "digest" (a meeting's decisions), "assignments", "timeline"
    answer_type: str = ""  # one of ANSWER_TYPES, or "" when the question asks for no particular kind
    intents: set[str] = field(default_factory=set)  # every cue found ('decision', 'amount', 'cross', ...)
    filters: Filters = field(default_factory=Filters)
    unknown_org: str | None = None  # an organisation named in the question that the archive lacks
    no_meeting_in_range: bool = False  # the question names a meeting's dates and no meeting falls in them
    mentions: tuple[str, ...] = ()  # dates read as what a § talks about: a backing § must write one of these
    context: list[tuple[str, int]] = field(default_factory=list)  # (date, §) cited in the previous answer
    compared: list[str] = field(default_factory=list)  # two or more organisations the question names: searched each
    timeline_topic: str = ""  # for intent "timeline": the matter followed over time
    role: str = ""  # for intent "assignments": whose assignments ('förbundschef'), or all
    follow_up: bool = False  # read as continuing the previous turn
    # A follow-up only by being short ('Vem valdes till justerare?') may be a new question: the reading
    # of it on its own, with the same context.
    standalone: "Plan | None" = None
    # The other reading of the question's dates: a meeting a § talks about, not a meeting of the archive.
    undated: "Plan | None" = None


# Function words of each language (bm25s's stop-word lists and a few question words), without the
# words both languages write ('i', 'under', 'man'): what a question is written in, whatever names it holds.
EN_MARKERS = (set(STOPWORDS_EN_PLUS) | EN_WORDS) - set(STOPWORDS_SWEDISH) - SV_WORDS
SV_MARKERS = (set(STOPWORDS_SWEDISH) | SV_WORDS) - set(STOPWORDS_EN_PLUS) - EN_WORDS


def language(text: str) -> str:
    """'en' or 'sv'. Letters å, ä, ö count for Swedish only when few English words say otherwise:
    'Why did RAR Sörmland end 2025 with a surplus?' is English."""
    words = re.findall(r"[a-zåäö]+", text.lower())
    english = sum(w in EN_MARKERS for w in words)
    swedish = sum(w in SV_MARKERS for w in words) + 2 * bool(re.search(r"[åäö]", text.lower())) * (english < 2)
    return "en" if english > swedish else "sv"


def org_names(organisations: list[str]) -> dict[str, str]:
    """Distinctive words of each organisation ('Kalmar', 'Östergötland', 'Sörmland', 'RAR') -> its full name."""
    generic = {"samordningsforbundet", "i", "lan", "finsamforbundet", "samordningsforbund", "ostra", "norra", "sodra", "vastra"}
    names: dict[str, str] = {}
    for org in organisations:
        for word in org.split():
            key = slug(word)
            if key not in generic and len(key) >= 3:
                names[key] = org
    return names


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
    for pattern, name in BODY_CUES:
        if pattern.search(text):
            return name
    return None


def date_range(text: str, meeting_dates: list[str]) -> tuple[str | None, str | None]:
    """Dates the question restricts meetings to: an exact date, a month, a year after 'i/in', or the latest meeting."""
    exact = [d for d in find_dates(text) if d.value.year >= 2000]
    if exact:
        day = exact[0].value.isoformat()
        return day, day
    month = MONTH_RE.search(text)
    if month:
        year, number = int(month[2]), MONTHS[month[1].lower()]
        last = calendar.monthrange(year, number)[1]
        return f"{year}-{number:02d}-01", f"{year}-{number:02d}-{last:02d}"
    year = YEAR_RE.search(text)
    if year and len(set(re.findall(r"\b20\d{2}\b", text))) == 1:  # 'decembermötena 2023 och 2025' span years
        value = year[1]
        return f"{value}-01-01", f"{value}-12-31"
    if LATEST_RE.search(text) and meeting_dates:
        latest = max(meeting_dates)
        return latest, latest
    return None, None


def is_follow_up(question: str) -> bool:
    """Leans on earlier turns: starts like a continuation, points back with a pronoun, or is too short to stand alone."""
    return points_back(question) or len(question.split()) <= SHORT_FOLLOW_UP_WORDS


def points_back(question: str) -> bool:
    """Says outright that it continues ('Och …', 'What about …') or points back with a pronoun ('det', 'they')."""
    return bool(FOLLOW_UP_RE.search(question.strip()))


def understand(question: str, history: list[dict] | None, meetings: list[dict]) -> Plan:
    """The plan of a question; follow-ups inherit the earlier question's context."""
    organisations = sorted({m["organisation"] for m in meetings})
    asked, question = question, POSSESSIVE_RE.sub(r"\1", question)  # "Kalmar's" -> "Kalmar"
    previous = [m["content"] for m in (history or []) if m.get("role") == "user"]
    last_answer = next((m["content"] for m in reversed(history or []) if m.get("role") == "assistant"), "")
    follow_up = bool(previous) and is_follow_up(question)
    context = [(c[2], int(c[3])) for c in CITATION_RE.findall(last_answer)] if follow_up else []
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
    date_from, date_to = date_range(question, scoped)
    if date_from is None and follow_up and not named:
        dated = previous[-1]
        date_from, date_to = date_range(dated, scoped)
    in_range = [d for d in scoped if (not date_from or d >= date_from) and (not date_to or d <= date_to)]
    cues = {name for name, pattern in INTENTS.items() if pattern.search(query if follow_up else question)}
    cues |= {"cross"} if len(named) > 1 else set()
    standalone = None
    if follow_up and not points_back(question):
        standalone = replace(understand(asked, None, meetings), context=context)
    plan = Plan(
        question=asked,
        query=query,
        topic=_topic(query, organisations, dates_are_filters=bool(date_from and in_range)),
        language=language(question),
        intents=cues,
        answer_type=next((t for t in ANSWER_TYPES if t in cues), ""),
        filters=Filters(org, body, date_from, date_to),
        unknown_org=None if named else _unknown_org(question, organisations),
        no_meeting_in_range=bool(date_from) and not in_range,
        context=context,
        follow_up=follow_up,
        standalone=standalone,
        compared=named if len(named) > 1 else [],
    )
    plan = _with_intent(plan)
    if date_from and not LATEST_RE.search(dated) and plan.intent in {"answer", "timeline"}:
        # the other reading: a meeting a § talks about ('the meeting with the auditors on 20 November')
        # ... and with no meeting in range, a refusal names the period only when the question named a meeting
        undated = replace(plan, filters=replace(plan.filters, date_from=None, date_to=None),
                          no_meeting_in_range=plan.no_meeting_in_range and bool(MEETING_WORD_RE.search(dated)),
                          mentions=mentioned_forms(date_from, date_to),
                          topic=_topic(query, organisations, dates_are_filters=True))
        if plan.no_meeting_in_range:
            return undated
        plan = replace(plan, undated=undated)
    return plan


def _with_intent(plan: Plan) -> Plan:
    """What the question asks the archive for: a topic's development, a role's assignments, a meeting's
    decisions, or (the default) an answer from the § that hold it."""
    topic = is_timeline_question(plan.topic or plan.question)
    if topic:
        return replace(plan, intent="timeline", timeline_topic=topic)
    if ASSIGNMENT_RE.search(plan.question):
        role = next((name for pattern, name in ROLES if pattern.search(plan.question)), "")
        return replace(plan, intent="assignments", role=role)
    if "digest" in plan.intents and plan.filters.date_from:
        return replace(plan, intent="digest")
    return plan


def mentioned_forms(date_from: str, date_to: str | None) -> tuple[str, ...]:
    """How a § writes a date the question names: a day ('20 november', '2025-11-20', '20/11'), a month's
    name, or a year."""
    year, month, day = date_from.split("-")
    names = [name for name, number in MONTHS.items() if number == int(month)]
    if date_to == date_from:
        return (date_from, f"{int(day)}/{int(month)}", *(f"{int(day)} {name}" for name in names))
    if date_to and date_to[:7] == date_from[:7]:
        return (date_from[:7], *names)
    return (year,)


def _year_shifted(question: str, previous: str, context: list[tuple[str, int]]) -> str | None:
    """The previous question with its years moved, when the question asks for the year before or after;
    a previous question without a year takes it from the § its answer cited."""
    step = next((s for pattern, s in YEAR_SHIFT if pattern.search(question)), 0)
    if not step:
        return None
    if re.search(r"\b20\d{2}\b", previous):
        return re.sub(r"\b(20\d{2})\b", lambda m: str(int(m[1]) + step), previous)
    if context:
        return f"{previous} {int(context[0][0][:4]) + step}"
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


DATE_PHRASES = [ISO_RE, WORDS_RE, COMPACT_RE, MONTH_RE, YEAR_RE, LATEST_RE]


def _topic(query: str, organisations: list[str], dates_are_filters: bool) -> str:
    """What a § must be about: the query without the organisation names and dates that became filters
    ('i oktober 2023', 'hösten 2023', 'senaste mötet'). A question that names nothing but its meeting
    ('Vad hände på mötet i december 2025?') keeps its dates: they are all it asks about."""
    topic = _without_words_of(query, organisations)
    if not dates_are_filters:
        return topic
    undated = topic
    for pattern in DATE_PHRASES:
        undated = pattern.sub(" ", undated)
    undated = re.sub(r"\s+", " ", undated).strip()
    return undated if set(tokenize(undated)) - GENERIC else topic


def _unknown_org(question: str, organisations: list[str]) -> str | None:
    match = UNKNOWN_ORG_RE.search(question)
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


# --- a topic over time --------------------------------------------------------------
_TOPIC = r"(?P<topic>.+?)"
TIMELINE_QUESTIONS = [re.compile(p, re.IGNORECASE) for p in (
    rf"\bhur har (?:(?:frågan|ärendet|diskussionen|arbetet|beslutet|besluten)\s+)?(?:(?:om|kring|med|gällande)\s+)?{_TOPIC}\s+(?:utvecklats|förändrats|ändrats|utvecklat sig)\b",
    rf"\bvad har (?:hänt|beslutats|sagts|gjorts)\s+(?:med|om|kring|gällande|i frågan om)\s+{_TOPIC}\s+(?:över tid|genom åren|hittills|de senaste åren|sedan\b.*)\s*[?.!]*$",
    rf"\b(?:tidslinje|historik|historiken|utvecklingen)\s+(?:för|om|kring|av|över|i frågan om)\s+{_TOPIC}\s*[?.!]*$",
    rf"\bhow (?:has|have|did) (?:the (?:question|issue|matter|discussion) of )?{_TOPIC}\s+(?:evolved|developed|changed|progressed|evolve|develop|change|progress)\b",
    rf"\bwhat (?:has|have) (?:been decided|happened|been said)\s+(?:about|on|with|regarding)\s+{_TOPIC}\s+(?:over time|over the years|so far)\s*[?.!]*$",
    rf"\b(?:timeline|history)\s+(?:of|for|on|about)\s+{_TOPIC}\s*[?.!]*$",
)]


def is_timeline_question(question: str) -> str | None:
    """The topic when a question asks how a matter developed over time, else None.
    'Hur har frågan om medelstilldelning utvecklats?' -> 'medelstilldelning'."""
    for pattern in TIMELINE_QUESTIONS:
        match = pattern.search(question.strip())
        if match:
            topic = re.sub(r"^(?:frågan om|the|den|det)\s+", "", match["topic"].strip(" ?.!,\"'"), flags=re.IGNORECASE)
            return topic or None
    return None
