"""Cited answers without a language model: the protocol's own sentences, each with its §.

`ask` is the one answer path: the command line, the UI and the eval harness all call it. A plain question is
searched under each of its readings (assistant/answer/readings.py); the learned § ranker and answer model
(assistant/answer/learned.py) decide whether the archive answers it and which § to cite, and the sentence
selector which sentences of each to quote; citations are built from stored metadata, so they cannot point
anywhere else than the § the sentence came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import cast

from assistant.answer.features import Candidate, candidates, sentence_features
from assistant.answer.citeset import choose
from assistant.answer.learned import judge, pick_quotes
from assistant.answer.nearmiss import holds_detail
from assistant.answer.readings import searched
from assistant.models import Answer, Citation, Hit, QuoteKind
from assistant.answer.plan import ANSWER_TYPES, Plan
from assistant.answer.retrieve import as_hit, paragraphs_within
from assistant.answer.support import holds, topic_groups
from index.store.catalog import StoredParagraph
from index.parse.extract import decision_type
from index.store.generations import Snapshot
from index.lang.questions import AnswerType, Intent
from index.lang.registry import rules
from index.lang.phrases import ROUTINE_TITLE
from index.lang.questions import ASSIGNMENT_WORDS as ASSIGNMENT_TERMS
from index.lang.tokens import tokenize
from index.lang.periods import without_date_phrases
from index.lang.vocabulary import has_role, organ_named

Special = Callable[[Snapshot, Plan, dict[str, str]], "Answer | None"]
"""An answer for one intent of a plan (a digest, assignments, a timeline), or None to answer it plainly."""

MAX_ASSIGNMENTS = 10
ASSIGNMENT_WORDS = set(tokenize(" ".join(ASSIGNMENT_TERMS)))

FRAMES = {
    "sv": {
        "intro": "Det här står i protokollen:",
        "digest": "Beslut från {meeting}:",
        "none": "Jag hittar inget i arkivet som besvarar frågan.",
        "no_detail": "Protokollen tar upp ämnet, men den uppgift frågan gäller står inte i dem.",
        "closest": "Närmast i arkivet finns: {items}.",
        "unknown_org": "Arkivet innehåller inga protokoll från {org}. Det omfattar: {orgs}.",
        "no_meeting": "Arkivet har inga protokoll från den perioden{scope}. Det finns möten {first}–{last}.",
        "no_decisions": "inga beslut antecknade",
        "filed": "Dessutom lades information till handlingarna i {items}.",
        "timeline": "Så har frågan utvecklats, i datumordning:",
        "assignments": "Uppdrag i protokollen, senaste först:",
    },
    "en": {
        "intro": "According to the minutes (quoted in Swedish):",
        "digest": "Decisions of {meeting} (quoted in Swedish):",
        "none": "I cannot find anything in the archive that answers this question.",
        "no_detail": "The minutes cover the topic, but not the detail the question asks for.",
        "closest": "The closest material in the archive: {items}.",
        "unknown_org": "The archive has no minutes from {org}. It covers: {orgs}.",
        "no_meeting": "The archive has no minutes from that period{scope}. Meetings range from {first} to {last}.",
        "no_decisions": "no decisions recorded",
        "filed": "Information was also placed on file in {items}.",
        "timeline": "How the matter developed, in date order (quoted in Swedish):",
        "assignments": "Assignments in the minutes, newest first (quoted in Swedish):",
    },
}

# What a quote is, named in the answer's language (`quote_kind`); '' is a sentence that holds none of the kinds.
KINDS = {
    "sv": {"decision": "Beslut", "proposal": "Förslag", "rejected": "Avslag", "postponed": "Bordlagt",
           "information": "Information", "amount": "Belopp", "person": "Person", "date": "Datum", "reason": "Skäl",
           "": "Sammanhang"},
    "en": {"decision": "Decision", "proposal": "Proposal", "rejected": "Rejection", "postponed": "Postponed",
           "information": "Information", "amount": "Amount", "person": "Person", "date": "Date", "reason": "Reason",
           "": "Context"},
}


def extractive(store: Snapshot, plan: Plan, meetings: list[dict], special: dict[Intent, Special]) -> tuple[Answer, list[Hit]]:
    """The answer without a model, and the § it was built from (none for refusals, digests, timelines)."""
    final: tuple[Answer, list[Hit]] | None = None
    for step in extractive_steps(store, plan, meetings, special):
        if not isinstance(step, str):
            final = step
    assert final is not None  # the steps always end with the answer
    return final


def extractive_steps(store: Snapshot, plan: Plan, meetings: list[dict],
                     special: dict[Intent, Special]) -> Iterator[str | tuple[Answer, list[Hit]]]:
    """The answer without a model as it is composed: the text so far after each cited § (str), then the answer
    and the § it was built from (none for refusals, digests, timelines). Dispatches on the plan's intent; each
    special intent falls back to a plain answer when it finds nothing."""
    frame = FRAMES[plan.language]
    refusal = _out_of_scope(plan, meetings, frame)
    if refusal:
        yield _abstain(plan, refusal), []
        return
    handlers: dict[Intent, Special] = {Intent.ASSIGNMENTS: _assignments, Intent.DIGEST: _digest, **special}
    handler = handlers.get(Intent.DIGEST if asks_meeting_decisions(store, plan) else plan.intent)
    if handler:
        answer = handler(store, plan, frame)
        if answer:
            yield answer, []
            return
    judged = judge(candidates(store, plan))
    across = bool({"cross", "across_meetings"} & plan.intents)
    chosen = choose(judged)
    if chosen and not across and not holds_detail(store, chosen[0]):  # the topic's §, without the asked detail
        yield _abstain(_refused(plan), frame["no_detail"]), []
        return
    if not chosen:
        refused = _refused(plan)
        if refused.no_meeting_in_range:
            yield _abstain(refused, _no_meeting(refused, meetings, frame)), []
            return
        closest = "; ".join(f"{c.hit.title} ({c.hit.organisation}, {c.hit.body} {c.hit.date})" for c in judged[:2])
        text = frame["none"] + (" " + frame["closest"].format(items=closest) if closest else "")
        yield _abstain(refused, text), []
        return
    lines, citations = [frame["intro"]], []
    for item in chosen:
        quotes = quotes_of(store, item, alone=len(chosen) == 1)
        kinds = [quote_kind(q, plan.answer_type, item.hit.decisions) for q in quotes]
        citation = Citation.of(item.hit, quotes, kinds)
        citations.append(citation)
        lines += quote_lines(citation, plan.language)
        yield "\n".join(lines)
    used = chosen[0].reading  # the reading the answer rests on: its query and the filters it searched are reported
    answer = Answer(plan.question, "\n".join(lines), False, citations, plan.language, used.plan.query, searched(used))
    yield answer, [item.hit for item in chosen]


def quote_kind(sentence: str, asked: AnswerType | None, decisions: list[str]) -> QuoteKind:
    """What a quoted sentence is: the kind of answer the question asked for when the sentence holds it, else the
    § decision when it is one, else the first kind it holds (ANSWER_TYPES, most specific first); '' for none.
    The kinds are those the sentences were picked by (assistant/answer/support.py `holds`); a decision is told apart
    as indexing types it (a proposal, a rejection, a postponement, information filed: index/parse/extract.py)."""
    kind = next((k for k in dict.fromkeys(filter(None, (asked, AnswerType.DECISION, *ANSWER_TYPES)))
                 if holds(sentence, k, decisions)), None)
    if kind is None:
        return ""
    return decision_type(sentence) if kind == AnswerType.DECISION else cast(QuoteKind, str(kind))


def quote_lines(citation: Citation, language: str) -> list[str]:
    """One bullet per cited §: its title, which often carries the fact itself ('AU tillsammans med insatspersonal
    den 22/5'), and its citation, once; under it one line per quoted sentence, named by what it is ('Beslut',
    'Amount'), in quotation marks as the protocol writes it: Swedish, never translated."""
    names = KINDS[language]
    quotes = [(q, k) for q, k in zip(citation.quotes, citation.kinds or [""] * len(citation.quotes)) if q != citation.title]
    if not rules().answer.title_line:
        return ["- " + " ".join(f'"{q}"' for q, _ in quotes) + f" {citation.label()}"]
    return [heading(citation), *(f'  - {names[k]}: "{q}"' for q, k in quotes)]


def heading(citation: Citation) -> str:
    """The bullet of a cited § in an answer: its title in quotation marks, then its citation."""
    if citation.title and citation.paragraph_label:
        return f'- "{citation.title}" {citation.label()}'
    return f"- {citation.label()}"  # a § without a number is cited by its title already


def quotes_of(store: Snapshot, item: Candidate, alone: bool) -> list[str]:
    """The sentences of a cited § to quote: those the sentence selector finds most probable to hold the asked-for
    fact, then the § decision when it is not among them (whatever was asked about a §, what the organ decided is
    part of it); the title when the § has no sentence."""
    pool = item.sentences
    quotes = pick_quotes(sentence_features(store, item), pool, alone=alone)
    if not quotes:
        return [item.hit.title]
    decision = next((s for s in pool if holds(s, AnswerType.DECISION, item.hit.decisions)), None)
    if decision is not None and decision not in quotes and rules().answer.decision_closes:
        quotes.append(decision)
    return quotes


def _assignments(store: Snapshot, plan: Plan, frame: dict[str, str]) -> Answer | None:
    """'Vilka uppdrag har förbundschefen fått?': the assignments extracted at indexing (index/parse/extract.py),
    newest first, for whoever the question names. Only for questions about assignments in general;
    a question with a subject of its own goes through retrieval."""
    subject = [g for g in topic_groups(plan.topic, store.lexical, plan.language == "en")
               if not (rules().answer.assignment_words and g & ASSIGNMENT_WORDS)]
    if subject:
        return None
    role = plan.role
    found = [(p, a) for p in paragraphs_within(store, plan.filters)
             for a in p.extract.assignments if not role or has_role(a.who, role)]
    if not found:
        return None
    found.sort(key=lambda item: (item[0].date, -item[0].ordinal), reverse=True)
    lines, citations = [frame["assignments"]], {}
    for p, item in found[:MAX_ASSIGNMENTS]:  # one § after the other: its citation once, then whose each assignment is
        if p.id not in citations:
            citations[p.id] = Citation.of(as_hit(p))
            lines.append(heading(citations[p.id]))
        citations[p.id].quotes.append(item.text)
        citations[p.id].kinds.append(quote_kind(item.text, None, p.decisions))
        lines.append(f"  - {item.who}: \"{item.text}\"")
    return Answer(plan.question, "\n".join(lines), False, list(citations.values()), plan.language,
                  plan.query, plan.filters, mode="assignments")


def _digest(store: Snapshot, plan: Plan, frame: dict[str, str]) -> Answer | None:
    """The decisions of the meeting(s) the question names, in § order: what was decided, proposed,
    rejected or postponed, each cited. Formalities (agenda, adjusters) are left out and the § that
    only filed information are named on one line; a meeting that only filed information lists those."""
    routine = rules().answer.routine_left_out
    rows = [p for p in paragraphs_within(store, plan.filters) if p.decisions and not (routine and ROUTINE_TITLE.search(p.title))]
    if not rows:
        return None
    lines, citations = [], []
    for meeting in sorted({(p.organisation, p.body, p.date) for p in rows}):
        own = [p for p in rows if (p.organisation, p.body, p.date) == meeting]
        decided = [p for p in own if _decides(p) or not rules().answer.filed_apart]
        lines.append(frame["digest"].format(meeting=f"{meeting[0]}, {meeting[1]} {meeting[2]}"))
        for p in decided or own:
            citation = Citation.of(as_hit(p), p.decisions, [quote_kind(d, AnswerType.DECISION, p.decisions) for d in p.decisions])
            citations.append(citation)
            lines += quote_lines(citation, plan.language)
        filed = [p for p in own if p not in decided]
        if decided and filed:
            lines.append(frame["filed"].format(items=", ".join(f"§ {p.label}" if p.label else p.title for p in filed)))
    return Answer(plan.question, "\n".join(lines), False, citations, plan.language, plan.query,
                  plan.filters, mode="digest")


def asks_meeting_decisions(store: Snapshot, plan: Plan) -> bool:
    """'Vad beslutade kyrkorådet på sammanträdet 2024-05-14?', 'What did the board decide on 26 November 2024?': a
    question about decisions, dated to meetings the archive holds, whose words name nothing but the deciding, the
    organ and the meeting, asks for those meetings' decisions (a digest), not for one § about a subject."""
    if plan.intent != Intent.ANSWER or plan.answer_type != AnswerType.DECISION or not plan.filters.date_from \
            or plan.no_meeting_in_range or plan.follow_up or not rules().answer.decisions_of_meeting:
        return False
    words = [w for w in without_date_phrases(plan.topic).split() if not organ_named(w, english=True)]
    return not topic_groups(" ".join(words), store.lexical, plan.language == "en")


