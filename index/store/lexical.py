"""BM25 over § paragraphs with Swedish tokens (bm25s), kept in the catalog's database (`LexicalShelf`), so every
process that answers from the catalog, on this machine or another, loads it instead of building it.

The index is tagged with the catalog generation it was built from; a mismatch
means it is rebuilt, so BM25 and the catalog never disagree. A process that follows a
growing archive (a server beside an index run) rebuilds it for every generation: each
§'s tokens are kept, so a rebuild tokenizes only the new § (tokenizing is most of a build).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import sys
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np

from index.lang.tokens import tokenize
from index.store.database import Database

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
        return len(self.containing(token))

    def containing(self, token: str) -> np.ndarray:
        """The positions (in self.ids) of the § that hold a (stemmed) token."""
        if self.retriever is None or token not in self.retriever.vocab_dict:
            return np.zeros(0, dtype=np.int64)
        column = self.retriever.vocab_dict[token]
        indptr = self.retriever.scores["indptr"]
        return self.retriever.scores["indices"][indptr[column]:indptr[column + 1]]

    def within(self, rows: np.ndarray) -> "LexicalIndex":
        """The same index seen through a subset of its § (positions in self.ids, in order): scores and document
        frequencies count only those § (an organisation's archive, index/store/archive.py `Snapshot.within`)."""
        return ScopedLexical(self, rows)

    def to_bytes(self) -> bytes:
        """The index as bytes (numpy arrays, vocabulary and parameters), for `LexicalShelf`."""
        buffer = io.BytesIO()
        if self.retriever is not None:
            r = self.retriever
            params = dict(k1=r.k1, b=r.b, delta=r.delta, method=r.method, idf_method=r.idf_method, dtype=r.dtype,
                          int_dtype=r.int_dtype, backend=r.backend)
            header = json.dumps({"params": params, "num_docs": r.scores["num_docs"], "vocab": r.vocab_dict}).encode()
            np.savez(buffer, header=np.frombuffer(header, dtype=np.uint8), data=r.scores["data"],
                     indices=r.scores["indices"], indptr=r.scores["indptr"])
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, ids: list[str]) -> "LexicalIndex":
        if not ids:
            return cls(None, [])
        arrays = np.load(io.BytesIO(data), allow_pickle=False)
        header = json.loads(arrays["header"].tobytes())
        retriever = bm25s.BM25(**header["params"])
        retriever.vocab_dict = header["vocab"]
        retriever.unique_token_ids_set = set(retriever.vocab_dict.values())
        retriever.scores = {"data": arrays["data"], "indices": arrays["indices"], "indptr": arrays["indptr"],
                            "num_docs": header["num_docs"]}
        retriever.nonoccurrence_array = None  # the 'lucene' method keeps none
        return cls(retriever, ids)


class ScopedLexical(LexicalIndex):
    """A LexicalIndex restricted to some of its §: the others are never scored, ranked or counted. (BM25's term
    weights stay those of the whole archive.)"""

    def __init__(self, whole: LexicalIndex, rows: np.ndarray):
        super().__init__(whole.retriever, [whole.ids[i] for i in rows])
        self.whole, self.rows = whole, rows
        self.inside = np.zeros(len(whole.ids), dtype=bool)
        self.inside[rows] = True

    def scores(self, query: str) -> np.ndarray:
        return self.whole.scores(query)[self.rows]

    def containing(self, token: str) -> np.ndarray:
        found = self.whole.containing(token)
        return found[self.inside[found]]


@dataclass(frozen=True)
class Saved:
    """What the shelf holds: the catalog generation it was built from, its § ids and whether its tokens are this
    code's."""

    generation: int
    ids: list[str]
    same_tokens: bool


class LexicalShelf:
    """The BM25 index of the latest generation, in the catalog's database (one row, written in one statement, so a
    killed writer leaves the previous one). Read on `db`; written on `writer` (the catalog's own connection, so that
    a write inside a rebuild's transaction is undone with it), or on `db` when none is given."""

    NAME = "bm25"

    def __init__(self, db: Database, writer: Database | None = None):
        self.db = db
        self.writer = writer or db

    def saved_generation(self) -> int | None:
        """The catalog generation the saved index was built from, None when there is none (or it holds other tokens)."""
        row = self._row("generation, tokens")
        return int(row[0]) if row and row[1] == tokens_fingerprint() else None

    def saved(self) -> Saved | None:
        row = self._row("generation, tokens, ids")
        return Saved(int(row[0]), json.loads(row[2]), row[1] == tokens_fingerprint()) if row else None

    def _row(self, columns: str) -> tuple | None:
        """The saved row's columns; None without one, or in a catalog an older version made, read as it is (no table)."""
        if "lexical" not in self.db.tables():
            return None
        return self.db.one(f"SELECT {columns} FROM lexical WHERE name=?", (self.NAME,))

    def save(self, index: LexicalIndex, generation: int) -> None:
        self.writer.run("INSERT INTO lexical(name, generation, tokens, ids, data) VALUES(?,?,?,?,?) ON CONFLICT(name) DO UPDATE "
                    "SET generation=excluded.generation, tokens=excluded.tokens, ids=excluded.ids, data=excluded.data",
                    (self.NAME, generation, tokens_fingerprint(), json.dumps(index.ids), index.to_bytes()))

    def load(self, generation: int) -> LexicalIndex | None:
        """The saved index if it was built from this catalog generation with this code's tokens, else None."""
        if self.saved_generation() != generation:
            return None
        row = self.db.one("SELECT tokens, ids, data FROM lexical WHERE name=? AND generation=?", (self.NAME, generation))
        if row is None or row[0] != tokens_fingerprint():
            return None
        return LexicalIndex.from_bytes(bytes(row[2]), json.loads(row[1]))

    def clear(self) -> None:
        self.writer.run("DELETE FROM lexical WHERE name=?", (self.NAME,))
