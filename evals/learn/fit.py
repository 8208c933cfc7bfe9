"""Fitting the § ranker and the answer model on the training examples, and choosing the answer model's thresholds
on the tune examples.

- The ranker is LightGBM's lambdarank over RANK_FEATURES, one group per question, gold § labelled 1.
- The answer model is a logistic regression over ANSWER_FEATURES, fitted on out-of-fold ranker scores (each
  training archive scored by a ranker fitted without it), so it learns how far a score it has not seen can be
  trusted, as at question time.
- Its thresholds (answer, cite, max_sources) are the ones that make the most tune questions come out exactly
  right: an unanswerable question refused, an answerable one citing every gold § and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answer.features import RANK_FEATURES
from assistant.answer.learned import ANSWER_FEATURES, Logistic, answer_rows
from evals.learn.collect import Example

PENALTY = 1.0  # L2 on standardised weights
RANKER_PARAMS = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
                 "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
                 "verbose": -1, "num_threads": 1, "seed": 7, "deterministic": True, "force_row_wise": True}
ROUNDS = 200
ANSWER_THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.025), 3)
MAX_SOURCES = (1, 2, 3, 4, 6)


def logistic_fit(x: np.ndarray, y: np.ndarray, penalty: float = PENALTY, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias maximising the L2-penalised log-likelihood by Newton's method (the bias is not penalised)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    ridge = np.eye(design.shape[1]) * penalty
    ridge[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        gradient = design.T @ (y - p) - ridge @ beta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def fit_logistic(rows: np.ndarray, labels: np.ndarray, features: tuple[str, ...]) -> Logistic:
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    weights, bias = logistic_fit((rows - mean) / scale, labels.astype(float))
    return Logistic(features, mean, scale, weights, bias, {})


def fit_ranker(examples: list[Example], rounds: int = ROUNDS, params: dict | None = None):
    """A LightGBM lambdarank booster over the examples' candidates (questions without any gold candidate teach
    a ranker nothing and are left out)."""
    import lightgbm

    used = [e for e in examples if e.labels.any()]
    data = lightgbm.Dataset(np.vstack([e.values for e in used]), np.concatenate([e.labels for e in used]).astype(int),
                            group=[len(e.labels) for e in used], feature_name=list(RANK_FEATURES), free_raw_data=False)
    return lightgbm.train({**RANKER_PARAMS, **(params or {})}, data, num_boost_round=rounds)


def scores_of(booster, examples: list[Example]) -> dict[str, np.ndarray]:
    return {e.id: booster.predict(e.values, num_threads=1) if len(e.values) else np.zeros(0) for e in examples}


def out_of_fold(examples: list[Example], rounds: int = ROUNDS, params: dict | None = None,
                folds: int | None = None) -> dict[str, np.ndarray]:
    """Each example scored by a ranker fitted without its archive: one fold per archive, or `folds` folds of whole
    archives (dealt in name order)."""
    archives = sorted({e.archive for e in examples})
    fold_of = {a: i % (folds or len(archives)) for i, a in enumerate(archives)}
    scores: dict[str, np.ndarray] = {}
    for fold in sorted(set(fold_of.values())):
        booster = fit_ranker([e for e in examples if fold_of[e.archive] != fold], rounds, params)
        scores |= scores_of(booster, [e for e in examples if fold_of[e.archive] == fold])
    return scores


def answer_data(examples: list[Example], scores: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    rows = [answer_rows(e.paragraphs, e.values, scores[e.id]) for e in examples if len(e.values)]
    labels = [e.labels for e in examples if len(e.values)]
    return np.vstack(rows), np.concatenate(labels)


def fit_answer(examples: list[Example], scores: dict[str, np.ndarray]) -> Logistic:
    rows, labels = answer_data(examples, scores)
    return fit_logistic(rows, labels, ANSWER_FEATURES)


@dataclass(frozen=True)
class Outcome:
    """What the answer model does with one question at given thresholds."""

    answerable: bool
    abstained: bool
    precision: float  # of the cited § (0 when nothing is cited)
    recall: float

    @property
    def right(self) -> bool:
        if not self.answerable:
            return self.abstained
        return not self.abstained and self.precision == 1.0 and self.recall == 1.0


def outcome(example: Example, probabilities: np.ndarray, thresholds: dict[str, float]) -> Outcome:
    best: dict[str, float] = {}
    label: dict[str, bool] = {}
    for paragraph, p, gold in zip(example.paragraphs, probabilities, example.labels):
        best[paragraph] = max(best.get(paragraph, 0.0), float(p))
        label[paragraph] = label.get(paragraph, False) or bool(gold)
    ranked = sorted(best, key=lambda k: -best[k])
    if not ranked or best[ranked[0]] < thresholds["answer"]:
        return Outcome(example.answerable, True, 0.0, 0.0)
    cited = [ranked[0], *(k for k in ranked[1:] if best[k] >= thresholds["cite"])][: int(thresholds["max_sources"])]
    right = sum(label[k] for k in cited)
    return Outcome(example.answerable, False, right / len(cited), right / max(example.gold_count, 1))


def outcomes(examples: list[Example], probabilities: dict[str, np.ndarray], thresholds: dict[str, float]) -> list[Outcome]:
    return [outcome(e, probabilities[e.id], thresholds) for e in examples]


def summary(found: list[Outcome]) -> dict[str, float]:
    """Question-level figures as the eval reports them (citations over answerable questions, a refusal scoring 0)."""
    answerable = [o for o in found if o.answerable]
    unanswerable = [o for o in found if not o.answerable]
    return {
        "citations_exact": float(np.mean([o.right for o in found])) if found else 0.0,
        "citation_precision": float(np.mean([o.precision for o in answerable])) if answerable else 0.0,
        "citation_recall": float(np.mean([o.recall for o in answerable])) if answerable else 0.0,
        "refused_unanswerable": float(np.mean([o.abstained for o in unanswerable])) if unanswerable else 0.0,
        "refused_answerable": float(np.mean([o.abstained for o in answerable])) if answerable else 0.0,
    }


def probabilities_of(model: Logistic, examples: list[Example], scores: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {e.id: model.probability(answer_rows(e.paragraphs, e.values, scores[e.id])) if len(e.values) else np.zeros(0)
            for e in examples}


def choose_thresholds(examples: list[Example], probabilities: dict[str, np.ndarray]) -> dict[str, float]:
    """The answer threshold, citation threshold and source cap under which the most questions come out exactly
    right; ties go to the lower answer threshold (answering when refusing gains nothing: the features tell a near
    miss from an answerable question only weakly, so refusing more refuses answerable questions as often), then
    to fewer sources."""
    best: tuple = ()
    for answer in ANSWER_THRESHOLDS:
        for cite in ANSWER_THRESHOLDS:
            if cite < answer / 2:
                continue
            for cap in MAX_SOURCES:
                t = {"answer": float(answer), "cite": float(cite), "max_sources": float(cap)}
                score = summary(outcomes(examples, probabilities, t))["citations_exact"]
                key = (round(score, 6), -answer, -cap, cite)
                if not best or key > best[0]:
                    best = (key, t)
    return best[1]
