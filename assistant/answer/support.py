"""Does a retrieved § support an answer to the question? The abstention decision, as a calibrated model.

A few general signals per candidate §, none of them a threshold of its own:
- meaning: how far the § and its best sentence stand above the archive's background for this
  question (E5 z-scores, assistant/answer/sentences.py);
- rare words: how much of the question's own subject the § contains, its words weighted by rarity in
  the archive (so 'förbundschef' counts little and 'lönerevision' much), and the rarest one it lacks
  (a near miss names something the § does not: a place, a kind of thing), and the share of the question's
  numbers (years, amounts) the § never writes; each question word is one
  group of alternatives (its stem, the parts of a hyphenated compound, an acronym's expansion, an
  English term's Swedish translations), present when any alternative is;
- agreement: the §'s rank among the candidates by meaning and by BM25;
- the asked-for answer: whether the § holds a sentence of the type asked for (an amount, a name, ...).
A logistic regression (fitted on the tune split by evals/fit_relevance.py, coefficients in
assistant/relevance.json) turns them into the probability that the § answers the question; an answer
is given when a § is probable enough, else the assistant abstains.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.models import Hit
from assistant.answer.sentences import background, quotable_similarities
from index.lang.dates import DAY_SLASH_MONTH_RE, mentions
from index.lang.names import people
from index.lang.numbers import amounts, has_count, number_tokens
from index.lang.periods import WEEK_RE
from index.lang.glossary import GLOSSARY, english_terms, without_terms
from index.lang.questions import AMOUNT_QUESTION_WORDS, AnswerType, REASON_RE, generic
from index.lang.registry import on_change, rules
from index.parse.decisions import quotable
from index.store.lexical import LexicalIndex
from index.store.archive import Snapshot, Store
from index.lang.tokens import compound_parts, stem, token_set, tokenize

MODEL_FILE = Path(__file__).with_name("relevance.json")
FEATURES = ("paragraph_z", "sentence_z", "coverage", "missing", "numbers_absent", "title_coverage", "dense_rank",
            "lexical_rank", "answer_type")


@lru_cache(maxsize=4096)
def topic_groups(query: str, lexical: LexicalIndex | None = None, english: bool = False) -> tuple[frozenset[str], ...]:
    """The question's subject words, each as a set of Swedish stems that would show it.

    In an English question a lower-case word the archive never uses is English vocabulary
    the glossary lacks, not a subject; names, acronyms and numbers always count."""
    on = rules().subject
    common = generic()
    english = english and on.english_unknown_words
    framing = AMOUNT_QUESTION_WORDS if on.amount_question_words else frozenset()
    groups = [set(tokenize(GLOSSARY[term])) - common for term in english_terms(query) if term not in framing]
    rest = without_terms(query)
    for i, word in enumerate(re.findall(r"[\wåäöÅÄÖ§-]+", rest)):
        if i == 0 and word[1:].islower():
            word = word.lower()  # 'Summarise …': a capital that starts the question is no name
        if word.lower() in STOPWORDS_EN_PLUS:
            continue
        group = set(tokenize(word)) - common
        # a closed compound shows its subject whole: 'tjänstebilar' is no 'bil'
        if word.isalpha() and (parts := compound_parts(word.lower())):
            group -= set(tokenize(" ".join(parts)))
        if "-" in word:  # a compound shows its subject whole or by its first part: 'IT-system' is not any 'system'
            modifier, head = word.rsplit("-", 1)
            group -= set(tokenize(head)) - set(tokenize(modifier))
        unknown = lexical is not None and bool(group) and not any(lexical.document_frequency(t) for t in group)
        if unknown and lexical is not None:
            parts = tuple(decompound(word.lower(), lexical))
            if any(p in common for p in parts):  # 'decembermötet' -> 'december' + 'möte': one subject part
                groups += [{p} for p in parts if p not in common]
                continue
        if group and not (english and unknown and word.islower()):
            groups.append(group)
    return tuple(frozenset(g) for g in groups if g)


on_change(topic_groups.cache_clear)


def decompound(word: str, lexical: LexicalIndex, shortest: int = 4) -> list[str]:
    """Split an unknown compound word into two stems the archive knows, allowing a linking 's'; else [].

    Only a compound with a generic part ('decembermötet') is read as its parts; two subject
    words ('tjänstebilar') make a new subject the archive does not have, which is the point."""
    if not rules().subject.decompound_generic:
        return []
    for i in range(len(word) - shortest, shortest - 1, -1):
        tail = stem(word[i:])
        if not lexical.document_frequency(tail):
            continue
        head = word[:i]
        for candidate in {stem(head), stem(head[:-1]) if head.endswith("s") else stem(head)}:
            if len(candidate) >= shortest - 1 and lexical.document_frequency(candidate):
                return [candidate, tail]
    return []


def coverage(query: str, text: str, lexical: LexicalIndex, english: bool = False) -> float:
    """Rarity-weighted share of the question's subject found in a text."""
    return subject_found(query, text, lexical, english)[0]


