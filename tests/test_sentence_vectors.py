"""Sentence vectors computed at indexing (index/store/sentence_vectors.py): each quotable sentence once per
archive, whichever § it appears in; a § is covered once all its sentences are stored."""

import numpy as np
import pytest

from index.store.sentence_vectors import SentenceVectors


class Embedder:
    """A fixed vector per text; remembers what it was asked to embed."""

    def __init__(self):
        self.embedded: list[str] = []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return [[float(len(t)), float(sum(map(ord, t)) % 97), 1.0] for t in texts]


@pytest.fixture
def vectors(tmp_path) -> SentenceVectors:
    return SentenceVectors(tmp_path, "test-embedder")


def test_a_sentence_two_meetings_share_is_embedded_once(vectors):
    embed = Embedder()
    vectors.add([("a-p1", "Dagordningen godkänns. Kassören redovisade 12 400 kronor.")], embed)
    vectors.add([("b-p1", "Dagordningen godkänns. Ordföranden förklarade mötet avslutat.")], embed)
    assert embed.embedded == ["Dagordningen godkänns.", "Kassören redovisade 12 400 kronor.",
                              "Ordföranden förklarade mötet avslutat."]
    assert vectors.covered() == {"a-p1", "b-p1"}


def test_stored_vectors_come_back_exactly_and_unknown_sentences_as_none(vectors):
    vectors.add([("a-p1", "Styrelsen beslutade att anta planen.")], Embedder())
    found, unknown = vectors.get(["Styrelsen beslutade att anta planen.", "Aldrig sagt."])
    assert found == pytest.approx(np.asarray(Embedder()(["Styrelsen beslutade att anta planen."])[0]))
    assert unknown is None


def test_a_forgotten_paragraph_is_no_longer_covered_but_shared_sentences_stay(vectors):
    vectors.add([("a-p1", "Mötet öppnades."), ("b-p1", "Mötet öppnades.")], Embedder())
    vectors.forget(["a-p1"])
    assert vectors.covered() == {"b-p1"} and vectors.get(["Mötet öppnades."])[0] is not None


def test_vectors_of_another_embedder_are_not_mixed_in(tmp_path):
    SentenceVectors(tmp_path, "one").add([("a-p1", "Mötet öppnades.")], Embedder())
    assert SentenceVectors(tmp_path, "other").get(["Mötet öppnades."]) == [None]


def test_a_damaged_file_is_started_afresh(tmp_path):
    (tmp_path / "sentences.sqlite").write_bytes(b"garbage" * 500)
    vectors = SentenceVectors(tmp_path, "test-embedder")
    assert vectors.count() == 0
    vectors.add([("a-p1", "Mötet öppnades.")], Embedder())
    assert vectors.covered() == {"a-p1"}
