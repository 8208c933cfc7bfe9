"""BM25 over § paragraphs with Swedish tokens (bm25s), persisted beside the catalog.

The index is tagged with the catalog generation it was built from; a mismatch
means it is rebuilt, so BM25 and the catalog never disagree. A process that follows a
growing archive (a server beside an index run) rebuilds it for every generation: each
§'s tokens are kept, so a rebuild tokenizes only the new § (tokenizing is most of a build).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

from index.lang.tokens import tokenize

log = logging.getLogger(__name__)

# Tokens change with the code (stemmer, compound splitting, the hunspell dictionary being installed or
# not); an index saved with other tokens is rebuilt, never searched with tokens it does not hold. The
# fingerprint is the tokens of a sentence that exercises each of those.
PROBE = "Förbundschefen redovisade medelstilldelningen 2027 (ESF-medel, 1 250 000 kr) och AU:s verksamhetsplaner, § 12."
TOKENIZED_DOCUMENTS = 200_000  # § whose tokens a process keeps (interned: a few MiB per 10 000 §)


@lru_cache(maxsize=1)
def tokens_fingerprint() -> str:
    return hashlib.blake2b(" ".join(tokenize(PROBE)).encode(), digest_size=8).hexdigest()


@lru_cache(maxsize=TOKENIZED_DOCUMENTS)
def document_tokens(document: str) -> tuple[str, ...]:
    """A §'s BM25 tokens ('∅' for a § without any, which bm25s cannot index empty)."""
    return tuple(sys.intern(t) for t in tokenize(document)) or ("∅",)


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25 | None, ids: list[str]):
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(cls, ids: list[str], documents: list[str]) -> "LexicalIndex":
        if not ids:
            return cls(None, [])
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index([list(document_tokens(d)) for d in documents], show_progress=False)
        return cls(retriever, ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of the query against every §, aligned with self.ids."""
        tokens = [t for t in tokenize(query) if self.retriever and t in self.retriever.vocab_dict]
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)

    def document_frequency(self, token: str) -> int:
        """In how many § a (stemmed) token occurs; bm25s keeps one column per token."""
        if self.retriever is None or token not in self.retriever.vocab_dict:
            return 0
        column = self.retriever.vocab_dict[token]
        indptr = self.retriever.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def save(self, folder: Path, generation: int) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.retriever is not None:
            self.retriever.save(str(tmp / "bm25"))
        (tmp / "meta.json").write_text(json.dumps({"generation": generation, "ids": self.ids, "tokens": tokens_fingerprint()}))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @staticmethod
    def _meta(folder: Path) -> dict:
        """What `save` wrote beside the index (generation, § ids, tokens); empty when there is none or it
        was built with other tokens than this code makes."""
        meta = LexicalIndex._written(folder)
        return meta if meta.get("tokens") == tokens_fingerprint() else {}

    @staticmethod
    def _written(folder: Path) -> dict:
        try:
            return json.loads((folder / "meta.json").read_text())
        except (OSError, ValueError):
            return {}

    @classmethod
    def other_tokens(cls, folder: Path) -> bool:
        """Whether the saved index was built with other tokens than this code makes (older code, or the
        hunspell dictionary installed or removed since)."""
        written = cls._written(folder)
        return bool(written) and written.get("tokens") != tokens_fingerprint()

    @classmethod
    def saved_generation(cls, folder: Path) -> int | None:
        """The catalog generation the saved index was built from, None when there is none."""
        return cls._meta(folder).get("generation")

    @classmethod
    def saved_ids(cls, folder: Path) -> list[str] | None:
        """The § ids of the saved index, None when there is none."""
        return cls._meta(folder).get("ids")

    @classmethod
    def load(cls, folder: Path, generation: int) -> "LexicalIndex | None":
        """The saved index if it was built from this catalog generation, else None."""
        meta = cls._meta(folder)
        if meta.get("generation") != generation:
            return None
        retriever = bm25s.BM25.load(str(folder / "bm25")) if meta["ids"] else None
        return cls(retriever, meta["ids"])
