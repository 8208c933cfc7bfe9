"""Fitting the § ranker and the answer model on the training examples, and choosing the answer model's thresholds
on the tune examples.

- The ranker is LightGBM's lambdarank over RANK_FEATURES, one group per question, gold § labelled 1.
- The answer model is a logistic regression over ANSWER_FEATURES, fitted on out-of-fold ranker scores (each
  training archive scored by a ranker fitted without it), so it learns how far a score it has not seen can be
  trusted, as at question time.
- The abstention model is a logistic regression over ABSTAIN_FEATURES, one row per training question (its best
  candidate), labelled by whether that candidate is a gold §.
- The thresholds (answer, on the abstention model; cite, max_sources, cite_across, on the answer model) are chosen
  on tune for a stated target: the answer threshold refuses as many near misses and unanswerable questions as it
  can (up to REFUSE_TARGET) while refusing at most ANSWERABLE_COST of the answerable ones; among those, the
  thresholds that make the most tune questions come out exactly right (an unanswerable question refused, an
  answerable one citing every gold § and nothing else). `trade_off` prints what the target costs in answerable
  questions refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answer.features import RANK_FEATURES
from assistant.answer.learned import ABSTAIN_FEATURES, ANSWER_FEATURES, Logistic, answer_rows, question_row
from evals.learn.collect import Example

PENALTY = 1.0  # L2 on standardised weights
RANKER_PARAMS = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
                 "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
                 "verbose": -1, "num_threads": 1, "seed": 7, "deterministic": True, "force_row_wise": True}
ROUNDS = 200
ANSWER_THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.025), 3)
MAX_SOURCES = (1, 2, 3, 4, 6)
MAX_CROSS_SOURCES = 6  # § of several meetings `choose` cited before the learned citation set (evals/learn/citeset.py)
REFUSE_TARGET = 0.85  # share of near misses and unanswerable questions of tune the answer threshold should refuse ...
ANSWERABLE_COST = 0.08  # ... while refusing at most this share of tune's answerable questions (the bar)


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


def fit_logistic(rows: np.ndarray, labels: np.ndarray, features: tuple[str, ...], penalty: float = PENALTY) -> Logistic:
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    weights, bias = logistic_fit((rows - mean) / scale, labels.astype(float), penalty)
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


def top_of(example: Example, probabilities: np.ndarray) -> tuple[int, list[float]]:
    """The row of the question's most probable candidate and each distinct §'s probability, the best first (as
    `judge` keeps them)."""
    best: dict[str, float] = {}
    for paragraph, p in zip(example.paragraphs, probabilities):
        best[paragraph] = max(best.get(paragraph, 0.0), float(p))
    return int(np.argmax(probabilities)), sorted(best.values(), reverse=True)


def question_data(examples: list[Example], scores: dict[str, np.ndarray],
                  probabilities: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """One row per question with candidates (ABSTAIN_FEATURES of its best candidate), labelled by whether that
    candidate is a gold §: what the abstention model learns."""
    rows, labels, ids = [], [], []
    for e in examples:
        if not len(e.values):
            continue
        top, distinct = top_of(e, probabilities[e.id])
        rows.append(question_row(answer_rows(e.paragraphs, e.values, scores[e.id])[top], distinct))
        labels.append(bool(e.labels[top]))
        ids.append(e.id)
    return np.vstack(rows), np.asarray(labels), ids


def fit_abstain(examples: list[Example], scores: dict[str, np.ndarray], probabilities: dict[str, np.ndarray]) -> Logistic:
    rows, labels, _ = question_data(examples, scores, probabilities)
    return fit_logistic(rows, labels, ABSTAIN_FEATURES)


def confidences(model: Logistic, examples: list[Example], scores: dict[str, np.ndarray],
                probabilities: dict[str, np.ndarray]) -> dict[str, float]:
    """The abstention model's probability per question (0 for a question without candidates)."""
    rows, _, ids = question_data(examples, scores, probabilities)
    return {**{e.id: 0.0 for e in examples}, **dict(zip(ids, model.probability(rows).tolist()))}


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


