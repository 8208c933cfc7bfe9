"""The learned parts of an answer, fitted by evals/learn/ on the training archives and stored beside this module:

- the § ranker (models/ranker.txt, LightGBM lambdarank over RANK_FEATURES): orders every candidate of every
  reading;
- the answer model (models/answer.json, a logistic regression over the ranker's score, its margin to the best
  candidate and a few of the candidate's own features): the calibrated probability that an answer must cite the §;
  which § are cited beside the first is decided after it (assistant/answer/citeset.py);
- the abstention model (models/abstain.json, a logistic regression over the best candidate's probability, its
  margin to the next § and its answer features, one row per question): the probability that the best § answers
  the question at all; Paragraf answers when it clears the answer threshold, else abstains;
- the sentence selector (models/quotes.json, a logistic regression over SENTENCE_FEATURES): the probability that
  a sentence holds the asked-for fact; the most probable are quoted.

`python -m evals.learn` refits them all (evals/README.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer.features import RANK_FEATURES, SENTENCE_FEATURES, Candidate

MODELS = Path(__file__).with_name("models")
RANKER_FILE, ANSWER_FILE, QUOTES_FILE = MODELS / "ranker.txt", MODELS / "answer.json", MODELS / "quotes.json"
ABSTAIN_FILE = MODELS / "abstain.json"
# The answer model reads the ranker's view of a candidate and these of its own features.
ANSWER_OWN = ("coverage", "missing", "typed_coverage", "holds_type", "sentence_z", "dense_z", "numbers_absent",
              "date_in_range", "date_mentioned", "organ_named", "organ_match", "reading_meeting_date",
              "reading_subject_date", "title_coverage", "exact_coverage", "compound_only", "years_met", "asks_any_type",
              "type_missing", "asks_across", "best_of_meeting", "dense", "dense_gap")
ANSWER_FEATURES = ("score", "score_gap", "paragraph_rank", "best", *ANSWER_OWN)
# The abstention model reads a question's best candidate: its probability, its margin to the next §, its features.
ABSTAIN_FEATURES = ("probability", "probability_gap", *ANSWER_FEATURES)


@dataclass(frozen=True)
class Logistic:
    """P(y) = sigmoid(w · standardised x + b) over named features, with the thresholds chosen for it."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    thresholds: dict[str, float]

    @classmethod
    def load(cls, path: Path, expected: tuple[str, ...]) -> "Logistic":
        data = json.loads(path.read_text(encoding="utf-8"))
        model = cls(tuple(data["features"]), np.asarray(data["mean"]), np.asarray(data["scale"]),
                    np.asarray(data["weights"]), float(data["bias"]), {k: float(v) for k, v in data["thresholds"].items()})
        if model.features != expected:
            raise ValueError(f"{path}: fitted on features {model.features}, the code reads {expected}; "
                             "refit with `python -m evals.learn`")
        return model

    def probability(self, values: np.ndarray) -> np.ndarray:
        z = (np.atleast_2d(values) - self.mean) / self.scale @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self, **extra: object) -> dict:
        return {"features": list(self.features), "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
                "weights": self.weights.round(6).tolist(), "bias": round(self.bias, 6), "thresholds": self.thresholds,
                **extra}


class Ranker:
    """The LightGBM ranker, one thread (answering workers run side by side)."""

    def __init__(self, path: Path = RANKER_FILE):
        import lightgbm

        self.booster = lightgbm.Booster(model_str=path.read_text(encoding="utf-8"))
        if tuple(self.booster.feature_name()) != RANK_FEATURES:
            raise ValueError(f"{path}: fitted on other features than RANK_FEATURES; refit with `python -m evals.learn`")

    def scores(self, values: np.ndarray) -> np.ndarray:
        if not len(values):
            return np.zeros(0)
        return np.asarray(self.booster.predict(np.atleast_2d(values), num_threads=1), dtype=np.float64)


@lru_cache(maxsize=1)
def ranker() -> Ranker:
    return Ranker()


@lru_cache(maxsize=1)
def answer_model() -> Logistic:
    return Logistic.load(ANSWER_FILE, ANSWER_FEATURES)


@lru_cache(maxsize=1)
def abstain_model() -> Logistic:
    return Logistic.load(ABSTAIN_FILE, ABSTAIN_FEATURES)


@lru_cache(maxsize=1)
def quote_model() -> Logistic:
    return Logistic.load(QUOTES_FILE, SENTENCE_FEATURES)