def subject_found(query: str, text: str, lexical: LexicalIndex, english: bool = False) -> tuple[float, float]:
    """(rarity-weighted share of the question's subject found in a text, the rarity of the rarest subject
    word it lacks, from 0 = none lacking to 1 = a word the archive never uses)."""
    groups = topic_groups(query, lexical, english)
    if not groups:
        return 0.0, 0.0
    present = token_set(text)
    total = len(lexical.ids)
    weights = [math.log(1 + total / (1 + min(lexical.document_frequency(t) for t in g))) for g in groups]
    found = [any(_in_text(t, present) for t in g) for g in groups]
    share = sum(w for w, f in zip(weights, found) if f) / sum(weights)
    missing = max((w for w, f in zip(weights, found) if not f), default=0.0) / math.log(1 + total)
    return share, missing


def _in_text(token: str, present: AbstractSet[str]) -> bool:
    """A stem is in the text on its own or as a part of a compound: 'utbildning' in 'styrelseutbildning'."""
    if token in present:
        return True
    return rules().subject.inside_compound and len(token) >= 5 and any(len(p) > len(token) and (p.endswith(token) or p.startswith(token)) for p in present)


def holds(sentence: str, answer_type: AnswerType | str | None, decisions: list[str]) -> bool:
    """Whether a sentence holds the kind of answer asked for: 'amount', 'person', 'date', 'reason', 'decision'."""
    on = rules().subject
    if answer_type == "amount":
        return bool(amounts(sentence) or (on.counts_hold_amounts and has_count(sentence)))
    if answer_type == "person":
        return bool(people(sentence, []))
    if answer_type == "date":
        if on.day_month_holds_date:
            return bool(mentions(sentence) or DAY_SLASH_MONTH_RE.search(sentence) or WEEK_RE.search(sentence))
        return any(m.year is not None for m in mentions(sentence))
    if answer_type == "reason":
        return on.reason_words and bool(REASON_RE.search(sentence))
    if answer_type == "decision":
        return any(sentence in d or d in sentence for d in decisions)
    return False


def numbers_absent(question: str, text: str) -> float:
    """Share of the numbers a question names (a year, an amount, a § number) that a text never writes:
    a question about 2023 is not answered by a § that only speaks of 2024."""
    asked = number_tokens(question)
    if not asked:
        return 0.0
    written = number_tokens(text)
    return sum(n not in written for n in asked) / len(asked)


