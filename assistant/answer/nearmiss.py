"""The near-miss check: does the § an answer would rest on hold the detail the question asks for?

A near miss names a topic the archive holds and a detail it does not (a landlord, a rent, 'ordförande' against a §
electing a justerare): its best § shares the question's subject, so the ranker and the answer model are as sure of
it as of a right answer. This check runs after them, on the best § only, and reads the § against the question:
which of the question's subject words the § holds (as written, inside a compound, or only near by meaning), how
rare what it lacks is and whether the archive uses it anywhere, whether the § holds the detail the question names
('Vilket fastighetsbolag', index/lang/focus.py) and the office it asks about, and whether the sentences holding the
asked kind of answer are about the question; and what the cross-reader (assistant/answer/crossread.py), which reads
the question and the § together, makes of them. A logistic regression over NEAR_FEATURES (models/nearmiss.json,
fitted by `python -m evals.learn.nearmiss`) gives the probability that the § holds the asked detail; below the
threshold chosen on tune the question is refused. A feature not read (the cross-reader off, or another embedder)
stands at its fitted mean.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from assistant.answer.crossread import cross_read
from assistant.answer.features import Candidate
from assistant.answer.learned import MODELS, Logistic
from assistant.answer.sentences import background, query_vector, prime_queries, sentence_vectors
from assistant.answer.support import _in_text, holds, numbers_absent, topic_groups, whole_stems, years_met
from index.lang.focus import asked_detail, elected_offices, offices
from index.lang.glossary import GLOSSARY
from index.lang.registry import rules
from index.lang.tokens import token_set, tokenize
from index.store.generations import Snapshot

NEARMISS_FILE = MODELS / "nearmiss.json"
NEAR_FEATURES = (
    "coverage", "exact_coverage", "uncovered_share", "missing_known", "missing_unknown", "worst_word_z",
    "mean_word_z", "uncovered_z", "lone_gap", "drop_gain", "detail_drop_gain", "detail_named", "detail_found", "detail_elsewhere", "detail_z", "office_asked", "office_found", "office_elected",
    "office_elected_other", "asks_type", "holds_type", "typed_coverage", "typed_z", "sentence_z", "numbers_absent",
    "years_met", "english", "cross_read",
)
CROSS_READ_RANGE = (0.0, 1.0)
"""What the 'cross_read' feature can be: a probability (the cross-reader's logistic regression)."""


def near_features(view: Snapshot, candidate: Candidate, read_across: bool = True) -> np.ndarray:
    """NEAR_FEATURES of a candidate § against the question of its reading; 'cross_read' is NaN when not read (the
    cross-reader off, another embedder, or `read_across` False: a fit fills it in itself)."""
    plan = candidate.reading.plan
    english = plan.language == "en"
    lexical = view.lexical
    hit = candidate.hit
    whole = f"{hit.title} {hit.text}"
    present, exact_present = token_set(whole), whole_stems(whole)
    groups = topic_groups(plan.topic, lexical, english)
    total = max(len(lexical.ids), 1)
    idf = [math.log(1 + total / (1 + min(lexical.document_frequency(t) for t in g))) / math.log(1 + total) for g in groups]
    found = [any(_in_text(t, present) for t in g) for g in groups]
    exact = [any(t in exact_present for t in g) for g in groups]
    known = [any(lexical.document_frequency(t) for t in g) for g in groups]
    weight = sum(idf) or 1.0
    uncovered = [w for w, f in zip(idf, found) if not f]
    sentences = candidate.sentences
    vectors = sentence_vectors(view, hit.id, sentences) if sentences else np.zeros((0, 0))
    words = _subject_words(plan.topic, groups, english)
    detail = asked_detail(plan.question)
    detail_stems = set(tokenize(GLOSSARY.get(detail, detail))) if detail else set()
    asked_offices = offices(plan.question, english=True)
    held_offices, elected = offices(whole), elected_offices(whole)
    typed = [holds(s, plan.answer_type, hit.decisions) for s in sentences] if plan.answer_type else []
    typed_sentences = [s for s, t in zip(sentences, typed) if t]
    sims = candidate.similarity
    ground = candidate.ground
    lacking_words = {w for w, g in words if not any(_in_text(t, present) for t in g)}
    detail_words = {detail} if detail else set()
    without_lacking, without_detail = _shortened(plan.query, lacking_words), _shortened(plan.query, detail_words)
    if len(vectors):  # every query text the features below embed, in one embedder call
        shortened = [q for q in (without_lacking, without_detail) if q]
        prime_queries(view, [w for w, _ in words] + ([detail] if detail else []) + shortened)
    word_z = [_word_z(view, vectors, w) for w, _ in words] if len(vectors) else []
    lacking = [z for z, (_, g) in zip(word_z, words) if not any(_in_text(t, present) for t in g)]
    lacking_gain = _drop_gain(view, vectors, sims, without_lacking)
    # The detail is often the one lacking word: the same shortened question, compared once.
    detail_gain = lacking_gain if detail_words == lacking_words else _drop_gain(view, vectors, sims, without_detail)
    return np.asarray([
        sum(w for w, f in zip(idf, found) if f) / weight,
        sum(w for w, f in zip(idf, exact) if f) / weight,
        len(uncovered) / len(groups) if groups else 0.0,
        max((w for w, f, k in zip(idf, found, known) if not f and k), default=0.0),
        float(sum(not f and not k for f, k in zip(found, known))),
        min(word_z, default=0.0),
        float(np.mean(word_z)) if word_z else 0.0,
        min(lacking, default=max(word_z, default=0.0)),
        float(len(uncovered) == 1 and len(groups) >= 3),
        lacking_gain,
        detail_gain,
        float(bool(detail)),
        float(bool(detail_stems) and any(_in_text(t, present) for t in detail_stems)),
        float(bool(detail_stems) and not any(_in_text(t, present) for t in detail_stems)
              and any(lexical.document_frequency(t) for t in detail_stems)),
        _word_z(view, vectors, detail) if detail and len(vectors) else 0.0,
        float(bool(asked_offices)),
        float(bool(asked_offices & held_offices)),
        float(bool(asked_offices & elected)),
        float(bool(asked_offices) and bool(elected - asked_offices) and not asked_offices & elected),
        float(plan.answer_type is not None),
        float(any(typed)),
        max((_share(groups, idf, token_set(s)) for s in typed_sentences), default=0.0),
        max((ground.z(float(v)) for v, t in zip(sims, typed) if t), default=0.0) if len(sims) else 0.0,
        ground.z(float(sims.max())) if len(sims) else 0.0,
        numbers_absent(plan.topic, whole),
        _or(years_met(plan.question, hit.date, whole), 1.0),
        float(english),
        _or(cross_read(view, candidate) if read_across else None, math.nan),
    ], dtype=np.float64)


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def _share(groups: tuple[frozenset[str], ...], idf: list[float], present: frozenset[str]) -> float:
    """Rarity-weighted share of the subject groups found in a token set."""
    if not groups:
        return 0.0
    return sum(w for g, w in zip(groups, idf) if any(_in_text(t, present) for t in g)) / (sum(idf) or 1.0)


def _subject_words(topic: str, groups: tuple[frozenset[str], ...], english: bool) -> list[tuple[str, frozenset[str]]]:
    """The question's subject words as written (for E5), each with the subject group whose stem it gives."""
    words = []
    for word in dict.fromkeys(w.strip("?.,!:;()\"'").lower() for w in topic.split()):
        stems = set(tokenize(word))
        group = next((g for g in groups if stems & g), None)
        if group is not None:
            words.append((word, group))
    return words


def _shortened(query: str, dropped: set[str]) -> str | None:
    """The question without these words; None when that leaves it as it was, or empty."""
    if not dropped:
        return None
    kept = " ".join(w for w in query.split() if w.strip("?.,!:;()\"'").lower() not in dropped)
    return None if not kept.strip() or kept == query else kept


def _drop_gain(view: Snapshot, vectors: np.ndarray, sims: np.ndarray, kept: str | None) -> float:
    """How much nearer by meaning (E5) the § best sentence comes when the question leaves out some words (`kept`,
    from `_shortened`): above 0, the words pull the question away from the § (it does not speak of them); below 0,
    they are what it matches."""
    if kept is None or not len(vectors):
        return 0.0
    return float((vectors @ query_vector(view, kept)).max() - sims.max())


def _word_z(view: Snapshot, vectors: np.ndarray, word: str) -> float:
    """How far the § sentence nearest a word by meaning (E5) stands above the word's similarity to the archive."""
    return background(view, word).z(float((vectors @ query_vector(view, word)).max()))


@lru_cache(maxsize=1)
def near_model() -> Logistic:
    return Logistic.load(NEARMISS_FILE, NEAR_FEATURES)


def holds_detail(view: Snapshot, candidate: Candidate, model: Logistic | None = None) -> bool:
    """Whether the § holds the asked detail: the check's probability clears its threshold (chosen on tune); always
    when the rule 'answer.near_miss' is off. The cross-reader, the check's dearest part (an embedder call of two
    passages), is read only when its answer can change the decision (`settled`)."""
    if not rules().answer.near_miss:
        return True
    check = model or near_model()
    values = near_features(view, candidate, read_across=False)
    values = np.where(np.isnan(values), check.mean, values)  # a feature not read stands at its fitted mean
    threshold = check.thresholds["holds"]
    column = NEAR_FEATURES.index("cross_read")
    decided = settled(check, values, column, CROSS_READ_RANGE, threshold)
    if decided is not None:
        return decided
    read = _with(values, column, _or(cross_read(view, candidate), check.mean[column]))
    return float(check.probability(read)[0]) >= threshold


def settled(model: Logistic, values: np.ndarray, column: int, bounds: tuple[float, float], threshold: float) -> bool | None:
    """The decision (probability >= threshold) whatever value in `bounds` the feature at `column` takes, or None when
    that value could change it. Exact: the probability is monotone in each feature, so the two ends decide."""
    low, high = (float(model.probability(_with(values, column, bound))[0]) >= threshold for bound in bounds)
    return low if low == high else None


def _with(values: np.ndarray, column: int, value: float) -> np.ndarray:
    out = values.copy()
    out[column] = value
    return out
