"""Sentence vectors, computed at indexing: every quotable sentence of every § (index/parse/decisions.py)
embedded once as an E5 passage and kept in `<store>/sentences.sqlite`, keyed by a hash of the
embedder's name and the sentence. Answers (assistant/answer/sentences.py) read them instead of embedding a
candidate's sentences for every question, which cost most of a question's time. The store's window
vectors are made from the same vectors (index/store/archive.py), so indexing embeds each sentence once.

Content-addressed: the formulaic sentences minutes repeat from meeting to meeting ('Dagordningen
godkänns.', 'Protokollet justeras …') are embedded once for the whole archive. A second table lists
the § whose sentences are all stored; the health check compares it with the catalog, like the windows.
The file is derived data: unreadable, it is started afresh and the health check re-embeds.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from index.parse.decisions import quotable
from index.store.opening import read_only_uri

log = logging.getLogger(__name__)

FILE = "sentences.sqlite"
FILES = (FILE, f"{FILE}-wal", f"{FILE}-shm")
LOOKUP_CHUNK = 500  # keys per SELECT … IN (…): below SQLite's limit on bound parameters
DTYPE = np.float32  # exactly what the embedder gave, so answers do not depend on where a vector came from

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS paragraphs (id TEXT PRIMARY KEY);
"""

Embed = Callable[[list[str]], list[list[float]]]


class SentenceVectors:
    """The sentence vectors of one store, safe to share between threads (one connection, one lock)."""

    def __init__(self, folder: Path, embedder_name: str, read_only: bool = False):
        """Read-only, the file is never changed: a missing or unreadable one is an empty set held in memory, and
        `problem` says why (the health check reports it; `paragraf index` starts the file afresh)."""
        self.path = folder / FILE
        self.embedder_name = embedder_name
        self.problem = ""
        self._lock = threading.Lock()
        try:
            self.db = self._open(read_only)
        except sqlite3.DatabaseError as exc:
            if read_only:
                self.problem = f"{FILE} cannot be read ({exc}); `paragraf index` starts it afresh"
                log.warning("store %s: %s", folder, self.problem)
                self.db = self._in_memory()
                return
            log.warning("store %s: the sentence vectors cannot be read (%s); starting them afresh", folder, exc)
            for name in FILES:
                (folder / name).unlink(missing_ok=True)
            self.db = self._open(read_only)

    def _open(self, read_only: bool) -> sqlite3.Connection:
        if read_only:
            if not self.path.exists():
                return self._in_memory()
            db = sqlite3.connect(read_only_uri(self.path), uri=True, check_same_thread=False, timeout=60,
                                 isolation_level=None)
        else:
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM paragraphs").fetchone()  # a damaged file fails here, not mid-question
        return db

    @staticmethod
    def _in_memory() -> sqlite3.Connection:
        db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        db.executescript(_SCHEMA)
        return db

    def key(self, sentence: str) -> str:
        return hashlib.blake2b(f"{self.embedder_name}\n{sentence}".encode(), digest_size=16).hexdigest()

    def add(self, paragraphs: Iterable[tuple[str, str]], embed: Embed) -> int:
        """Embed the quotable sentences of these (§ id, text) that no § has brought yet, and mark the
        § covered; returns the number of sentences embedded."""
        ids, wanted = [], []
        for paragraph_id, text in paragraphs:
            ids.append(paragraph_id)
            wanted += quotable(text)
        embedded = self._vectors(wanted, embed)[1]
        with self._lock:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR IGNORE INTO paragraphs VALUES (?)", [(i,) for i in ids])
            self.db.execute("COMMIT")
        return embedded

    def vectors(self, texts: list[str], embed: Embed) -> list[np.ndarray]:
        """The vector of each text, embedding (once, and keeping) those the store does not hold yet."""
        return self._vectors(texts, embed)[0]

    def _vectors(self, texts: list[str], embed: Embed) -> tuple[list[np.ndarray], int]:
        keys = [self.key(text) for text in texts]
        wanted = dict(zip(keys, texts))
        with self._lock:
            found = dict(self._select("key, vector", list(wanted)))
        missing = [(key, text) for key, text in wanted.items() if key not in found]
        if missing:
            vectors = embed([text for _, text in missing])
            rows = [(key, np.asarray(vector, dtype=DTYPE).tobytes()) for (key, _), vector in zip(missing, vectors)]
            with self._lock:
                self.db.execute("BEGIN")
                self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
                self.db.execute("COMMIT")
            found.update(rows)
        return [np.frombuffer(found[key], dtype=DTYPE) for key in keys], len(missing)

    def get(self, sentences: list[str]) -> list[np.ndarray | None]:
        """The stored vector of each sentence, None where there is none."""
        keys = [self.key(s) for s in sentences]
        with self._lock:
            found = dict(self._select("key, vector", keys))
        return [np.frombuffer(found[k], dtype=DTYPE) if k in found else None for k in keys]

    def forget(self, paragraph_ids: list[str]) -> None:
        """These § are no longer covered (their sentences stay: other § may share them)."""
        with self._lock:
            self.db.executemany("DELETE FROM paragraphs WHERE id = ?", [(i,) for i in paragraph_ids])

    def covered(self) -> set[str]:
        """The § whose sentences are all stored."""
        with self._lock:
            return {row[0] for row in self.db.execute("SELECT id FROM paragraphs")}

    def count(self) -> int:
        with self._lock:
            return self.db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]

    def clear(self) -> None:
        """Drop every sentence vector (a rebuild)."""
        with self._lock:
            self.db.execute("DELETE FROM vectors")
            self.db.execute("DELETE FROM paragraphs")

    def close(self) -> None:
        self.db.close()

    def _select(self, columns: str, keys: list[str]) -> list[tuple]:
        """Rows of `vectors` with these keys, in chunks below SQLite's limit on bound parameters; the caller
        holds the lock."""
        rows: list[tuple] = []
        for i in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[i:i + LOOKUP_CHUNK]
            rows += self.db.execute(f"SELECT {columns} FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
        return rows
