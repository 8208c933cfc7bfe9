"""The cross-reader (assistant/answer/crossread.py): the question and the § it would cite read together; what the
question adds to the § by meaning is the reader's input, and its fitted logistic regression the check's feature
'cross_read'. Invented § and questions, with a stand-in embedder that counts its calls."""

import zlib
from types import SimpleNamespace

import numpy as np

from assistant.answer.crossread import (
    CROSS_FEATURES, DIMENSIONS, cross_model, cross_probability, cross_read, cross_texts, cross_vector, shift,
)
from assistant.answer.features import Candidate
from assistant.answer.learned import Logistic
from assistant.answer.plan import understand
from assistant.answer.readings import Reading
from assistant.answer.sentences import Background
from assistant.models import Hit
from index.lang.registry import changed
from index.lang.tokens import tokenize
from index.models import Facts, StoredParagraph

SENTENCES = ["Hyresavtalet för kansliet löper ut den 30 juni.", "Bryggan ska lagas i maj.",
             "Styrelsen beslutar att förlänga avtalet i tre år.", "Mötet avslutades."]


class CountingEmbedder:
    """E5's stand-in at E5's width: a text is the hashed bag of its stems; it counts the calls and texts it embeds."""

    def __init__(self, width: int = DIMENSIONS):
        self.width, self.calls, self.texts = width, 0, []

    def get_text_embedding_batch(self, texts: list[str]) -> list[np.ndarray]:
        self.calls += 1
        self.texts += texts
        out = []
        for text in texts:
            v = np.zeros(self.width)
            for token in tokenize(text):
                v[zlib.crc32(token.encode()) % self.width] += 1.0
            out.append(v)
        return out


def candidate(question: str, similarity: list[float]) -> Candidate:
    hit = Hit(StoredParagraph("p", "Föreningen Exempel", "Styrelsen", "2027-03-14", 4, "Hyresavtal", " ".join(SENTENCES),
                              "x.txt", [], Facts(), "m", 0), 1.0)
    return Candidate(hit, Reading(understand(question, None, [])), SENTENCES, np.array(similarity), np.zeros(1),
                     Background(0.0, 1.0))


def test_the_reader_reads_the_question_before_the_title_and_the_nearest_sentences_in_the_paragraphs_order():
    joint, alone = cross_texts("Vilket fastighetsbolag hyr ut kansliet?", candidate("x", [0.9, 0.1, 0.8, 0.2]), 2)
    assert alone == "Hyresavtal. Hyresavtalet för kansliet löper ut den 30 juni. Styrelsen beslutar att förlänga avtalet i tre år."
    assert joint == f"Vilket fastighetsbolag hyr ut kansliet? {alone}"


def test_the_shift_is_what_the_question_adds_to_the_paragraph():
    alone = np.array([3.0, 4.0, 0.0])
    assert np.allclose(shift(alone * 2, alone), 0.0)  # the question adds nothing: no shift, whatever the lengths
    assert np.allclose(shift(np.array([0.0, 0.0, 1.0]), alone), [-0.6, -0.8, 1.0])


def test_one_embedder_call_reads_both_texts_of_the_paragraph_the_answer_would_cite():
    embedder = CountingEmbedder()
    view = SimpleNamespace(embedder=embedder)
    moved = cross_vector(view, candidate("Vilket fastighetsbolag hyr ut kansliet?", [0.9, 0.1, 0.8, 0.2]))
    assert embedder.calls == 1 and len(embedder.texts) == 2 and moved.shape == (DIMENSIONS,)
    assert np.linalg.norm(moved) > 0.1  # 'fastighetsbolag', 'hyr' are not in the paragraph


def reader_against(index: int) -> Logistic:
    """A stand-in reader: the § lacks what is asked when the shift points along one coordinate."""
    weights = np.zeros(DIMENSIONS)
    weights[index] = -8.0
    return Logistic(CROSS_FEATURES, np.zeros(DIMENSIONS), np.ones(DIMENSIONS), weights, 2.0, {})


def test_a_shift_toward_what_the_paragraph_lacks_lowers_the_probability():
    model = reader_against(5)
    toward, away = np.zeros(DIMENSIONS), np.zeros(DIMENSIONS)
    toward[5] = 0.5
    assert cross_probability(toward, model) < 0.5 < cross_probability(away, model)


def test_the_reader_reads_nothing_when_off_or_under_another_embedder():
    assert cross_probability(np.zeros(DIMENSIONS + 1), reader_against(0)) is None  # vectors of another width
    embedder = CountingEmbedder()
    with changed({"answer.cross_read": False}):
        assert cross_read(SimpleNamespace(embedder=embedder), candidate("Vem?", [0.5] * 4), reader_against(0)) is None
    assert embedder.calls == 0


def test_the_fitted_reader_reads_the_shift_of_the_code():
    model = cross_model()
    assert model.features == CROSS_FEATURES
    assert 0.0 < model.probability(np.zeros(DIMENSIONS))[0] < 1.0
