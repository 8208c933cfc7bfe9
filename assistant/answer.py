"""Cited answers without a language model: the protocol's own sentences, each with its §.

`ask` is the one answer path: the command line, the UI and the eval harness all
call it. It understands the question, retrieves, decides whether the archive
supports an answer at all, and composes the answer from quoted sentences;
citations are built from stored metadata, so they cannot point anywhere else
than the § the sentence came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from assistant.brief import ROUTINE_TITLE
from assistant.engine import open_llm
from assistant.generate import condense_question, stream_answer
from assistant.glossary import to_swedish_terms
from assistant.models import Answer, Citation, Filters, Hit
from assistant.question import Understood, understand, with_filters
from assistant.retrieve import as_hit, paragraphs_within, search
from assistant.settings import Settings
from assistant.support import coverage, supporting, topic_groups
from assistant.timeline import is_timeline_question, timeline
from index.catalog import StoredParagraph
from index.decisions import quotable
from index.lexical import LexicalIndex
from index.store import Store
from index.tokens import tokenize

K = 8
MAX_SOURCES = 3
MAX_CROSS_SOURCES = 6
MAX_SENTENCES = 2  # per § when several § answer; one § alone may give one more
NUMBER_WORDS = r"två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton|tjugo|trettio|fyrtio|femtio|hundra"
AMOUNT_RE = re.compile(rf"(\d[\d .,]*|\b(?:{NUMBER_WORDS}))\s*(kr|kronor|tkr|mkr|miljon\w*|%|procent|deltagare|personer|individer)\b", re.I)
RESTATES_TITLE = 0.8
MAX_ASSIGNMENTS = 10
ASSIGNMENT_RE = re.compile(r"\b(uppdrag(en)?|assignments?|tasks?|asked to do)\b", re.I)
ASSIGNMENT_WORDS = set(tokenize("uppdrag uppdragen fått fick har givits assignment assignments task tasks given förbundschefen "
                                "förbundschef ordföranden ordförande director chair manager"))
ROLES = [(re.compile(r"förbundschef|director|manager", re.I), "förbundschef"),
         (re.compile(r"ordförande|chair", re.I), "ordförande")]
NEAR_TOP = 0.8  # a further § is used when it covers the question, and matches it in BM25, nearly as well as the best one

FRAMES = {
    "sv": {
        "intro": "Det här står i protokollen:",
        "digest": "Beslut från {meeting}:",
        "none": "Jag hittar inget i arkivet som besvarar frågan.",
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
        "closest": "The closest material in the archive: {items}.",
        "unknown_org": "The archive has no minutes from {org}. It covers: {orgs}.",
        "no_meeting": "The archive has no minutes from that period{scope}. Meetings range from {first} to {last}.",
        "no_decisions": "no decisions recorded",
        "filed": "Information was also placed on file in {items}.",
        "timeline": "How the matter developed, in date order (quoted in Swedish):",
        "assignments": "Assignments in the minutes, newest first (quoted in Swedish):",
    },
}


def ask(store: Store, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
        settings: Settings | None = None) -> Answer:
    """Answer a question from the archive, citing every § used, or say that the archive has no answer."""
    answer = None
    for item in ask_stream(store, question, history, filters, settings):
        answer = item
    assert isinstance(answer, Answer)
    return answer


def ask_stream(store: Store, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
               settings: Settings | None = None) -> Iterator[str | Answer]:
    """The one answer path. Without a language model it yields one extractive Answer; with one
    (settings.llm) it yields the model's unchecked text as str chunks, then the checked Answer."""
    llm = open_llm(settings) if settings else None
    meetings = store.meetings
    understood = understand(question, history, meetings)
    if llm is not None and history:
        # The model's rewrite is one more reading, tried first and used only when a § backs it:
        # a small model's rewrite can be its own instructions echoed, or a different question.
        standalone = condense_question(history, question, llm)
        if standalone != question:
            rewritten = replace(understand(standalone, None, meetings), question=question, context=understood.context)
            understood = replace(understood, standalone=rewritten)
    understood = with_filters(understood, filters)
    extractive, chosen = _extractive(store, understood, meetings)
    if llm is None or not chosen:
        yield extractive
        return
    yield from stream_answer(understood.question, understood.language, chosen, llm, extractive)


