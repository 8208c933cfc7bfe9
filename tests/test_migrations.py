"""Specification of the schema migrations (index/store/migrations.py): named, ordered, each applied once, on both
backends (an embedded SQLite catalog, a PostgreSQL database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.store.catalog import open_catalog
from index.store.database import PostgresDatabase, SQLiteDatabase
from index.store.migrations import CATALOG, Migration, add_column, applied, migrate


@pytest.fixture
def connect(tmp_path, backend):
    url = backend.get("database_url", "")
    return lambda: PostgresDatabase(url) if url else SQLiteDatabase(tmp_path / "c.sqlite")


def test_a_new_catalog_records_every_migration(tmp_path: Path, backend: dict):
    catalog = open_catalog(tmp_path, backend.get("database_url", ""))
    assert applied(catalog.db) == [m.name for m in CATALOG]
    assert "page" in catalog.db.columns("paragraphs")


def test_a_store_made_before_pages_and_migrations_gets_them(tmp_path: Path):
    path = tmp_path / "catalog.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE paragraphs (id TEXT PRIMARY KEY, meeting_id TEXT, path TEXT, ordinal INTEGER,"
                     " number INTEGER, title TEXT, text TEXT, decisions TEXT, extract TEXT);"
                     "INSERT INTO paragraphs VALUES('p1', 'm', 'f', 0, 1, 't', 'x', '[]', '{}');")
    db.close()
    catalog = open_catalog(tmp_path)
    assert "page" in catalog.db.columns("paragraphs")
    assert catalog.db.one("SELECT title FROM paragraphs") == ("t",)


def test_a_new_migration_is_a_few_lines_and_applies_once(connect):
    db = connect()
    migrate(db, CATALOG)
    note = CATALOG + (Migration("9999_paragraph_note", add_column("paragraphs", "note", "TEXT")),)
    assert migrate(db, note) == ["9999_paragraph_note"]
    assert migrate(db, note) == []
    assert "note" in db.columns("paragraphs")


def test_migrations_out_of_order_are_refused(connect):
    with pytest.raises(ValueError, match="order"):
        migrate(connect(), (CATALOG[1], CATALOG[0]))
