"""The query adapter: a linear map over the question's E5 vector, fitted on question -> gold § pairs.

A paraphrase that shares no word with its § must be found by the dense search alone, and E5 places a colloquial
question a little away from the formal § it asks about. As LlamaIndex's `EmbeddingAdapterFinetuneEngine` does
(its `LinearAdapterEmbeddingModel`), only the query side moves: the stored § vectors stay as indexed, and the
question's vector q becomes W q (then unit length), with W a square matrix started at the identity and fitted by
`python -m evals.learn.adapter` on the training archives (evals/README.md, 'The query adapter').

The map is applied where the hybrid search embeds its query (assistant/answer/retrieve.py), only under the rule
'answer.query_adapter' and only for the embedder it was fitted for. It chooses which § the dense search brings
(and so the fused order); every score a learned part reads (a hit's cosine, the z-scores against the archive's
background) stays E5's own: the answer model was fitted on those, and mapped cosines lie elsewhere (with them it
refused every tune question).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.lang.registry import rules

log = logging.getLogger(__name__)

ADAPTER_FILE = Path(__file__).with_name("models") / "adapter.npz"
MAX_BYTES = 1_000_000  # a 384 x 384 map in float16 is ~300 kB; anything larger is not this file


@dataclass(frozen=True)
class QueryAdapter:
    """W (dims x dims) for one embedder's query vectors."""

    matrix: np.ndarray
    embedder: str  # the embedder's model_name the map was fitted on

    @property
    def dims(self) -> int:
        return int(self.matrix.shape[0])

    def apply(self, vector: list[float] | np.ndarray) -> np.ndarray:
        """W q at unit length (the search compares by cosine)."""
        mapped = self.matrix @ np.asarray(vector, dtype=np.float32)
        return mapped / max(float(np.linalg.norm(mapped)), 1e-12)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        np.savez_compressed(out, matrix=self.matrix.astype(np.float16), embedder=np.asarray(self.embedder))
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "adapter") -> "QueryAdapter":
        """The stored map, validated: bounded size, one square finite matrix, the embedder named."""
        if len(data) > MAX_BYTES:
            raise ValueError(f"{where}: {len(data)} bytes, more than the {MAX_BYTES} a query adapter may take")
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as stored:
                matrix, embedder = np.asarray(stored["matrix"], dtype=np.float32), str(stored["embedder"])
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"{where}: not a query adapter ({exc}); refit with `python -m evals.learn.adapter`") from None
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or not matrix.size:
            raise ValueError(f"{where}: the map is {matrix.shape}, not a square matrix")
        if not np.isfinite(matrix).all():
            raise ValueError(f"{where}: the map holds values that are not finite")
        return cls(matrix, embedder)


@lru_cache(maxsize=1)
def stored_adapter(path: Path = ADAPTER_FILE) -> QueryAdapter:
    """The fitted map, read once per process."""
    return QueryAdapter.from_bytes(path.read_bytes(), str(path))


def adapted(embedder, vector: list[float]) -> list[float] | None:
    """The query's vector mapped by the adapter, or None when it does not apply: the rule 'answer.query_adapter' is
    off, or the map was fitted for another embedder or dimension."""
    if not rules().answer.query_adapter:
        return None
    adapter = stored_adapter()
    if adapter.embedder != getattr(embedder, "model_name", "") or adapter.dims != len(vector):
        log.warning("query adapter fitted for %s (%d dims), not %s: not applied", adapter.embedder, adapter.dims,
                    getattr(embedder, "model_name", "?"))
        return None
    return adapter.apply(vector).tolist()
