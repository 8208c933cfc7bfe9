"""Fitting the citation set (assistant/answer/citeset.py): the question classifier and the citation model on the
training examples, the citation threshold and the number of sources on tune.

- The question classifier is scikit-learn's L2 logistic regression over the character n-grams a question holds
  (`ngrams`, present or not, kept when two training questions hold them), labelled by whether the question's gold
  names two or more §; its strength is chosen by out-of-fold AUC on the training archives. Every training
  question teaches it, whatever its intent.
- The citation model is a logistic regression over CITE_FEATURES, one row per § after the first of each plain
  training question (in the order `judge` puts them, from out-of-fold ranker scores), labelled by whether it is a
  gold §; it reads the question classifier's out-of-fold probability (each archive's questions classified by a
  classifier fitted without it), as at question time.
- The threshold and the number of sources are those that make the most tune questions exactly right (the
  harness's pass on citations), ties going to the higher citation precision, then to fewer sources.
"""

from __future__ import annotations

import numpy as np

from assistant.answer.citeset import CITE_FEATURES, NgramClassifier, Option, cite_rows, ngrams
from assistant.answer.learned import Logistic
from evals.learn.collect import Example
from evals.learn.fit import ANSWER_THRESHOLDS, MAX_SOURCES, Outcome, fit_logistic, summary

STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)  # the classifier's C (inverse L2), chosen by out-of-fold AUC on train


def several(example: Example) -> bool:
    """What the question classifier learns: the answer rests on two or more §."""
    return example.gold_count >= 2


def fit_several(examples: list[Example], strength: float) -> NgramClassifier:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = CountVectorizer(analyzer=ngrams, binary=True, min_df=2)
    x = vectoriser.fit_transform([e.question for e in examples])
    model = LogisticRegression(C=strength, max_iter=2000).fit(x, [several(e) for e in examples])
    names = vectoriser.get_feature_names_out()
    return NgramClassifier({str(n): float(w) for n, w in zip(names, model.coef_[0]) if abs(w) >= 1e-5},
                           float(model.intercept_[0]))


def several_out_of_fold(examples: list[Example], strength: float) -> dict[str, float]:
    """Each question's probability from a classifier fitted without its archive."""
    out: dict[str, float] = {}
    for archive in sorted({e.archive for e in examples}):
        model = fit_several([e for e in examples if e.archive != archive], strength)
        out |= {e.id: model.probability(e.question) for e in examples if e.archive == archive}
    return out


def auc(scores: list[float], labels: list[bool]) -> float:
    """The probability that a positive scores above a negative (ties count half)."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def choose_strength(examples: list[Example]) -> tuple[float, dict[float, float]]:
    """The strength of the best out-of-fold AUC on the training questions, and each strength's AUC."""
    found = {c: auc([p[e.id] for e in examples], [several(e) for e in examples])
             for c in STRENGTHS for p in [several_out_of_fold(examples, c)]}
    return max(found, key=lambda c: found[c]), found


def options_of(example: Example, probabilities: np.ndarray, scores: np.ndarray) -> tuple[list[Option], list[bool]]:
    """The question's § in the order `judge` puts them (each under its most probable candidate), and whether each
    is a gold §."""
    best: dict[str, int] = {}
    gold: dict[str, bool] = {}
    for i, (paragraph, p) in enumerate(zip(example.paragraphs, probabilities)):
        if paragraph not in best or p > probabilities[best[paragraph]]:
            best[paragraph] = i
        gold[paragraph] = gold.get(paragraph, False) or bool(example.labels[i])
    order = sorted(best.values(), key=lambda i: (-probabilities[i], -scores[i]))
    options = [Option(float(probabilities[i]), float(scores[i]), tuple(example.meetings[i].rsplit("|", 1)),  # type: ignore[arg-type]
                      example.values[i], example.subjects[i]) for i in order]
    return options, [gold[example.paragraphs[i]] for i in order]


def cite_data(examples: list[Example], probabilities: dict[str, np.ndarray], scores: dict[str, np.ndarray],
              several_p: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for e in examples:
        if len(e.values) < 2:
            continue
        options, gold = options_of(e, probabilities[e.id], scores[e.id])
        found = cite_rows(options, several_p[e.id])
        rows.append(found)
        labels += gold[1:1 + len(found)]
    return np.vstack(rows), np.asarray(labels, dtype=bool)


def fit_cite(examples: list[Example], probabilities: dict[str, np.ndarray], scores: dict[str, np.ndarray],
             several_p: dict[str, float]) -> Logistic:
    rows, labels = cite_data(examples, probabilities, scores, several_p)
    return fit_logistic(rows, labels, CITE_FEATURES)


def cite_outcome(example: Example, options: list[Option], gold: list[bool], p: np.ndarray, confidence: float,
                 answer: float, cite: float, cap: int) -> Outcome:
    """What `choose` does with the question at these thresholds (`p`: the citation model's, per § after the
    first)."""
    if not options or confidence < answer:
        return Outcome(example.answerable, True, 0.0, 0.0)
    cited = [0, *(int(i) + 1 for i in np.flatnonzero(p >= cite))][:cap]
    right = sum(gold[i] for i in cited)
    return Outcome(example.answerable, False, right / len(cited), right / max(example.gold_count, 1))


class Judged:
    """Each tune question's § in order, their gold labels and the citation model's probabilities: what the
    threshold search reads again and again."""

    def __init__(self, examples: list[Example], probabilities: dict[str, np.ndarray], scores: dict[str, np.ndarray],
                 several_p: dict[str, float], model: Logistic):
        self.items = []
        for e in examples:
            options, gold = options_of(e, probabilities[e.id], scores[e.id]) if len(e.values) else ([], [])
            p = model.probability(cite_rows(options, several_p[e.id])) if len(options) > 1 else np.zeros(0)
            self.items.append((e, options, gold, p))

    def outcomes(self, confident: dict[str, float], answer: float, cite: float, cap: int,
                 kinds: set[str] | None = None) -> list[Outcome]:
        return [cite_outcome(e, o, g, p, confident[e.id], answer, cite, cap) for e, o, g, p in self.items
                if kinds is None or e.kind in kinds]


def choose_cite_thresholds(judged: Judged, confident: dict[str, float], answer: float) -> dict[str, float]:
    """The citation threshold and number of sources that make the most tune questions exactly right; ties to the
    higher citation precision, then fewer sources, then the higher threshold."""
    best: tuple = ()
    for cap in MAX_SOURCES:
        for cite in ANSWER_THRESHOLDS:
            figures = summary(judged.outcomes(confident, answer, float(cite), cap))
            key = (round(figures["citations_exact"], 6), round(figures["citation_precision"], 6), -cap, cite)
            if not best or key > best[0]:
                best = (key, {"cite": float(cite), "max_sources": float(cap)})
    return best[1]
