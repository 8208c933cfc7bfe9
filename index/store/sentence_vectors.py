"""Sentence vectors, computed at indexing: every quotable sentence of every § (index/parse/decisions.py)
embedded once as an E5 passage and kept in `<store>/sentences.sqlite` (or the PostgreSQL database of the
catalog), keyed by a hash of the embedder's name and the sentence. Answers (assistant/answer/sentences.py) read them instead of embedding a
candidate's sentences for every question, which cost most of a question's time. The store's window
vectors are made from the same vectors (index/store/archive.py), so indexing embeds each sentence once.

Content-addressed: the formulaic sentences minutes repeat from meeting to meeting ('Dagordningen
godkänns.', 'Protokollet justeras …') are embedded once for the whole archive. A second table lists
the § whose sentences are all stored; the health check compares it with the catalog, like the windows.
The SQLite file is derived data: unreadable, it is started afresh and the health check re-embeds.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from index.errors import CorruptStore, ParagrafError
from index.parse.decisions import quotable
from index.store.database import Database, PostgresDatabase, SQLiteDatabase
from index.store.migrations import SENTENCES, migrate, pending

log = logging.getLogger(__name__)

FILE = "sentences.sqlite"
FILES = (FILE, f"{FILE}-wal", f"{FILE}-shm")
LOOKUP_CHUNK = 500  # keys per SELECT … IN (…): below SQLite's limit on bound parameters
DTYPE = np.float32  # exactly what the embedder gave, so answers do not depend on where a vector came from

Embed = Callable[[list[str]], list[list[float]]]


class SentenceVectors:
    """The sentence vectors of one store, safe to share between threads."""

    def __init__(self, folder: Path, embedder_name: str, url: str = "", upgrade: bool = True, read_only: bool = False):
        """With upgrade=False the tables an older version made are left as they are (`pending_migrations` names
        what they lack; `paragraf check`). Read-only, nothing is ever changed: a missing, unreadable or older file is
        an empty set held in memory, and `problem` says why (the health check reports it; `paragraf index` starts
        the file afresh or upgrades it)."""
        self.embedder_name = embedder_name
        self.problem = ""
        if url:
            self.db: Database = PostgresDatabase(url, read_only=read_only)
            if upgrade and not read_only:
                migrate(self.db, SENTENCES)
            return
        if read_only:
            try:
                self.db = self._read(folder / FILE)
            except (sqlite3.DatabaseError, ParagrafError) as exc:
                self.problem = f"{FILE} cannot be read ({exc}); `paragraf index` starts it afresh"
                log.warning("store %s: %s", folder, self.problem)
                self.db = self._empty()
            return
        if not upgrade:
            self.db = SQLiteDatabase(folder / FILE)
            return
        try:
            self.db = self._open(folder)
        except (sqlite3.DatabaseError, CorruptStore) as exc:
            log.warning("store %s: the sentence vectors cannot be read (%s); starting them afresh", folder, exc)
            for name in FILES:
                (folder / name).unlink(missing_ok=True)
            self.db = self._open(folder)

    @staticmethod
    def _open(folder: Path) -> Database:
        db = SQLiteDatabase(folder / FILE)
        migrate(db, SENTENCES)
        db.one("SELECT count(*) FROM sentence_paragraphs")  # a damaged file fails here, not mid-question
        return db

    @classmethod
    def _read(cls, path: Path) -> Database:
        """The file opened read-only; an empty set in memory when there is none, or it is an older version's."""
        if not path.exists():
            return cls._empty()
        db = SQLiteDatabase(path, read_only=True)
        if pending(db, SENTENCES):
            db.close()
            raise sqlite3.DatabaseError("made by an older version; `paragraf index` upgrades it")
        db.one("SELECT count(*) FROM sentence_paragraphs")  # a damaged file fails here, not mid-question
        return db

    @staticmethod
    def _empty() -> Database:
        db = SQLiteDatabase(None)
        migrate(db, SENTENCES)
        return db

    def pending_migrations(self) -> list[str]:
        """The migrations the sentence vectors' tables still need (read only)."""
        return pending(self.db, SENTENCES)

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
        with self.db.transaction():
            self.db.many("INSERT INTO sentence_paragraphs(id) VALUES (?) ON CONFLICT(id) DO NOTHING", [(i,) for i in ids])
        return embedded

    def vectors(self, texts: list[str], embed: Embed) -> list[np.ndarray]:
        """The vector of each text, embedding (once, and keeping) those the store does not hold yet."""
        return self._vectors(texts, embed)[0]

    def _vectors(self, texts: list[str], embed: Embed) -> tuple[list[np.ndarray], int]:
        keys = [self.key(text) for text in texts]
        wanted = dict(zip(keys, texts))
        found = dict(self._select(list(wanted)))
        missing = [(key, text) for key, text in wanted.items() if key not in found]
        if missing:
            vectors = embed([text for _, text in missing])
            rows = [(key, np.asarray(vector, dtype=DTYPE).tobytes()) for (key, _), vector in zip(missing, vectors)]
            with self.db.transaction():
                self.db.many("INSERT INTO sentence_vectors(key, vector) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET vector=excluded.vector", rows)
            found.update(rows)
        return [np.frombuffer(found[key], dtype=DTYPE) for key in keys], len(missing)

    def get(self, sentences: list[str]) -> list[np.ndarray | None]:
        """The stored vector of each sentence, None where there is none."""
        keys = [self.key(s) for s in sentences]
        found = dict(self._select(keys))
        return [np.frombuffer(found[k], dtype=DTYPE) if k in found else None for k in keys]

    def forget(self, paragraph_ids: list[str]) -> None:
        """These § are no longer covered (their sentences stay: other § may share them)."""
        with self.db.transaction():
            self.db.many("DELETE FROM sentence_paragraphs WHERE id = ?", [(i,) for i in paragraph_ids])

    def covered(self) -> set[str]:
        """The § whose sentences are all stored."""
        return {row[0] for row in self.db.query("SELECT id FROM sentence_paragraphs")}

    def count(self) -> int:
        """The number of § covered; 0 in tables an older version made, read as they are (`pending_migrations`)."""
        if "sentence_paragraphs" not in self.db.tables():
            return 0
        return int((self.db.one("SELECT count(*) FROM sentence_paragraphs") or (0,))[0])

    def clear(self) -> None:
        """Drop every sentence vector (a rebuild)."""
        with self.db.transaction():
            self.db.run("DELETE FROM sentence_vectors")
            self.db.run("DELETE FROM sentence_paragraphs")

    def close(self) -> None:
        self.db.close()

    def _select(self, keys: list[str]) -> list[tuple]:
        """(key, vector) of the stored sentences with these keys, in chunks below SQLite's limit on bound parameters."""
        rows: list[tuple] = []
        for i in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[i:i + LOOKUP_CHUNK]
            rows += self.db.query(f"SELECT key, vector FROM sentence_vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
        return rows
