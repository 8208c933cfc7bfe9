"""Fit the relevance model behind abstention (assistant/relevance.json) on a question set, and check it on another.

    python -m evals.fit_relevance --gold evals/tune.jsonl --archive corpus --archive evals/layouts --check evals/test.jsonl

Every question is planned and searched exactly as `ask` does (every reading of it); each candidate § it
retrieves is one example, labelled by whether it is a gold § of the question. The model is a logistic
regression over standardised features (assistant/answer/support.py FEATURES), fitted by Newton's method with
a small L2 penalty. The answer threshold is the probability that makes the most questions come out
right on the split's own mix: an unanswerable question abstains, an answerable one has a gold § as its
most probable one (evals/README.md shows the trade-off at other thresholds).
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.models import Filters
from assistant.answer.support import FEATURES, MODEL_FILE, RelevanceModel
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
    paragraphs: tuple[str, ...] = ()  # the candidate § ids, row by row (readings may repeat one)
    gold_count: int = 0


def examples(store, items: list[GoldItem]) -> list[Question]:
    """Every question's candidate § with their features and labels, from every reading `ask` would try."""
    from assistant.answer.compose import _search, candidates
    from assistant.answer.plan import understand, with_filters

    indexed = {Ref(p.date, p.number) for p in store.paragraphs}
    out = []
    for item in items:
        if item.answerable and not set(item.gold) & indexed:  # its § was not parsed: it says nothing about relevance
            log.warning("%s: no gold § in the archive; left out", item.id)
            continue
        plan = with_filters(understand(item.question, list(item.history) or None, store.meetings), Filters())
        readings = [r for c in filter(None, (plan.standalone, plan)) for r in filter(None, (c, c.undated))]
        gold = set(item.gold)
        rows, labels, ids = [], [], []
        for reading in readings:
            if reading.no_meeting_in_range and not reading.mentions:
                continue
            for evidence in candidates(store, reading, _search(store, reading, reading.filters)):
                rows.append(evidence.values)
                ids.append(evidence.hit.id)
                labels.append(Ref(evidence.hit.date, evidence.hit.paragraph) in gold)
        values = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))
        out.append(Question(item.id, item.answerable, values, np.array(labels, dtype=bool), tuple(ids), len(gold)))
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


def citation_f1(model: RelevanceModel, questions: list[Question], cite: float) -> float:
    """Mean F1 of the cited § over the answerable questions the model answers: the best § and every
    further one at least `cite` probable, at most the rule 'answer.max_sources'."""
    from index.lang.registry import rules

    scores = []
    for q in questions:
        if not q.answerable or not len(q.values):
            continue
        p = model.probability(q.values)
        order = np.argsort(-p)
        if p[order[0]] < model.threshold:
            continue
        cited: dict[str, bool] = {}
        for i in order:
            if q.paragraphs[i] not in cited and (not cited or p[i] >= cite) and len(cited) < rules().answer.max_sources:
                cited[q.paragraphs[i]] = bool(q.labels[i])
        right = sum(cited.values())
        precision, recall = right / len(cited), right / max(q.gold_count, 1)
        scores.append(2 * precision * recall / (precision + recall) if right else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def fit(questions: list[Question]) -> RelevanceModel:
    values = np.vstack([q.values for q in questions if len(q.values)])
    labels = np.concatenate([q.labels for q in questions if len(q.values)]).astype(float)
    mean, scale = values.mean(axis=0), values.std(axis=0)
    scale[scale == 0] = 1.0
    weights, bias = logistic_fit((values - mean) / scale, labels)
    model = RelevanceModel(FEATURES, tuple(mean.round(5)), tuple(scale.round(5)), tuple(weights.round(5)),
                           round(bias, 5), 0.5, 0.5)
    scores = [(decisions_right(model, questions, t)["right"], -abs(t - 0.5), t) for t in THRESHOLDS]
    model = replace(model, threshold=float(max(scores)[2]))
    cites = [(citation_f1(model, questions, t), -abs(t - 0.5), t) for t in THRESHOLDS]
    return replace(model, cite_threshold=float(max(cites)[2]))


def main(argv: list[str] | None = None) -> None:
    from assistant.engine import open_store
    from evals.run import eval_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="the question set to fit on (the tune split)")
    parser.add_argument("--archive", type=Path, action="append", help="protocol folders the questions are about (default corpus/)")
    parser.add_argument("--store", type=Path, help="an index of exactly that archive, used as it is (instead of --archive)")
    parser.add_argument("--save", type=Path, help="also keep the examples (features and labels) in this pickle")
    parser.add_argument("--check", type=Path, action="append", default=[], help="question sets to measure the fitted model on")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where the coefficients go")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from assistant.settings import Settings

    settings = Settings.load(store=args.store) if args.store else eval_settings(args.archive or [Path("corpus")])
    store = open_store(settings)
    train = examples(store, load_gold(args.gold))
    if args.save:
        with open(args.save, "wb") as handle:
            pickle.dump(train, handle)
    model = fit(train)
    args.out.write_text(json.dumps(model.to_json() | {"_fitted_on": str(args.gold)}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"fitted_on": str(args.gold), "examples": int(sum(len(q.values) for q in train)),
                      "weights": dict(zip(FEATURES, model.weights)), "threshold": model.threshold,
                      "cite_threshold": model.cite_threshold,
                      str(args.gold): decisions_right(model, train) | {"citation_f1": citation_f1(model, train, model.cite_threshold)}},
                     indent=1))
    for path in args.check:
        checked = examples(store, load_gold(path))
        print(json.dumps({str(path): decisions_right(model, checked) | {"citation_f1": citation_f1(model, checked, model.cite_threshold)}}, indent=1))


if __name__ == "__main__":
    main()
