"""The citation set at question time (assistant/answer/citeset.py): a question is read by the character n-grams of
its words; each § after the first is described against the first (its meeting, the subject words only it holds,
its margins); a further § is cited when the citation model clears its threshold, up to the fitted number of
sources and the rule 'answer.max_sources'; nothing is cited when the abstention model is not sure enough."""

import json

import numpy as np
import pytest

from assistant.answer.citeset import (
    CITE_FEATURES, NGRAM_SIZES, NgramClassifier, Option, choose, cite_model, cite_rows, further, ngrams, several_model,
)
from assistant.answer.features import RANK_FEATURES, Candidate
from assistant.answer.learned import ABSTAIN_FEATURES, ANSWER_FEATURES, Logistic, judge
from assistant.answer.plan import Plan
from assistant.answer.readings import Reading
from assistant.answer.sentences import Background
from assistant.models import Hit
from index.lang.registry import changed
from index.models import Facts, StoredParagraph

KOSTNAD, TAK = frozenset({"kostnad"}), frozenset({"tak"})


def option(p: float, date: str, subject: dict, org: str = "Församlingen Lindby", **features: float) -> Option:
    values = np.zeros(len(RANK_FEATURES))
    for name, value in features.items():
        values[RANK_FEATURES.index(name)] = value
    return Option(p, 10 * p, (org, date), values, subject)


def cite_on(name: str, thresholds: dict | None = None, weight: float = 4.0, bias: float = -2.0) -> Logistic:
    """A citation model that cites a § exactly when the named feature is 1."""
    weights = np.zeros(len(CITE_FEATURES))
    weights[CITE_FEATURES.index(name)] = weight
    return Logistic(CITE_FEATURES, np.zeros(len(weights)), np.ones(len(weights)), weights, bias,
                    thresholds or {"cite": 0.5, "max_sources": 3})


def test_a_question_is_read_by_the_character_n_grams_of_its_words():
    assert ngrams("Ja") == {" ja", "ja ", " ja "}
    found = ngrams("Vad blev kostnaden och vad föreslogs?")
    assert {" oc", "och", "ch ", " och ", "vad ", "nade"} <= found and " och v" not in found  # words apart
    assert NGRAM_SIZES == (3, 4, 5)


def test_the_question_classifier_adds_the_weights_of_the_n_grams_a_question_holds(tmp_path):
    model = NgramClassifier({" och ": 2.0, "jämf": 1.0}, -2.0)
    assert model.probability("Vad kostade taket?") == pytest.approx(1 / (1 + np.exp(2.0)))
    assert model.probability("Vad föreslogs och vad beslutades jämfört med budgeten?") == pytest.approx(1 / (1 + np.exp(-1.0)))
    path = tmp_path / "several.json"
    path.write_text(json.dumps({**model.to_json(), "sizes": [2]}))
    with pytest.raises(ValueError, match="refit"):
        NgramClassifier.load(path)


def test_each_later_paragraph_is_described_against_the_first():
    options = [option(0.9, "2024-03-19", {KOSTNAD: 0.6}),
               option(0.5, "2024-03-19", {KOSTNAD: 0.6}, holds_type=1.0),
               option(0.4, "2024-10-15", {KOSTNAD: 0.6, TAK: 0.4}),
               option(0.3, "2024-10-15", {}, org="Samordningsförbundet Norrbo")]
    rows = cite_rows(options, several=0.8)
    column = {name: rows[:, i].tolist() for i, name in enumerate(CITE_FEATURES)}
    assert column["same_meeting"] == [1.0, 0.0, 0.0] and column["same_organisation"] == [1.0, 1.0, 0.0]
    assert column["first_of_meeting"] == [0.0, 1.0, 1.0]  # Norrbo's meeting is another meeting on the same day
    assert column["new_subject"] == [0.0, pytest.approx(0.4), 0.0]  # 'tak' only the third holds
    assert column["several_elsewhere"] == [0.0, 0.8, 0.8] and column["holds_type"] == [1.0, 0.0, 0.0]
    assert column["probability_gap"] == pytest.approx([0.4, 0.5, 0.6]) and column["rank"] == pytest.approx([1 / 2, 1 / 3, 1 / 4])
    assert column["first_coverage"] == [0.6] * 3


def test_a_further_paragraph_is_cited_when_the_citation_model_clears_its_threshold():
    options = [option(0.9, "2024-03-19", {KOSTNAD: 1.0}), option(0.6, "2024-03-19", {KOSTNAD: 1.0}),
               option(0.5, "2024-10-15", {KOSTNAD: 1.0})]
    sure, unsure = NgramClassifier({}, 5.0), NgramClassifier({}, -5.0)
    model = cite_on("first_of_meeting")
    assert further(options, "Vad kostade taket först och till slut?", model, sure) == [2]
    assert further(options[:1], "Vad kostade taket?", model, sure) == []
    # read through the question: cited only when the question reads as resting on several §
    by_question = cite_on("several", weight=12.0, bias=-10.0)
    assert further(options, "Vad kostade taket?", by_question, sure) == [1, 2]
    assert further(options, "Vad kostade taket?", by_question, unsure) == []


