"""Sentence vectors and the question's background in the archive (assistant/answer/sentences.py)."""

from dataclasses import dataclass, field

import numpy as np
import pytest

from assistant.answer import sentences
from assistant.answer.sentences import Background, sentence_vectors, similarities, unit
from index.store.sentence_vectors import SentenceVectors


@dataclass
class CountingEmbedder:
    """Each word a fixed direction; counts the passages it was asked to embed."""

    embedded: list[str] = field(default_factory=list)

    def _vector(self, text: str) -> list[float]:
        v = np.zeros(8)
        for word in text.lower().split():
            v[hash(word.strip(".?")) % 8] += 1.0
        return v.tolist()

    def get_text_embedding_batch(self, texts):
        self.embedded += list(texts)
        return [self._vector(t) for t in texts]

    def get_query_embedding(self, query):
        return self._vector(query)


@dataclass
class FakeStore:
    embedder: CountingEmbedder
    sentences: SentenceVectors
    embedder_name: str = "fake"


@pytest.fixture
def store(tmp_path) -> FakeStore:
    return FakeStore(CountingEmbedder(), SentenceVectors(tmp_path, "fake"))


def test_a_z_score_is_distance_from_the_background_in_spreads():
    assert Background(0.75, 0.02).z(0.79) == pytest.approx(2.0)
    assert Background(0.75, 0.0).z(0.76) == pytest.approx(1.0)  # a degenerate spread is floored


def test_unit_rows_have_length_one():
    assert np.linalg.norm(unit(np.array([[3.0, 4.0], [0.0, 2.0]])), axis=1) == pytest.approx([1.0, 1.0])


def test_sentences_embedded_at_indexing_are_read_not_embedded_again(store):
    store.sentences.add([("p-test-0", "Budgeten fastställdes. Mötet avslutades.")], store.embedder.get_text_embedding_batch)
    store.embedder.embedded.clear()
    vectors = sentence_vectors(store, "p-test-0", ["Budgeten fastställdes.", "Ett nytt förslag lades fram."])
    assert store.embedder.embedded == ["Ett nytt förslag lades fram."]  # only what indexing did not bring
    assert vectors[0] == pytest.approx(unit(np.asarray(CountingEmbedder()._vector("Budgeten fastställdes."))))


def test_a_paragraphs_sentences_are_embedded_once_per_text(store):
    texts = ["Budgeten fastställdes.", "Mötet avslutades."]
    first = sentence_vectors(store, "p-test-1", texts)
    again = sentence_vectors(store, "p-test-1", texts)
    assert first is again and store.embedder.embedded == texts
    sentence_vectors(store, "p-test-1", ["Budgeten ändrades."])  # a re-indexed text is embedded afresh
    assert store.embedder.embedded[-1] == "Budgeten ändrades."


def test_the_sentence_that_says_what_is_asked_is_the_most_similar(store):
    sims = similarities(store, "budgeten fastställdes", "p-test-2", ["Mötet avslutades.", "Budgeten fastställdes."])
    assert int(np.argmax(sims)) == 1 and sims[1] == pytest.approx(1.0)


def test_the_cache_is_bounded(monkeypatch, store):
    monkeypatch.setattr(sentences, "CACHED_PARAGRAPHS", 2)
    for i in range(4):
        sentence_vectors(store, f"p-bound-{i}", ["En mening."])
    assert len(sentences._vectors) <= 2


def test_queries_are_primed_only_for_an_embedder_that_batches_them(store):
    """Another embedder embeds each query when it is read: priming asks it nothing."""
    asked: list[str] = []
    store.embedder.get_query_embedding = lambda query: asked.append(query) or [1.0] * 8
    sentences.prime_queries(store, ["hyresvärd", "ordförande"])
    assert asked == []
