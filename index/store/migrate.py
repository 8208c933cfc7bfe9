"""An embedded store moved into PostgreSQL and a Chroma server with one command (`paragraf migrate`): the catalog,
the records (corrections, users and memberships), the sentence vectors and the window vectors are copied as they
are, nothing is parsed or embedded again; BM25 is built once in the target for every answering process.

The target must be empty: a migration never merges two archives. The source is only read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from index.errors import BadInput
from index.store.archive import Store
from index.store.database import Database

log = logging.getLogger(__name__)

CATALOG_TABLES = ("files", "meetings", "paragraphs")
RECORD_TABLES = ("corrections", "users", "memberships")
SENTENCE_TABLES = ("sentence_vectors", "sentence_paragraphs")
ROWS_PER_BATCH = 2000
WINDOWS_PER_PAGE = 2000


@dataclass
class Migrated:
    """How much was copied, per table and for the window vectors."""

    rows: dict[str, int]
    windows: int

    def summary(self) -> str:
        tables = ", ".join(f"{count} {table}" for table, count in self.rows.items())
        return f"copied {tables} and {self.windows} window vectors"


def migrate(source: Store, target: Store) -> Migrated:
    """Copy everything of `source` into the empty `target` (both open), then build its BM25."""
    if target.catalog.paragraph_ids() or target.catalog.files() or target.collection.count():
        raise BadInput(f"the target {target.where} already holds an archive; migrate into an empty database and collection")
    rows: dict[str, int] = {}
    with source.lock("index"), target.lock("index"):
        for tables, From, to in ((RECORD_TABLES, source.records, target.records),
                                 (SENTENCE_TABLES, source.sentences.db, target.sentences.db)):
            for table in tables:
                rows[table] = _copy(From, to, table)
        with target.catalog.db.transaction():  # the catalog lands as one new generation
            for table in CATALOG_TABLES:
                rows[table] = _copy(source.catalog.db, target.catalog.db, table)
            target.catalog.touch()
        windows = _copy_windows(source, target)
        target.sync_lexical()
    log.warning("migrated %s into %s", source.where, target.where)
    return Migrated(rows, windows)


def _copy(source: Database, target: Database, table: str) -> int:
    columns = source.columns(table)
    found = source.query(f"SELECT {', '.join(columns)} FROM {table}")
    marks = ", ".join("?" * len(columns))
    with target.transaction():
        for start in range(0, len(found), ROWS_PER_BATCH):
            target.many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", found[start:start + ROWS_PER_BATCH])
    return len(found)


def _copy_windows(source: Store, target: Store) -> int:
    total = source.collection.count()
    step = min(WINDOWS_PER_PAGE, target._max_batch())
    for offset in range(0, total, step):
        page = source.collection.get(include=["embeddings", "metadatas", "documents"], limit=step, offset=offset)
        target.collection.upsert(ids=page["ids"], embeddings=page["embeddings"], metadatas=page["metadatas"],
                                 documents=page["documents"])
    return total
