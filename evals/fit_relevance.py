"""Fit the relevance model behind abstention (assistant/relevance.json) on a question set, and check it on another.

    python -m evals.fit_relevance --gold evals/tune.jsonl --archive corpus --archive evals/layouts --check evals/test.jsonl

Every question is planned and searched exactly as `ask` does (every reading of it); each candidate § it
retrieves is one example, labelled by whether it is a gold § of the question. The model is a logistic
regression over standardised features (assistant/support.py FEATURES), fitted by Newton's method with
a small L2 penalty. The answer threshold is the probability that makes the most questions come out
right: an unanswerable question abstains, an answerable one has a gold § as its most probable one.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.models import Filters
from assistant.support import FEATURES, MODEL_FILE, RelevanceModel
from evals.harness import GoldItem, load_gold
from evals.metrics import Ref

log = logging.getLogger(__name__)

PENALTY = 1.0  # L2 on the standardised weights: a few hundred examples, seven features
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def logistic_fit(x: np.ndarray, y: np.ndarray, penalty: float = PENALTY, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias maximising the L2-penalised log-likelihood (the bias is not penalised)."""
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


@dataclass
class Question:
    """One question's candidates: feature rows, gold labels, and whether it has an answer at all."""

    id: str
    answerable: bool
    values: np.ndarray
    labels: np.ndarray


def examples(store, items: list[GoldItem]) -> list[Question]:
    """Every question's candidate § with their features and labels, from every reading `ask` would try."""
    from assistant.answer import _search, candidates
    from assistant.question import understand, with_filters

    out = []
    for item in items:
        plan = with_filters(understand(item.question, list(item.history) or None, store.meetings), Filters())
        readings = [r for c in filter(None, (plan.standalone, plan)) for r in filter(None, (c, c.undated))]
        gold = set(item.gold)
        rows, labels = [], []
        for reading in readings:
            if reading.no_meeting_in_range and not reading.mentions:
                continue
            for evidence in candidates(store, reading, _search(store, reading, reading.filters)):
                rows.append(evidence.values)
                labels.append(Ref(evidence.hit.date, evidence.hit.paragraph) in gold)
        values = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))
        out.append(Question(item.id, item.answerable, values, np.array(labels, dtype=bool)))
    return out


def decisions_right(model: RelevanceModel, questions: list[Question], threshold: float | None = None) -> dict[str, float]:
    """Question-level outcome: unanswerable ones abstain; answerable ones are answered from a gold §."""
    t = model.threshold if threshold is None else threshold
    answerable = unanswerable = abstain_right = answered_right = false_abstain = 0
    for q in questions:
        p = model.probability(q.values) if len(q.values) else np.zeros(0)
        best = int(np.argmax(p)) if len(p) else -1
        answered = best >= 0 and p[best] >= t
        if q.answerable:
            answerable += 1
            answered_right += answered and bool(q.labels[best])
            false_abstain += not answered
        else:
            unanswerable += 1
            abstain_right += not answered
    return {"questions": len(questions), "right": (answered_right + abstain_right) / max(len(questions), 1),
            "abstention_accuracy": abstain_right / max(unanswerable, 1),
            "false_abstention": false_abstain / max(answerable, 1),
            "answered_from_gold": answered_right / max(answerable, 1)}


def fit(questions: list[Question]) -> RelevanceModel:
    values = np.vstack([q.values for q in questions if len(q.values)])
    labels = np.concatenate([q.labels for q in questions if len(q.values)]).astype(float)
    mean, scale = values.mean(axis=0), values.std(axis=0)
    scale[scale == 0] = 1.0
    weights, bias = logistic_fit((values - mean) / scale, labels)
    model = RelevanceModel(FEATURES, tuple(mean.round(5)), tuple(scale.round(5)), tuple(weights.round(5)),
                           round(bias, 5), 0.5)
    scores = [(decisions_right(model, questions, t)["right"], -abs(t - 0.5), t) for t in THRESHOLDS]
    best = max(scores)[2]
    return RelevanceModel(model.features, model.mean, model.scale, model.weights, model.bias, float(best))


def main(argv: list[str] | None = None) -> None:
    from evals.run import eval_settings
    from assistant.engine import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="the question set to fit on (the tune split)")
    parser.add_argument("--archive", type=Path, action="append", help="protocol folders the questions are about (default corpus/)")
    parser.add_argument("--check", type=Path, action="append", default=[], help="question sets to measure the fitted model on")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where the coefficients go")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    store = open_store(eval_settings(args.archive or [Path("corpus")]))
    train = examples(store, load_gold(args.gold))
    model = fit(train)
    args.out.write_text(json.dumps(model.to_json() | {"_fitted_on": str(args.gold)}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"fitted_on": str(args.gold), "examples": int(sum(len(q.values) for q in train)),
                      "weights": dict(zip(FEATURES, model.weights)), "threshold": model.threshold,
                      str(args.gold): decisions_right(model, train)}, indent=1))
    for path in args.check:
        print(json.dumps({str(path): decisions_right(model, examples(store, load_gold(path)))}, indent=1))


if __name__ == "__main__":
    main()