def answer_rows(paragraphs: list[str], values: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """ANSWER_FEATURES of each candidate (its § id, its RANK_FEATURES row, its ranker score): the score, how far
    below the question's best it is, its rank among the question's distinct §, whether it is the best, and its
    own features."""
    if not len(scores):
        return np.zeros((0, len(ANSWER_FEATURES)))
    best = float(scores.max())
    distinct: dict[str, float] = {}
    for paragraph, s in zip(paragraphs, scores):
        distinct[paragraph] = max(distinct.get(paragraph, -np.inf), float(s))
    order = sorted(distinct.values(), reverse=True)
    rank = {value: 1.0 / (1 + order.index(value)) for value in set(order)}
    own = values[:, [RANK_FEATURES.index(f) for f in ANSWER_OWN]]
    head = np.array([[s, best - s, rank[distinct[p]], float(s == best)] for p, s in zip(paragraphs, scores.tolist())])
    return np.hstack([head, own])


def question_row(best_row: np.ndarray, probabilities: list[float]) -> np.ndarray:
    """ABSTAIN_FEATURES of a question: the best candidate's probability, how far the next distinct § stands below
    it, and the best candidate's ANSWER_FEATURES (`probabilities`: one per distinct §, the best first)."""
    second = probabilities[1] if len(probabilities) > 1 else 0.0
    return np.concatenate([[probabilities[0], probabilities[0] - second], best_row])


def judge(candidates: list[Candidate], rank: Ranker | None = None, answer: Logistic | None = None) -> list[Candidate]:
    """Score every candidate, keep each § once (under its most probable reading), most probable first."""
    if not candidates:
        return []
    values = np.stack([c.values for c in candidates])
    scores = (rank or ranker()).scores(values)
    rows = answer_rows([c.hit.id for c in candidates], values, scores)
    probabilities = (answer or answer_model()).probability(rows)
    best: dict[str, Candidate] = {}
    for c, s, p, row in zip(candidates, scores, probabilities, rows):
        c.score, c.probability, c.row = float(s), float(p), row
        if c.hit.id not in best or c.probability > best[c.hit.id].probability:
            best[c.hit.id] = c
    return sorted(best.values(), key=lambda c: (-c.probability, -c.score))


def confidence(judged: list[Candidate], abstain: Logistic | None = None) -> float:
    """The abstention model's probability that the question's best § answers it."""
    top = judged[0]
    assert top.row is not None, "judge() fills in each candidate's row"
    return float((abstain or abstain_model()).probability(question_row(top.row, [c.probability for c in judged]))[0])


def pick_quotes(rows: np.ndarray, sentences: list[str], alone: bool, quotes: Logistic | None = None) -> list[str]:
    """The sentences to quote, the most probable first, then every further one that clears the quote threshold,
    up to max_quotes (one more when the § is the only one cited)."""
    if not sentences:
        return []
    model = quotes or quote_model()
    p = model.probability(rows)
    ranked = sorted(range(len(sentences)), key=lambda i: -p[i])
    limit = int(model.thresholds["max_quotes"]) + int(alone)
    chosen = [ranked[0], *(i for i in ranked[1:] if p[i] >= model.thresholds["quote"])][:limit]
    return [sentences[i] for i in chosen]


def relevant(view, topic: str, hits: list) -> list[Candidate]:
    """The hits on a topic, each judged on its own evidence as if it were the only candidate (first by meaning,
    and first by BM25 when BM25 finds it at all), kept when the answer model finds it probable enough to cite
    beside another (the citation threshold), most
    probable first:
    for lists of every § on a topic (timelines, a brief's later §), where a § on the topic need not outrank the
    others."""
    from assistant.answer.features import paragraph_features
    from assistant.answer.plan import Plan, language
    from assistant.answer.readings import Reading
    from assistant.answer.sentences import background

    if not hits:  # nothing to judge: no background to measure (it reads the store's stored vectors)
        return []
    plan = Plan(question=topic, query=topic, language=language(topic), topic=topic)
    found = paragraph_features(view, Reading(plan), hits, background(view, topic), [b for b in view.table.bodies if b])
    values = np.stack([c.values for c in found])
    for name in ("dense_rank", "fused_rank", "best_of_meeting"):
        values[:, RANK_FEATURES.index(name)] = 1.0
    values[:, RANK_FEATURES.index("dense_gap")] = 0.0
    lexical = np.array([c.hit.lexical > 0 for c in found], dtype=float)
    values[:, RANK_FEATURES.index("lexical_rank")] = lexical
    values[:, RANK_FEATURES.index("lexical_share")] = lexical
    scores = ranker().scores(values)
    model = answer_model()
    kept = []
    for i, c in enumerate(found):
        c.values, c.score = values[i], float(scores[i])
        c.row = answer_rows([c.hit.id], values[i:i + 1], scores[i:i + 1])[0]
        c.probability = float(model.probability(c.row)[0])
        if c.probability >= model.thresholds["cite"]:
            kept.append(c)
    return sorted(kept, key=lambda c: -c.probability)