@dataclass(frozen=True)
class RelevanceModel:
    """Logistic regression over standardised FEATURES: P(the § answers the question)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float  # answer when the best § is at least this probable
    cite_threshold: float  # ... and cite the further § at least this probable

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "RelevanceModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        model = cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                    float(data["bias"]), float(data["threshold"]), float(data["cite_threshold"]))
        if model.features != FEATURES or not len(model.mean) == len(model.scale) == len(model.weights) == len(FEATURES):
            raise ValueError(f"{path}: features {model.features} do not match {FEATURES}; refit with evals/fit_relevance.py")
        return model

    def probability(self, values: np.ndarray) -> np.ndarray:
        """P for each row of feature values."""
        standard = (np.atleast_2d(values) - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(standard @ np.asarray(self.weights) + self.bias)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias, "threshold": self.threshold,
                "cite_threshold": self.cite_threshold}


@lru_cache(maxsize=1)
def relevance_model() -> RelevanceModel:
    return RelevanceModel.load()


@dataclass
class Evidence:
    """One candidate § with what speaks for it: its sentences and their similarity to the question,
    the feature values and the model's probability that it answers the question."""

    hit: Hit
    sentences: list[str]
    similarity: np.ndarray  # per sentence
    values: np.ndarray  # in FEATURES order
    probability: float = 0.0
    coverage: float = 0.0


def gather(store: Store | Snapshot, query: str, topic: str, hits: list[Hit], answer_type: AnswerType | None = None,
           english: bool = False) -> list[Evidence]:
    """The features of each hit, in the hits' order (probabilities not yet set)."""
    if not hits:
        return []
    lexical = store.lexical
    ground = background(store, query)
    dense_order = sorted(range(len(hits)), key=lambda i: -hits[i].dense)
    lexical_order = sorted(range(len(hits)), key=lambda i: -hits[i].lexical)
    dense_rank = {i: r for r, i in enumerate(dense_order, start=1)}
    lexical_rank = {i: r for r, i in enumerate(lexical_order, start=1)}
    out = []
    for i, hit in enumerate(hits):
        if i < rules().answer.sentence_candidates:
            pool, sims = quotable_similarities(store, query, hit.id, hit.text)
        else:  # further down the fusion, the § as a whole stands for its best sentence
            pool, sims = quotable(hit.text), np.zeros(0)
        share, missing = subject_found(topic, f"{hit.title} {hit.text}", lexical, english)
        typed = 0.0
        if answer_type:
            typed = 1.0 if any(holds(s, answer_type, hit.decisions) for s in pool) else -1.0
        values = np.array([
            ground.z(hit.dense),
            ground.z(float(sims.max())) if len(sims) else ground.z(hit.dense),
            share,
            missing,
            numbers_absent(topic, f"{hit.title} {hit.text}"),
            coverage(topic, hit.title, lexical, english),
            1.0 / dense_rank[i],
            1.0 / lexical_rank[i] if hit.lexical > 0 else 0.0,
            typed,
        ], dtype=np.float64)
        out.append(Evidence(hit, pool, sims, values, coverage=share))
    return out


def on_its_own(evidence: list[Evidence], model: RelevanceModel | None = None) -> list[Evidence]:
    """The candidates probable enough to cite, each judged on its own evidence as if it were the only
    candidate (first by meaning, and first by BM25 when BM25 finds it at all), most probable first: for
    lists of every § on a topic (timelines), where a § on the topic need not outrank the others."""
    if not evidence:
        return []
    model = model or relevance_model()
    values = np.stack([e.values for e in evidence])
    values[:, FEATURES.index("dense_rank")] = 1.0
    lexical = FEATURES.index("lexical_rank")
    values[:, lexical] = [1.0 if e.hit.lexical > 0 else 0.0 for e in evidence]
    for item, p in zip(evidence, model.probability(values)):
        item.probability = float(p)
    return sorted((e for e in evidence if e.probability >= model.cite_threshold), key=lambda e: -e.probability)


def supporting(evidence: list[Evidence], model: RelevanceModel | None = None) -> list[Evidence]:
    """The candidates probable enough to answer from, most probable first."""
    if not evidence:
        return []
    model = model or relevance_model()
    for item, p in zip(evidence, model.probability(np.stack([e.values for e in evidence]))):
        item.probability = float(p)
    return sorted((e for e in evidence if e.probability >= model.threshold), key=lambda e: -e.probability)