def _extractive(store: Store, understood: Understood, meetings: list[dict]) -> tuple[Answer, list[Hit]]:
    """The answer without a model, and the § it was built from (none for refusals, digests, timelines)."""
    frame = FRAMES[understood.language]
    refusal = _out_of_scope(understood, meetings, frame)
    if refusal:
        return _abstain(understood, refusal), []
    timeline_answer = _timeline(store, understood, frame)
    if timeline_answer:
        return timeline_answer, []
    assignments = _assignments(store, understood, frame)
    if assignments:
        return assignments, []
    if "digest" in understood.intents and understood.filters.date_from:
        digest = _digest(store, understood, frame)
        if digest:
            return digest, []
    understood, hits, backing = _reading(store, understood)
    if not backing:
        if understood.no_meeting_in_range:
            return _abstain(understood, _no_meeting(understood, meetings, frame)), []
        closest = "; ".join(f"{h.title} ({h.organisation}, {h.body} {h.date})" for h in hits[:2])
        text = frame["none"] + (" " + frame["closest"].format(items=closest) if closest else "")
        return _abstain(understood, text), []
    chosen = _select(backing, understood)
    lines, citations = [], []
    for hit in chosen:
        quotes = pick_sentences(hit, understood, store.lexical, MAX_SENTENCES + (len(chosen) == 1))
        citation = Citation.of(hit, quotes)
        citations.append(citation)
        lines += quote_lines(hit.title, quotes, citation.label())
    answer = Answer(understood.question, "\n".join([frame["intro"], *lines]), False, citations,
                    understood.language, understood.query, understood.filters)
    return answer, chosen


def quote_lines(title: str, quotes: list[str], label: str) -> list[str]:
    """One line per cited §: its title, which often carries the fact itself ('AU tillsammans med insatspersonal
    den 22/5'), the quoted sentences, then its citation once (not once per sentence)."""
    head = f"{title}: " if title and quotes and quotes[0] != title else ""
    return [f"- {head}" + " ".join(f'"{q}"' for q in quotes) + f" {label}"]


def _reading(store: Store, understood: Understood) -> tuple[Understood, list[Hit], list[tuple[Hit, float]]]:
    """A question that is a follow-up only by being short ('Vem valdes till justerare?') is read on its
    own first; when nothing backs that reading, it continues the earlier question."""
    if understood.standalone is not None:
        alone, hits, backing = _retrieve(store, understood.standalone)
        if backing:
            return alone, hits, backing
    return _retrieve(store, understood)


def _retrieve(store: Store, understood: Understood) -> tuple[Understood, list[Hit], list[tuple[Hit, float]]]:
    """Search within the question's filters; return the filters searched, the hits and those that support an answer.

    An organ named in passing ('styrelsen') is a preference: when nothing in that organ supports
    an answer, the other organs are searched too. Dates that match no meeting and name none are the
    topic ('medlen för januari 2026'): only § that mention that year back an answer.
    """
    f = understood.filters
    if understood.no_meeting_in_range:
        return understood, [], []
    hits = _search(store, understood, f)
    backing = _backing(store, understood, hits)
    if f.body and not backing:
        wider = replace(understood, filters=replace(f, body=None))
        wider_hits = _search(store, understood, wider.filters)
        wider_backing = _backing(store, understood, wider_hits)
        if wider_backing:
            return wider, wider_hits, wider_backing
    return understood, hits, backing


def _search(store: Store, understood: Understood, filters: Filters) -> list[Hit]:
    """The hybrid search; a question that compares organisations searches each of them."""
    if not understood.compared:
        return search(store, understood.query, K, filters)
    per_org = [search(store, understood.query, K, replace(filters, organisation=org)) for org in understood.compared]
    return sorted((h for hits in per_org for h in hits), key=lambda h: -h.score)


