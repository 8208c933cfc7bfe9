"""A copy of the store's window vectors in this process's memory, searched exactly.

Under 20 users asking at once, Chroma's HNSW query was ~6 ms of the ~50 ms an answering worker spends on a
question at 10 000 §; a product of the question's vector with every window vector is exact and takes ~1 ms
there (~5 ms and 86 MB at 50 000 §). Chroma stays the store of record: the copy reads from it, the windows of
§ it has not seen once per catalog generation. Used with the embedded Chroma only; a Chroma server is for
vector sets that need not fit in every process.
"""

from __future__ import annotations

import threading
from typing import Iterable

import numpy as np

from index.models import K_ID

READ_CHUNK = 500  # § ids per Chroma read of new windows (below SQLite's limit on bound parameters)
PAGE = 5000  # windows per page when the whole collection is read (a fresh process)


class WindowCopy:
    """The window vectors (unit length) with their § ids, safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owners: list[str] = []  # the § id of each row
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._held: set[str] = set()  # § whose windows are in the copy
        self._generation = -1  # the catalog generation last read for
        self._rows: tuple[object, int, np.ndarray] | None = None  # (row map, rows, each row's § row in it)

    def update(self, collection, generation: int, paragraph_ids: Iterable[str]) -> None:
        """Read the windows of a generation's § that the copy lacks (every window at the first call), once per
        generation. (An index run writes a file's vectors before it commits its §.)"""
        with self._lock:
            if generation == self._generation:
                return
            self._generation = generation
            wanted = [key for key in paragraph_ids if key not in self._held]
            if not wanted:
                return
            if not self._held:
                found = [collection.get(include=["embeddings"], limit=PAGE, offset=start)
                         for start in range(0, collection.count(), PAGE)]
            else:
                found = [collection.get(where={K_ID: {"$in": wanted[i:i + READ_CHUNK]}}, include=["embeddings"])
                         for i in range(0, len(wanted), READ_CHUNK)]
            owners = [window.rsplit("#", 1)[0] for part in found for window in part["ids"]]
            if not owners:
                return
            vectors = np.vstack([np.asarray(part["embeddings"], dtype=np.float32) for part in found if len(part["ids"])])
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            self._matrix = vectors if not self._owners else np.vstack([self._matrix, vectors])
            self._owners = self._owners + owners
            self._held.update(owners)

    def nearest(self, embedding: list[float], n: int, row: dict[str, int], mask: np.ndarray | None) -> list[tuple[str, float]]:
        """(§ id, cosine similarity of its best window) for the n best § that have a row in `row` (a
        snapshot's § table) and lie inside `mask` over those rows (None: all), best first."""
        with self._lock:
            matrix, owners = self._matrix, self._owners
            rows = self._table_rows(row, owners)
        if not owners:
            return []
        query = np.asarray(embedding, dtype=np.float32)
        scores = matrix @ (query / max(float(np.linalg.norm(query)), 1e-12))
        allowed = rows >= 0
        if mask is not None:
            allowed &= mask[np.maximum(rows, 0)]
        candidates = np.flatnonzero(allowed)
        best: dict[str, float] = {}
        for take in (4 * n, len(candidates)):  # a § has ~1.1 windows: the best 4n windows almost always hold n §
            best = {}
            for index in _best_first(candidates, scores, take):
                best.setdefault(owners[index], float(scores[index]))
                if len(best) == n:
                    return list(best.items())
            if take >= len(candidates):
                break
        return list(best.items())

    def _table_rows(self, row: dict[str, int], owners: list[str]) -> np.ndarray:
        """Each window's § row in a snapshot's table (-1: not in it), kept for that table; the caller holds the lock."""
        if self._rows is None or self._rows[0] is not row or self._rows[1] != len(owners):
            self._rows = (row, len(owners), np.fromiter((row.get(key, -1) for key in owners), dtype=np.int64, count=len(owners)))
        return self._rows[2]


def _best_first(candidates: np.ndarray, scores: np.ndarray, take: int) -> np.ndarray:
    """The `take` best of the candidate rows, best first (a partial sort: 56 000 windows at 50 000 §)."""
    values = -scores[candidates]
    if take < len(candidates):
        part = np.argpartition(values, take)[:take]
        return candidates[part[np.argsort(values[part], kind="stable")]]
    return candidates[np.argsort(values, kind="stable")]
