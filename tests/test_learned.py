"""The learned answer parts at question time: the fitted files are read only when they match the code's features,
the abstention model reads the best candidate, each § is judged once, and the sentences to quote are the most probable ones."""

import json

import numpy as np
import pytest

from assistant.answer.features import RANK_FEATURES, SENTENCE_FEATURES, Candidate
from assistant.answer.learned import (
    ABSTAIN_FEATURES, ANSWER_FEATURES, Logistic, Ranker, abstain_model, answer_model, answer_rows, judge,
    pick_quotes, question_row, quote_model, ranker, relevant,
)
from assistant.answer.plan import Plan
from assistant.answer.readings import Reading
from assistant.answer.sentences import Background
from assistant.models import Hit
from index.models import Facts, StoredParagraph

THRESHOLDS = {"answer": 0.5, "cite": 0.7}


def candidate(pid: str, **features: float) -> Candidate:
    values = np.zeros(len(RANK_FEATURES))
    for name, value in features.items():
        values[RANK_FEATURES.index(name)] = value
    hit = Hit(StoredParagraph(pid, "Samordningsförbundet Norrbo", "Styrelsen", "2025-03-14", 1, "Titel", "Text.", "f.txt",
                              [], Facts(), "m", 0), 0.0)
    return Candidate(hit, Reading(Plan("fråga", "fråga", "sv")), ["Text."], np.zeros(1), values, Background(0.0, 1.0))


class ByCoverage:
    """A stand-in ranker: the score is the coverage feature."""

    def scores(self, values):
        return values[:, RANK_FEATURES.index("coverage")]


def score_model(thresholds=THRESHOLDS) -> Logistic:
    """P grows with the ranker's score alone."""
    weights = np.zeros(len(ANSWER_FEATURES))
    weights[0] = 4.0
    return Logistic(ANSWER_FEATURES, np.zeros(len(ANSWER_FEATURES)), np.ones(len(ANSWER_FEATURES)), weights, -2.0,
                    dict(thresholds))


def test_the_fitted_files_in_the_repository_read_the_features_of_the_code():
    assert answer_model().features == ANSWER_FEATURES and quote_model().features == SENTENCE_FEATURES
    assert abstain_model().features == ABSTAIN_FEATURES
    assert {"answer", "cite"} <= set(answer_model().thresholds)  # 'cite': for lists of § on a topic (relevant)
    assert len(ranker().scores(np.zeros((3, len(RANK_FEATURES))))) == 3


def test_a_model_fitted_on_other_features_is_refused(tmp_path):
    path = tmp_path / "answer.json"
    path.write_text(json.dumps({"features": ["dense"], "mean": [0], "scale": [1], "weights": [1], "bias": 0,
                                "thresholds": {}}))
    with pytest.raises(ValueError, match="refit"):
        Logistic.load(path, ANSWER_FEATURES)


def test_a_ranker_fitted_on_other_features_is_refused(tmp_path):
    import lightgbm

    data = lightgbm.Dataset(np.random.default_rng(1).normal(size=(40, 2)), np.arange(40) % 2, group=[10] * 4,
                            feature_name=["a", "b"])
    booster = lightgbm.train({"objective": "lambdarank", "verbose": -1, "min_data_in_leaf": 2}, data, num_boost_round=2)
    path = tmp_path / "ranker.txt"
    path.write_text(booster.model_to_string())
    with pytest.raises(ValueError, match="refit"):
        Ranker(path)


def test_the_answer_rows_say_how_far_below_the_best_each_paragraph_is():
    values = np.zeros((3, len(RANK_FEATURES)))
    rows = answer_rows(["a", "b", "a"], values, np.array([2.0, 1.0, 0.5]))
    gap, rank, best = (ANSWER_FEATURES.index(n) for n in ("score_gap", "paragraph_rank", "best"))
    assert rows[:, gap].tolist() == [0.0, 1.0, 1.5]
    assert rows[:, rank].tolist() == [1.0, 0.5, 1.0]  # § 'a' ranks first whatever reading found it
    assert rows[:, best].tolist() == [1.0, 0.0, 0.0]


def test_each_paragraph_is_judged_once_under_its_most_probable_reading():
    found = [candidate("a", coverage=0.2), candidate("b", coverage=0.9), candidate("a", coverage=0.6)]
    judged = judge(found, ByCoverage(), score_model())
    assert [c.hit.id for c in judged] == ["b", "a"]
    assert judged[1].values[RANK_FEATURES.index("coverage")] == 0.6


def test_the_abstention_model_reads_the_best_candidate_and_its_margin_to_the_next():
    row = question_row(np.arange(len(ANSWER_FEATURES), dtype=float), [0.8, 0.3, 0.1])
    assert row[:2].tolist() == [0.8, pytest.approx(0.5)] and row[2:].tolist() == list(range(len(ANSWER_FEATURES)))
    assert question_row(np.zeros(len(ANSWER_FEATURES)), [0.6])[1] == 0.6


def test_the_most_probable_sentences_are_quoted_up_to_the_limit():
    weights = np.zeros(len(SENTENCE_FEATURES))
    weights[SENTENCE_FEATURES.index("holds_type")] = 5.0
    model = Logistic(SENTENCE_FEATURES, np.zeros(len(weights)), np.ones(len(weights)), weights, -2.5,
                     {"quote": 0.5, "max_quotes": 1})
    rows = np.zeros((3, len(SENTENCE_FEATURES)))
    rows[2, SENTENCE_FEATURES.index("holds_type")] = 1.0
    assert pick_quotes(rows, ["a", "b", "c"], alone=False, quotes=model) == ["c"]
    assert pick_quotes(rows, ["a", "b", "c"], alone=True, quotes=model)[0] == "c"  # one more allowed, not needed
    assert pick_quotes(np.zeros((0, len(SENTENCE_FEATURES))), [], alone=True, quotes=model) == []


def test_a_topic_without_candidates_has_nothing_relevant_and_reads_nothing_of_the_store():
    class Unreadable:  # a view whose every attribute fails: nothing may be read for no candidates
        def __getattr__(self, name):
            raise AssertionError(f"read {name}")

    assert relevant(Unreadable(), "Årsredovisning 2025", []) == []
