"""What the learned parts of an answer read: named features of each candidate § under each reading of the
question, and of each sentence of a cited §.

Every § a reading retrieves (assistant/answer/readings.py) is one candidate, described by features that do not
drift with the archive's size or wording: ranks and z-scores rather than raw scores, shares of the question's
subject rather than counts, and whether the § satisfies each constraint the question states (its organ, its
dates under that reading, the kind of answer asked for, the § the previous answer cited). The § ranker, the
answer model and the sentence selector (assistant/answer/learned.py) are fitted on these features by
evals/learn/ and read them here at question time, so fitting and answering see the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.plan import ANSWER_TYPES, Plan
from assistant.answer.readings import Reading, readings, retrieve
from assistant.answer.sentences import Background, background, quotable_similarities
from assistant.answer.support import holds, numbers_absent, subject_found, subject_words_found, years_met
from assistant.models import Hit
from index.lang.numbers import number_tokens
from index.lang.phrases import ROUTINE_TITLE
from index.lang.tokens import compound_parts, token_set, tokenize
from index.store.generations import Snapshot

RANK_FEATURES = (
    "dense_z", "dense_rank", "lexical_share", "lexical_rank", "fused_rank", "sentence_z", "sentence_lift",
    "coverage", "missing", "title_coverage", "sentence_coverage", "typed_coverage", "numbers_absent",
    "holds_type", *(f"asks_{t}" for t in ANSWER_TYPES),
    "organ_named", "organ_match", "reading_meeting_date", "reading_subject_date", "date_in_range", "date_mentioned",
    "standalone", "follow_up", "context", "context_meeting", "english", "routine", "length", "subject_size",
    "exact_coverage", "compound_only", "years_named", "years_met", "asks_any_type", "type_missing", "asks_across", "best_of_meeting",
    "dense", "dense_gap", "context_later", "dense_only",
)
SENTENCE_FEATURES = (
    "similarity_z", "similarity_rank", "background_z", "coverage", "holds_type", *(f"holds_{t}" for t in ANSWER_TYPES),
    "first", "position", "length", "numbers_written", "title_share", "english",
)


@dataclass
class Candidate:
    """One § under one reading: its hit, its sentences and their similarity to the question, its features; the
    learned parts fill in its ranker score and the probability that an answer must cite it."""

    hit: Hit
    reading: Reading
    sentences: list[str]
    similarity: np.ndarray  # per sentence
    values: np.ndarray  # in RANK_FEATURES order
    ground: Background  # the question's similarity to the archive at large (this reading's query)
    score: float = 0.0
    probability: float = 0.0
    row: np.ndarray | None = None  # the answer model's features of it (assistant/answer/learned.py ANSWER_FEATURES)
    subject: dict[frozenset[str], float] = field(default_factory=dict)  # the subject words it holds, with their shares


def organs_named(question: str, organs: list[str]) -> set[str]:
    """The archive's organs a question names, by the words of the organ's name compared by stem ('styrelsen',
    'kommunstyrelsens') or by its initials ('KS': kommun + styrelsen; 'AU'). Read from the archive's own organ
    names, so 'Direktionen' or 'Kyrkorådet' need no list."""
    words = set(tokenize(question))
    upper = {w.strip("?.,!:;()") for w in question.split()}
    return {organ for organ in organs if (set(tokenize(organ)) and set(tokenize(organ)) <= words) or initials(organ) in upper}


def initials(organ: str) -> str:
    """'Kommunstyrelsen' -> 'KS', 'Hälso- och sjukvårdsnämnden' -> 'HOSN': the first letter of each word and of
    each part of a closed compound; a one-letter result is no abbreviation ('')."""
    parts: list[str] = []
    for word in organ.lower().replace("-", " ").split():
        parts += compound_parts(word) or [word]
    letters = "".join(p[0] for p in parts if p[:1].isalpha()).upper()
    return letters if len(letters) > 1 else ""


def mentions(text: str, forms: tuple[str, ...]) -> bool:
    """Whether a text writes one of the forms of a date the question names ('2026', '20 november', '2025-11-20'),
    not as a part of a longer number."""
    lowered = text.lower()
    for form in (f.lower() for f in forms):
        start = lowered.find(form)
        while start >= 0:
            before = lowered[start - 1] if start else " "
            end = start + len(form)
            after = lowered[end] if end < len(lowered) else " "
            if not (before.isdigit() or before == "/" or after.isdigit() or after == "/"):
                return True
            start = lowered.find(form, start + 1)
    return False


def reciprocal_ranks(values: list[float]) -> list[float]:
    """1 / rank of each value, the largest ranking 1; a value of 0 or less ranks nowhere (0)."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    out = [0.0] * len(values)
    for rank, i in enumerate(order, start=1):
        out[i] = 1.0 / rank if values[i] > 0 else 0.0
    return out