def _backing(store: Store, understood: Understood, hits: list[Hit]) -> list[tuple[Hit, float]]:
    backing = supporting(understood.topic, hits, store.lexical, understood.language == "en")
    if understood.topic_year:
        backing = [(h, c) for h, c in backing if understood.topic_year in f"{h.title} {h.text}"]
    return _prefer_context(understood, backing)


def _prefer_context(understood: Understood, backing: list[tuple[Hit, float]]) -> list[tuple[Hit, float]]:
    """A follow-up is first about the § the previous answer cited."""
    wanted = set(understood.context)
    return sorted(backing, key=lambda item: (item[0].date, item[0].paragraph) not in wanted)


def _select(backing: list[tuple[Hit, float]], understood: Understood) -> list[Hit]:
    """The best § and those that cover the question nearly as well; for questions across
    meetings, the best § of each meeting."""
    if "cross" in understood.intents:
        per_meeting: dict[tuple[str, str, str], Hit] = {}
        for hit, _ in backing:
            per_meeting.setdefault((hit.organisation, hit.body, hit.date), hit)
        return list(per_meeting.values())[:MAX_CROSS_SOURCES]
    best = max(share for _, share in backing)
    first = backing[0][0]
    chosen = [first] + [h for h, share in backing[1:]
                        if share >= NEAR_TOP * best and share > 0 and h.lexical >= NEAR_TOP * first.lexical]
    return chosen[:MAX_SOURCES]


def pick_sentences(hit: Hit, understood: Understood, lexical: LexicalIndex, limit: int = MAX_SENTENCES) -> list[str]:
    """The § sentences that answer the question: decisions first when a decision is asked for,
    sentences holding amounts, names or dates when those are asked for; ranked by how much of
    the question's subject each holds. The § decision closes the answer when it is not in it
    yet: whatever was asked about a §, what the organ decided is part of the answer."""
    pool = quotable(hit.text)
    if not pool:
        return [hit.title]
    english = understood.language == "en"
    decisions = set(hit.decisions)
    title = hit.title

    def rank(sentence: str) -> float:
        score = coverage(understood.topic, sentence, lexical, english)
        if AMOUNT_RE.search(sentence):
            score += 0.3  # amounts carry facts
        if coverage(sentence, title, lexical) >= RESTATES_TITLE:
            score -= 0.3  # 'Delårsrapport 2023 har varit utsänd.' only restates the heading
        if "decision" in understood.intents and any(sentence in d or d in sentence for d in decisions):
            score += 1.0
        if "number" in understood.intents and AMOUNT_RE.search(sentence):
            score += 1.5  # the asked-for amount outranks sentences that merely name the subject
        if "who" in understood.intents and re.search(r"\b[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ][a-zåäö]+", sentence):
            score += 0.4
        if "when" in understood.intents and re.search(r"\d{1,2} (jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)|\d{4}-\d\d-\d\d", sentence):
            score += 0.4
        return score

    scores = [rank(s) for s in pool]
    ranked = [i for i in sorted(range(len(pool)), key=lambda i: (-scores[i], i))[:limit] if scores[i] > 0] or [0]
    decision = next((i for i, s in enumerate(pool) if any(s in d or d in s for d in decisions)), None)
    if decision is not None and decision not in ranked:
        ranked.append(decision)
    return [pool[i] for i in sorted(ranked)]


def _timeline(store: Store, understood: Understood, frame: dict[str, str]) -> Answer | None:
    """'Hur har frågan om X utvecklats?': every § on the topic in date order (assistant/timeline.py)."""
    topic = is_timeline_question(understood.topic or understood.question)
    if not topic:
        return None
    entries = timeline(store, f"{topic} {to_swedish_terms(topic)}".strip(), understood.filters.organisation)
    if not entries:
        return None
    lines = [f"- {e.date}: \"{e.text}\" {e.citation.label()}" for e in entries]
    return Answer(understood.question, "\n".join([frame["timeline"], *lines]), False, [e.citation for e in entries],
                  understood.language, understood.query, understood.filters, mode="timeline")


