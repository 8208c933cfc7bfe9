"""Fitting the citation set (evals/learn/citeset.py) on invented examples: the question classifier learns the words
of questions that rest on several §, each question's § are put in `judge`'s order, and the citation model with its
threshold cites the second § exactly where the question needs it."""

import numpy as np
import pytest

from assistant.answer.features import RANK_FEATURES
from evals.learn.citeset import (
    Judged, auc, choose_cite_thresholds, fit_cite, fit_several, options_of, several_out_of_fold,
)
from evals.learn.collect import Example
from evals.learn.fit import summary

TOPICS = ["taket", "orgeln", "hörslingan", "kyrkoavgiften", "budgeten", "personalen", "parkeringen", "grusgången",
          "lekplatsen", "hemsidan", "julmarknaden", "kören"]


def question(i: int, several: bool, archive: str, values: np.ndarray | None = None, labels=None) -> Example:
    topic = TOPICS[i % len(TOPICS)]
    text = (f"Vad föreslogs om {topic} först och vad blev det slutliga beslutet?" if several
            else f"Vad kostade {topic} enligt beslutet?")
    values = np.zeros((0, len(RANK_FEATURES))) if values is None else values
    labels = np.zeros(len(values), dtype=bool) if labels is None else labels
    meetings = [f"Församlingen Lindby|2024-0{1 + j}-10" for j in range(len(values))]
    return Example(f"{archive}-{i}", "train", archive, "cross_meeting" if several else "number", "sv", "answer", True,
                   2 if several else 1, values, labels, [f"{archive}-{i}-p{j}" for j in range(len(values))],
                   meetings=meetings, question=text, subjects=[{frozenset({topic}): 1.0}] * len(values))


def test_auc_is_the_chance_that_a_positive_scores_above_a_negative():
    assert auc([0.9, 0.1, 0.5], [True, False, False]) == 1.0
    assert auc([0.5, 0.5], [True, False]) == 0.5


def test_the_question_classifier_learns_the_words_of_questions_resting_on_several_paragraphs():
    found = [question(i, i % 3 == 0, f"a{i % 4}") for i in range(96)]
    model = fit_several(found, 1.0)
    assert model.probability("Vad föreslogs om orgeln först och vad blev det slutliga beslutet?") > 0.6
    assert model.probability("Vad kostade orgeln enligt beslutet?") < 0.4
    out = several_out_of_fold(found, 1.0)  # each archive classified by a classifier fitted without it
    assert set(out) == {e.id for e in found}
    assert auc([out[e.id] for e in found], [e.gold_count >= 2 for e in found]) > 0.95


def test_a_questions_paragraphs_are_put_in_judges_order_each_once():
    e = question(0, True, "a", np.zeros((4, len(RANK_FEATURES))), np.array([False, True, False, True]))
    e.paragraphs = ["p1", "p2", "p1", "p3"]
    options, gold = options_of(e, np.array([0.3, 0.8, 0.6, 0.5]), np.zeros(4))
    assert [o.probability for o in options] == [0.8, 0.6, 0.5] and gold == [True, False, True]


def with_candidates(i: int, several: bool, archive: str, rng: np.random.Generator) -> Example:
    """Four candidates in four meetings; the first is gold; a question resting on several § has its second gold §
    second or third, holding a sentence of the asked kind, the others none."""
    values = rng.normal(scale=0.1, size=(4, len(RANK_FEATURES)))
    labels = np.array([True, False, False, False])
    if several:
        labels[1 + i % 2] = True
        values[1 + i % 2, RANK_FEATURES.index("holds_type")] = 1.0
    return question(i, several, archive, values, labels)


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(3)
    train = [with_candidates(i, i % 3 == 0, f"a{i % 4}", rng) for i in range(120)]
    tune = [with_candidates(i, i % 3 == 0, "t", rng) for i in range(60)]
    p = {e.id: np.array([0.9, 0.6, 0.5, 0.2]) for e in train + tune}
    scores = {e.id: np.array([3.0, 2.0, 1.5, 0.0]) for e in train + tune}
    classifier = fit_several(train, 1.0)
    model = fit_cite(train, p, scores, several_out_of_fold(train, 1.0))
    judged = Judged(tune, p, scores, {e.id: classifier.probability(e.question) for e in tune}, model)
    return judged, {e.id: 0.9 for e in tune}


def test_the_threshold_cites_a_second_paragraph_where_the_question_rests_on_several(fitted):
    judged, sure = fitted
    chosen = choose_cite_thresholds(judged, sure, answer=0.5)
    found = summary(judged.outcomes(sure, 0.5, chosen["cite"], int(chosen["max_sources"])))
    one = summary(judged.outcomes(sure, 0.5, chosen["cite"], 1))  # the first § alone
    assert chosen["max_sources"] >= 2 and found["citations_exact"] > one["citations_exact"] + 0.1
    assert found["citation_precision"] >= 0.8