def paragraph_features(view: Snapshot, reading: Reading, hits: list[Hit], ground: Background,
                       organs: list[str]) -> list[Candidate]:
    """The candidates one reading retrieved, with their features in RANK_FEATURES order."""
    if not hits:
        return []
    plan = reading.plan
    english = plan.language == "en"
    lexical = view.lexical
    named = organs_named(plan.query if reading.follow_up else plan.question, organs)
    dense_rank = reciprocal_ranks([h.dense for h in hits])
    lexical_rank = reciprocal_ranks([h.lexical for h in hits])
    fused_rank = reciprocal_ranks([h.score for h in hits])
    top_lexical = max(h.lexical for h in hits) or 1.0
    context = {c.id for c in plan.context}
    context_meetings = {c.date for c in plan.context}
    last_context = max(context_meetings, default="")
    subject_size = len(set(tokenize(plan.topic)))
    asked = plan.query if reading.follow_up else plan.question
    across = bool({"cross", "across_meetings"} & plan.intents)
    top_dense = max(h.dense for h in hits)
    meeting_best: dict[tuple[str, str], str] = {}
    for hit in sorted(hits, key=lambda h: -h.score):
        meeting_best.setdefault((hit.organisation, hit.date), hit.id)
    out = []
    for i, hit in enumerate(hits):
        pool, sims = quotable_similarities(view, plan.query, hit.id, hit.text)
        whole = f"{hit.title} {hit.text}"
        share, missing = subject_found(plan.topic, whole, lexical, english)
        by_sentence = [subject_found(plan.topic, s, lexical, english)[0] for s in pool]
        typed = [holds(s, plan.answer_type, hit.decisions) for s in pool] if plan.answer_type else []
        exact = subject_found(plan.topic, whole, lexical, english, whole_words=True)[0]
        years = years_met(asked, hit.date, whole)
        in_range = reading.asked_from is not None and reading.asked_from <= hit.date <= (reading.asked_to or hit.date)
        values = [
            ground.z(hit.dense), dense_rank[i], hit.lexical / top_lexical, lexical_rank[i], fused_rank[i],
            ground.z(float(sims.max())) if len(sims) else ground.z(hit.dense),
            float(sims.max() - sims.mean()) if len(sims) else 0.0,
            share, missing, subject_found(plan.topic, hit.title, lexical, english)[0], max(by_sentence, default=0.0),
            max((c for c, t in zip(by_sentence, typed) if t), default=0.0), numbers_absent(plan.topic, whole),
            float(any(typed)), *(float(plan.answer_type == t) for t in ANSWER_TYPES),
            float(bool(named)), float(hit.body in named), float(reading.meeting_date), float(reading.subject_date),
            float(in_range), float(bool(reading.forms) and mentions(whole, reading.forms)),
            float(reading.standalone), float(reading.follow_up), float(hit.id in context),
            float(hit.date in context_meetings), float(english), float(bool(ROUTINE_TITLE.search(hit.title))),
            math.log1p(len(hit.text)), float(subject_size),
            exact, share - exact, float(years is not None), 1.0 if years is None else years,
            float(plan.answer_type is not None), float(bool(plan.answer_type) and not any(typed)), float(across),
            float(meeting_best[(hit.organisation, hit.date)] == hit.id), hit.dense, top_dense - hit.dense,
            float(bool(last_context) and hit.date > last_context), float(hit.dense_only),
        ]
        out.append(Candidate(hit, reading, pool, sims, np.asarray(values, dtype=np.float64), ground,
                             subject=subject_words_found(plan.topic, whole, lexical, english)))
    return out


def sentence_features(view: Snapshot, candidate: Candidate) -> np.ndarray:
    """One row per sentence of a candidate § (in SENTENCE_FEATURES order): what makes a sentence the one that
    holds the asked-for fact."""
    plan = candidate.reading.plan
    pool, sims = candidate.sentences, candidate.similarity
    if not pool:
        return np.zeros((0, len(SENTENCE_FEATURES)))
    english = plan.language == "en"
    within = (sims - sims.mean()) / max(float(sims.std()) if len(sims) > 1 else 1.0, 0.01)
    order = reciprocal_ranks([float(s) + 2.0 for s in sims])  # cosines lie in [-1, 1]: shifted, every sentence ranks
    title = token_set(candidate.hit.title)
    numbers = number_tokens(plan.topic)
    rows = []
    for i, sentence in enumerate(pool):
        kinds = [holds(sentence, t, candidate.hit.decisions) for t in ANSWER_TYPES]
        words = token_set(sentence)
        rows.append([
            float(within[i]), order[i], candidate.ground.z(float(sims[i])),
            subject_found(plan.topic, sentence, view.lexical, english)[0],
            float(plan.answer_type in ANSWER_TYPES and kinds[ANSWER_TYPES.index(plan.answer_type)]),
            *map(float, kinds), float(i == 0), i / max(len(pool) - 1, 1), math.log1p(len(sentence)),
            sum(n in sentence for n in numbers) / len(numbers) if numbers else 0.0,
            len(words & title) / max(len(words), 1), float(english),
        ])
    return np.asarray(rows, dtype=np.float64)


def candidates(view: Snapshot, plan: Plan) -> list[Candidate]:
    """Every reading's candidates with their features: what the ranker and the answer model judge."""
    organs = [b for b in view.table.bodies if b]
    grounds: dict[str, Background] = {}
    out = []
    for reading in readings(plan):
        query, hits = reading.plan.query, retrieve(view, reading)
        if hits:  # a reading that retrieved nothing needs no background
            ground = grounds[query] = grounds.get(query) or background(view, query)
            out += paragraph_features(view, reading, hits, ground, organs)
    return out