def _decides(p: StoredParagraph) -> bool:
    """More than filing information: a decision, a proposal, a rejection or a postponement."""
    types = [d.type for d in p.extract.decisions]
    return not types or any(t != "information" for t in types)


def _out_of_scope(plan: Plan, meetings: list[dict], frame: dict[str, str]) -> str | None:
    """A förbund or a period the archive does not cover is answered as such, before any search."""
    if not meetings:
        return frame["none"]
    if plan.unknown_org:
        return frame["unknown_org"].format(org=plan.unknown_org, orgs=", ".join(sorted({m["organisation"] for m in meetings})))
    return None


def _no_meeting(plan: Plan, meetings: list[dict], frame: dict[str, str]) -> str:
    dates = sorted(m["date"] for m in meetings if m["date"]) or ["?"]
    scope = f" ({plan.filters.organisation})" if plan.filters.organisation else ""
    return frame["no_meeting"].format(scope=scope, first=dates[0], last=dates[-1])


def _refused(plan: Plan) -> Plan:
    """The plan a refusal is reported under: a question that was a follow-up only by being short and that no
    reading answers is refused as the question on its own, without the earlier turn's limits (the user asked
    something new, and the limits shown beside the refusal should not say otherwise)."""
    return plan.standalone if plan.standalone is not None and rules().answer.standalone_first else plan


def _abstain(plan: Plan, text: str) -> Answer:
    return Answer(plan.question, text, True, [], plan.language, plan.query, plan.filters)
