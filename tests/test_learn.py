"""Fitting the learned answer parts (evals/learn/): the logistic fit finds the evidence's direction, the ranker
puts gold § first on examples where a feature tells them, the thresholds make the most questions come out exactly
right, the sentence selector prefers fact-holding sentences, and calibration is measured by bins."""

import numpy as np
import pytest

from assistant.answer.features import RANK_FEATURES, SENTENCE_FEATURES
from evals.learn.collect import Example, holds_fact
from evals.learn.fit import (
    choose_thresholds, confidences, fit_abstain, fit_answer, fit_ranker, logistic_fit, out_of_fold, outcome, outcomes, probabilities_of,
    scores_of, summary,
)
from evals.learn.quotes import choose_quote_thresholds, fit_quotes, quoted_share
from evals.learn.reliability import expected_calibration_error, table

COVERAGE = RANK_FEATURES.index("coverage")


def example(i: int, answerable: bool, rng: np.random.Generator, archive: str) -> Example:
    """Six candidates; an answerable question's gold § covers its subject, an unanswerable one's best covers half."""
    values = rng.normal(scale=0.3, size=(6, len(RANK_FEATURES)))
    values[:, COVERAGE] = rng.uniform(0.0, 0.3, 6)
    labels = np.zeros(6, dtype=bool)
    if answerable:
        values[0, COVERAGE], labels[0] = 0.95, True
    else:
        values[0, COVERAGE] = 0.5
    sentences = rng.normal(size=(4, len(SENTENCE_FEATURES)))
    holds = SENTENCE_FEATURES.index("holds_type")
    sentences[:, holds] = [1.0, 0.0, 0.0, 0.0]
    return Example(f"q{i}", "train", archive, "number", "sv", "answer", answerable, int(answerable), values, labels,
                   [f"q{i}-p{j}" for j in range(6)], sentences, np.array([True, False, False, False]),
                   np.zeros(4, dtype=int))


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    rng = np.random.default_rng(5)
    return [example(i, i % 4 != 0, rng, f"archive{i % 3}") for i in range(120)]


def test_logistic_fit_recovers_the_direction_of_the_evidence():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 2))
    y = (rng.random(400) < 1 / (1 + np.exp(-(2.0 * x[:, 0] - 0.5)))).astype(float)
    weights, bias = logistic_fit(x, y, penalty=0.1)
    assert 1.4 < weights[0] < 2.8 and abs(weights[1]) < 0.4 and -1.0 < bias < 0.0


def test_the_ranker_and_the_answer_model_learn_what_tells_a_gold_paragraph(examples):
    booster = fit_ranker(examples, rounds=30, params={"min_data_in_leaf": 5})
    scores = scores_of(booster, examples)
    assert np.mean([np.argmax(scores[e.id]) == 0 for e in examples if e.answerable]) > 0.95
    oof = out_of_fold(examples, rounds=30, params={"min_data_in_leaf": 5})
    model = fit_answer(examples, oof)
    p = probabilities_of(model, examples, oof)
    sure = confidences(fit_abstain(examples, oof, p), examples, oof, p)
    thresholds = choose_thresholds(examples, p, sure)
    found = summary(outcomes(examples, p, thresholds, sure))
    assert found["citations_exact"] > 0.9 and found["refused_unanswerable"] > 0.8
    assert found["refused_answerable"] <= 0.08  # the cost the threshold may take (ANSWERABLE_COST)


def test_an_outcome_is_right_only_when_every_gold_paragraph_and_nothing_else_is_cited():
    e = Example("q", "tune", "a", "cross_meeting", "sv", "answer", True, 2, np.zeros((3, len(RANK_FEATURES))),
                np.array([True, True, False]), ["p1", "p2", "p3"])
    thresholds = {"answer": 0.5, "cite": 0.5, "max_sources": 3}
    assert outcome(e, np.array([0.9, 0.8, 0.1]), thresholds, 0.9).right
    assert not outcome(e, np.array([0.9, 0.8, 0.6]), thresholds, 0.9).right  # one § too many
    assert not outcome(e, np.array([0.9, 0.4, 0.1]), thresholds, 0.9).right  # one gold § missing
    refused = outcome(e, np.array([0.9, 0.8, 0.1]), thresholds, 0.4)  # the abstention model is not sure enough
    assert refused.abstained and not refused.right