def _assignments(store: Store, understood: Understood, frame: dict[str, str]) -> Answer | None:
    """'Vilka uppdrag har förbundschefen fått?': the assignments extracted at indexing (index/extract.py),
    newest first, for whoever the question names. Only for questions about assignments in general;
    a question with a subject of its own goes through retrieval."""
    if not ASSIGNMENT_RE.search(understood.question):
        return None
    subject = [g for g in topic_groups(understood.topic, store.lexical, understood.language == "en")
               if not g & ASSIGNMENT_WORDS]
    if subject:
        return None
    role = next((name for pattern, name in ROLES if pattern.search(understood.question)), None)
    found = [(p, a) for p in paragraphs_within(store, understood.filters)
             for a in p.extract.get("assignments", []) if not role or role in a.get("who", "").lower()]
    if not found:
        return None
    found.sort(key=lambda item: (item[0].date, -item[0].number), reverse=True)
    lines, citations = [frame["assignments"]], {}
    for p, item in found[:MAX_ASSIGNMENTS]:
        citation = citations.setdefault(p.id, Citation.of(as_hit(p)))
        citation.quotes.append(item["text"])
        lines.append(f"- {item['who']}: \"{item['text']}\" {citation.label()}")
    return Answer(understood.question, "\n".join(lines), False, list(citations.values()), understood.language,
                  understood.query, understood.filters, mode="assignments")


def _digest(store: Store, understood: Understood, frame: dict[str, str]) -> Answer | None:
    """The decisions of the meeting(s) the question names, in § order: what was decided, proposed,
    rejected or postponed, each cited. Formalities (agenda, adjusters) are left out and the § that
    only filed information are named on one line; a meeting that only filed information lists those."""
    rows = [p for p in paragraphs_within(store, understood.filters) if p.decisions and not ROUTINE_TITLE.search(p.title)]
    if not rows:
        return None
    lines, citations = [], []
    for meeting in sorted({(p.organisation, p.body, p.date) for p in rows}):
        own = [p for p in rows if (p.organisation, p.body, p.date) == meeting]
        decided = [p for p in own if _decides(p)]
        lines.append(frame["digest"].format(meeting=f"{meeting[0]}, {meeting[1]} {meeting[2]}"))
        for p in decided or own:
            citation = Citation.of(as_hit(p), p.decisions)
            citations.append(citation)
            lines.append(f"- § {p.number} {p.title}: " + " ".join(f"\"{d}\"" for d in p.decisions) + f" {citation.label()}")
        filed = [p for p in own if p not in decided]
        if decided and filed:
            lines.append(frame["filed"].format(items=", ".join(f"§ {p.number}" for p in filed)))
    return Answer(understood.question, "\n".join(lines), False, citations, understood.language, understood.query,
                  understood.filters, mode="digest")


def _decides(p: StoredParagraph) -> bool:
    """More than filing information: a decision, a proposal, a rejection or a postponement."""
    types = [d["type"] for d in p.extract.get("decisions", [])]
    return not types or any(t != "information" for t in types)


def _out_of_scope(understood: Understood, meetings: list[dict], frame: dict[str, str]) -> str | None:
    """A förbund or a period the archive does not cover is answered as such, before any search."""
    if not meetings:
        return frame["none"]
    if understood.unknown_org:
        return frame["unknown_org"].format(org=understood.unknown_org, orgs=", ".join(sorted({m["organisation"] for m in meetings})))
    return None


def _no_meeting(understood: Understood, meetings: list[dict], frame: dict[str, str]) -> str:
    dates = sorted(m["date"] for m in meetings if m["date"]) or ["?"]
    scope = f" ({understood.filters.organisation})" if understood.filters.organisation else ""
    return frame["no_meeting"].format(scope=scope, first=dates[0], last=dates[-1])


def _abstain(understood: Understood, text: str) -> Answer:
    return Answer(understood.question, text, True, [], understood.language, understood.query, understood.filters)