def test_the_sources_cited_are_capped_by_the_fitted_number_and_the_rule():
    options = [option(0.9 - i / 10, f"2024-0{i + 1}-10", {}) for i in range(5)]
    sure = NgramClassifier({}, 5.0)
    everything = cite_on("first_of_meeting", thresholds={"cite": 0.5, "max_sources": 6})
    assert further(options, "Hur har det ändrats?", everything, sure) == [1, 2, 3, 4][:2]  # the rule's default, 3 §
    with changed({"answer.max_sources": 6}):
        assert further(options, "Hur har det ändrats?", everything, sure) == [1, 2, 3, 4]
    capped = cite_on("first_of_meeting", thresholds={"cite": 0.5, "max_sources": 2})
    assert further(options, "Hur har det ändrats?", capped, sure) == [1]


def candidate(pid: str, date: str, coverage: float, org: str = "Församlingen Lindby", intents=frozenset()) -> Candidate:
    values = np.zeros(len(RANK_FEATURES))
    values[RANK_FEATURES.index("coverage")] = coverage
    hit = Hit(StoredParagraph(pid, org, "Styrelsen", date, 1, "Titel", "Text.", "f.txt", [], Facts(), "m", 0), 0.0)
    plan = Plan("Vad kostade taket?", "Vad kostade taket?", "sv", intents=set(intents))
    return Candidate(hit, Reading(plan), ["Text."], np.zeros(1), values, Background(0.0, 1.0), subject={KOSTNAD: coverage})


class ByCoverage:
    def scores(self, values):
        return values[:, RANK_FEATURES.index("coverage")]


def linear(features: tuple[str, ...], weight: float, bias: float, thresholds: dict) -> Logistic:
    weights = np.zeros(len(features))
    weights[0] = weight
    return Logistic(features, np.zeros(len(features)), np.ones(len(features)), weights, bias, thresholds)


def test_an_answer_cites_its_best_paragraph_and_what_the_citation_model_adds_or_nothing():
    answer = linear(ANSWER_FEATURES, 4.0, -2.0, {"answer": 0.5, "cite": 0.7})
    judged = judge([candidate("a", "2024-03-19", 1.0), candidate("b", "2024-10-15", 0.8), candidate("c", "2024-10-15", 0.1)],
                   ByCoverage(), answer)
    sure = linear(ABSTAIN_FEATURES, 8.0, -4.0, {})
    every_meeting = cite_on("first_of_meeting")
    chosen = choose(judged, answer, sure, every_meeting, NgramClassifier({}, 0.0))
    assert [c.hit.id for c in chosen] == ["a", "b"]  # 'c' is of b's meeting
    assert [c.hit.id for c in choose(judged, answer, sure, cite_on("same_meeting"), NgramClassifier({}, 0.0))] == ["a"]
    strict = linear(ANSWER_FEATURES, 4.0, -2.0, {"answer": 0.99, "cite": 0.7})
    assert choose(judged, strict, sure, every_meeting, NgramClassifier({}, 0.0)) == []
    assert choose([], answer, sure, every_meeting) == []


def test_a_question_across_organisations_also_cites_the_best_paragraph_of_each_further_organisation():
    answer = linear(ANSWER_FEATURES, 4.0, -2.0, {"answer": 0.5, "cite": 0.7})
    sure, nothing = linear(ABSTAIN_FEATURES, 8.0, -4.0, {}), cite_on("holds_type")  # no § holds it
    orgs = [("a", "Förbundet Norrbo", 1.0), ("b", "Förbundet Norrbo", 0.9), ("c", "Förbundet Sörby", 0.5),
            ("d", "Förbundet Sörby", 0.4), ("e", "Förbundet Västby", 0.2), ("f", "Förbundet Österby", 0.1)]
    across = judge([candidate(p, "2024-03-19", c, org, {"cross"}) for p, org, c in orgs], ByCoverage(), answer)
    assert [c.hit.id for c in choose(across, answer, sure, nothing, NgramClassifier({}, 0.0))] == ["a", "c", "e"]  # 3 §: the rule
    plain = judge([candidate(p, "2024-03-19", c, org) for p, org, c in orgs], ByCoverage(), answer)
    assert [c.hit.id for c in choose(plain, answer, sure, nothing, NgramClassifier({}, 0.0))] == ["a"]


def test_the_fitted_files_in_the_repository_read_the_features_of_the_code():
    assert cite_model().features == CITE_FEATURES and {"cite", "max_sources"} <= set(cite_model().thresholds)
    assert 0.0 < several_model().probability("Vad beslutades först och vad blev det till slut?") < 1.0
