"""Which § an answer cites beside its first: the citation set, learned.

An answer rests on one § or on several (what was first proposed and what was finally decided; a budget and its
revision; two organisations compared). After the § ranker and the answer model (assistant/answer/learned.py) have
put the question's § in order, two models fitted by evals/learn/citeset.py on the training archives decide how many
to cite:

- the question classifier (models/several.json): the probability that a question's answer rests on two or more §,
  a logistic regression over the character n-grams of its words (`ngrams`), learned from the training questions
  whose gold names several §, so 'jämfört med', 'och vad blev', 'i oktober och … i november', 'both' need no list;
- the citation model (models/cite.json, a logistic regression over CITE_FEATURES): for each § after the first, the
  probability that it is cited too, from features that do not drift with the archive: its answer probability and
  ranker score and their margins to the first, its rank, whether it is of the first's meeting or organisation,
  whether it is the best of a meeting of its own, the question classifier's probability, whether it holds a
  sentence of the asked kind, and the share of the question's subject it holds that the first does not.

Each further § whose probability clears the fitted threshold is cited, up to the fitted number of sources and the
rule 'answer.max_sources' (the hard cap); a question across organisations also cites the best § of each further
organisation (`each_organisation`, the rule 'question.cross').
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.answer.features import RANK_FEATURES, Candidate
from assistant.answer.learned import MODELS, Logistic, answer_model, confidence
from index.lang.registry import rules

SEVERAL_FILE, CITE_FILE = MODELS / "several.json", MODELS / "cite.json"
NGRAM_SIZES = (3, 4, 5)
CONSIDERED = 8  # § after the first that the citation model judges
CITE_FEATURES = (
    "probability", "probability_gap", "score_gap", "rank", "same_meeting", "same_organisation", "first_of_meeting",
    "several", "several_elsewhere", "asks_across", "holds_type", "type_missing", "coverage", "new_subject",
    "first_coverage", "first_probability",
)
_OWN = ("asks_across", "holds_type", "type_missing", "coverage")


def ngrams(text: str) -> set[str]:
    """The character n-grams (NGRAM_SIZES) of a text's lower-cased words, each word padded with a space on either
    side so that beginnings and ends count apart: 'och vad' -> ' oc', 'och', 'ch ', …, ' va', …"""
    out: set[str] = set()
    for word in re.findall(r"\w+", text.lower()):
        padded = f" {word} "
        for n in NGRAM_SIZES:
            out.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


@dataclass(frozen=True)
class NgramClassifier:
    """P(y) = sigmoid(Σ weights of the n-grams a text holds + bias)."""

    weights: dict[str, float]
    bias: float

    @classmethod
    def load(cls, path=SEVERAL_FILE) -> "NgramClassifier":
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["sizes"]) != NGRAM_SIZES:
            raise ValueError(f"{path}: fitted on n-grams of sizes {data['sizes']}, the code reads {NGRAM_SIZES}; "
                             "refit with `python -m evals.learn`")
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]))

    def probability(self, text: str) -> float:
        z = self.bias + sum(self.weights.get(g, 0.0) for g in ngrams(text))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self, **extra: object) -> dict:
        return {"sizes": list(NGRAM_SIZES), "bias": round(self.bias, 6),
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}, **extra}


@lru_cache(maxsize=1)
def several_model() -> NgramClassifier:
    return NgramClassifier.load(SEVERAL_FILE)


@lru_cache(maxsize=1)
def cite_model() -> Logistic:
    return Logistic.load(CITE_FILE, CITE_FEATURES)


@dataclass(frozen=True)
class Option:
    """A § in the question's order, as the citation model reads it."""

    probability: float  # the answer model's
    score: float  # the ranker's
    meeting: tuple[str, str]  # organisation, date
    values: np.ndarray  # in RANK_FEATURES order
    subject: dict[frozenset[str], float]  # the question's subject words it holds, with their shares

    @classmethod
    def of(cls, c: Candidate) -> "Option":
        return cls(c.probability, c.score, (c.hit.organisation, c.hit.date), c.values, c.subject)


def cite_rows(options: list[Option], several: float) -> np.ndarray:
    """CITE_FEATURES of each option after the first (up to CONSIDERED), against the first."""
    first, rest = options[0], options[1:1 + CONSIDERED]
    seen = {first.meeting}
    own = [RANK_FEATURES.index(name) for name in _OWN]
    rows = []
    for rank, o in enumerate(rest, start=2):
        same_meeting = o.meeting == first.meeting
        new = sum(share for word, share in o.subject.items() if word not in first.subject)
        rows.append([
            o.probability, first.probability - o.probability, first.score - o.score, 1.0 / rank, float(same_meeting),
            float(o.meeting[0] == first.meeting[0]), float(o.meeting not in seen), several,
            several * (not same_meeting), *o.values[own], new, sum(first.subject.values()), first.probability,
        ])
        seen.add(o.meeting)
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(CITE_FEATURES))


def further(options: list[Option], question: str, model: Logistic | None = None,
            classifier: NgramClassifier | None = None) -> list[int]:
    """The positions (1, 2, …) of the options after the first that the answer cites too, in order."""
    if len(options) < 2:
        return []
    model = model or cite_model()
    p = model.probability(cite_rows(options, (classifier or several_model()).probability(question)))
    limit = min(int(model.thresholds["max_sources"]), rules().answer.max_sources) - 1
    return [int(i) + 1 for i in np.flatnonzero(p >= model.thresholds["cite"])][:max(limit, 0)]


def choose(judged: list[Candidate], answer: Logistic | None = None, abstain: Logistic | None = None,
           cite: Logistic | None = None, classifier: NgramClassifier | None = None) -> list[Candidate]:
    """The § an answer cites: the most probable when the abstention model finds that the question is answered (its
    probability clears the answer threshold), then each further § the citation model cites (`further`); [] means
    the archive does not answer the question."""
    model = answer or answer_model()
    if not judged or confidence(judged, abstain) < model.thresholds["answer"]:
        return []
    chosen = [judged[0], *(judged[i] for i in further([Option.of(c) for c in judged], judged[0].reading.plan.question,
                                                      cite, classifier))]
    if "cross" in judged[0].reading.plan.intents:
        chosen += each_organisation(judged, chosen)
    return chosen


def each_organisation(judged: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """For a question across organisations ('Vad har förbunden beslutat om …', two organisations named): the most
    probable § of each organisation no cited § is of, up to the rule 'answer.max_sources'. The citation model
    learned too little of these to cite them (7 training questions have gold § of two organisations)."""
    held = {c.hit.organisation for c in chosen}
    out: list[Candidate] = []
    for c in judged:
        if len(chosen) + len(out) >= rules().answer.max_sources:
            break
        if c.hit.organisation not in held:
            held.add(c.hit.organisation)
            out.append(c)
    return out