def test_a_question_across_meetings_cites_the_best_paragraph_of_each_meeting():
    e = Example("q", "tune", "a", "cross_meeting", "sv", "answer", True, 2, np.zeros((3, len(RANK_FEATURES))),
                np.array([True, False, True]), ["p1", "p2", "p3"],
                meetings=["org|2025-03-01", "org|2025-03-01", "org|2025-09-01"], across=True)
    thresholds = {"answer": 0.5, "cite": 0.9, "max_sources": 1, "cite_across": 0.3}
    assert outcome(e, np.array([0.9, 0.6, 0.4]), thresholds, 0.9).right  # p2 shares p1's meeting: left out


def test_the_sentence_selector_quotes_the_fact_holding_sentence(examples):
    model = fit_quotes(examples)
    thresholds = choose_quote_thresholds(model, examples)
    share, per_paragraph = quoted_share(model, examples, thresholds)
    assert share == 1.0 and per_paragraph <= 2.0


def test_a_fact_is_found_in_a_sentence_as_the_eval_finds_it():
    assert holds_fact("Förbundet beviljas 240\u00a0000 kronor.", ("240 000 kronor",))
    assert not holds_fact("Förbundet beviljas medel.", ("240 000 kronor",))


def test_calibration_is_measured_by_bins():
    predicted = np.array([0.05, 0.15, 0.95, 0.92, 0.55])
    observed = np.array([0.0, 0.0, 1.0, 1.0, 1.0])
    rows = table(predicted, observed)
    assert [r[1] for r in rows] == [1, 1, 1, 2]
    assert expected_calibration_error(predicted, observed) == pytest.approx((0.05 + 0.15 + 0.45 + 2 * 0.065) / 5)


def test_what_is_pickled_is_made_once_and_read_back_after(tmp_path) -> None:
    from evals.learn import pickled

    made = []

    def make() -> list[int]:
        made.append(1)
        return [1, 2, 3]

    path = tmp_path / "cache" / "train-abc.pkl"
    assert pickled(path, make) == [1, 2, 3] and path.is_file()
    assert pickled(path, make) == [1, 2, 3]
    assert made == [1]


def test_the_cross_reader_is_fitted_on_whole_archives_and_read_out_of_fold():
    from assistant.answer.crossread import DIMENSIONS
    from evals.learn.nearmiss import archive_folds, auc, fit_cross, out_of_fold

    folds = archive_folds(["b", "a", "c", "a", "b"], folds=2)
    assert folds.tolist() == [1, 0, 0, 0, 1]  # an archive's cases share a fold; archives dealt in name order
    rng = np.random.default_rng(3)
    archives = [f"archive{i % 6}" for i in range(900)]
    labels = rng.random(900) < 0.7
    shifts = rng.normal(scale=0.05, size=(900, DIMENSIONS))
    shifts[~labels, 7] += 0.15  # a § lacking the asked detail is moved along one direction by the question
    folds = archive_folds(archives, folds=3)
    reader, per_fold, penalty = fit_cross(shifts, labels, folds, penalties=(100.0, 1000.0))
    assert penalty in (100.0, 1000.0) and set(per_fold) == {0, 1, 2}
    assert reader.weights[7] < 0 and abs(reader.weights[7]) == np.abs(reader.weights).max()
    read = out_of_fold(per_fold, shifts, folds)
    assert auc(read, labels) > 0.8  # each archive read by a reader that never saw it