def outcome(example: Example, probabilities: np.ndarray, thresholds: dict[str, float], confidence: float) -> Outcome:
    """What `choose` (assistant/answer/learned.py) does with the question's candidates at these thresholds, given
    the abstention model's confidence that the question is answered."""
    best: dict[str, float] = {}
    label: dict[str, bool] = {}
    meeting: dict[str, str] = {}
    for i, (paragraph, p, gold) in enumerate(zip(example.paragraphs, probabilities, example.labels)):
        best[paragraph] = max(best.get(paragraph, 0.0), float(p))
        label[paragraph] = label.get(paragraph, False) or bool(gold)
        meeting[paragraph] = example.meetings[i] if example.meetings else paragraph
    ranked = sorted(best, key=lambda k: -best[k])
    if not ranked or confidence < thresholds["answer"]:
        return Outcome(example.answerable, True, 0.0, 0.0)
    if example.across:
        per_meeting: dict[str, str] = {}
        for k in ranked:
            if k == ranked[0] or best[k] >= thresholds.get("cite_across", thresholds["cite"]):
                per_meeting.setdefault(meeting[k], k)
        cited = list(per_meeting.values())[:MAX_CROSS_SOURCES]
    else:
        cited = [ranked[0], *(k for k in ranked[1:] if best[k] >= thresholds["cite"])][: int(thresholds["max_sources"])]
    right = sum(label[k] for k in cited)
    return Outcome(example.answerable, False, right / len(cited), right / max(example.gold_count, 1))


def outcomes(examples: list[Example], probabilities: dict[str, np.ndarray], thresholds: dict[str, float],
             confident: dict[str, float]) -> list[Outcome]:
    return [outcome(e, probabilities[e.id], thresholds, confident[e.id]) for e in examples]


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


def choose_thresholds(examples: list[Example], probabilities: dict[str, np.ndarray], confident: dict[str, float],
                      refuse_target: float = REFUSE_TARGET, answerable_cost: float = ANSWERABLE_COST) -> dict[str, float]:
    """The answer threshold, citation thresholds and source cap that refuse the most of the questions the archive
    does not answer (near misses and unanswerable ones), up to `refuse_target`, among those that refuse at most
    `answerable_cost` of the answerable questions; then the most questions exactly right. Ties go to the lower
    answer threshold, then to fewer sources. The citation threshold across meetings ('cite_across') is chosen
    after them, on the questions that ask across meetings."""
    best: tuple = ()
    for answer in ANSWER_THRESHOLDS:
        for cite in ANSWER_THRESHOLDS:
            if cite < answer / 2:
                continue
            for cap in MAX_SOURCES:
                t = {"answer": float(answer), "cite": float(cite), "max_sources": float(cap), "cite_across": float(cite)}
                figures = summary(outcomes(examples, probabilities, t, confident))
                refused = figures["refused_unanswerable"]
                affordable = figures["refused_answerable"] <= answerable_cost
                key = (affordable, min(refused, refuse_target), round(figures["citations_exact"], 6), -answer, -cap, cite)
                if not best or key > best[0]:
                    best = (key, t)
    chosen = best[1]
    across = [e for e in examples if e.across]
    if across:
        scored = [(summary(outcomes(across, probabilities, {**chosen, "cite_across": float(c)}, confident))["citations_exact"], -c)
                  for c in ANSWER_THRESHOLDS]
        chosen["cite_across"] = -max(scored)[1]
    return chosen


def trade_off(examples: list[Example], probabilities: dict[str, np.ndarray], thresholds: dict[str, float],
              confident: dict[str, float]) -> list[dict]:
    """At each answer threshold (the others as chosen): exactly right, near misses and unanswerable refused,
    answerable refused: what a refusal target costs, for evals/README.md."""
    rows = []
    for answer in ANSWER_THRESHOLDS:
        figures = summary(outcomes(examples, probabilities, {**thresholds, "answer": float(answer)}, confident))
        rows.append({"answer": float(answer), **{k: round(v, 3) for k, v in figures.items()}})
    return rows
