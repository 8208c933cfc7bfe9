"""Specification of the catalog's schema migrations (index/store/migrations.py): named, ordered, each applied once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.store.catalog import Catalog
from index.store.migrations import MIGRATIONS, Migration, add_column, applied, migrate


def test_a_new_catalog_records_every_migration(tmp_path: Path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    assert applied(catalog.db) == [m.name for m in MIGRATIONS]
    assert "page" in {row[1] for row in catalog.db.execute("PRAGMA table_info(paragraphs)")}


def test_a_store_made_before_pages_and_migrations_gets_them(tmp_path: Path):
    path = tmp_path / "catalog.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE paragraphs (id TEXT PRIMARY KEY, meeting_id TEXT, path TEXT, ordinal INTEGER,"
                     " number INTEGER, title TEXT, text TEXT, decisions TEXT, extract TEXT);"
                     "INSERT INTO paragraphs VALUES('p1', 'm', 'f', 0, 1, 't', 'x', '[]', '{}');")
    db.close()
    catalog = Catalog(path)
    assert "page" in {row[1] for row in catalog.db.execute("PRAGMA table_info(paragraphs)")}
    assert catalog.db.execute("SELECT title FROM paragraphs").fetchone() == ("t",)


def test_a_new_migration_is_a_few_lines_and_applies_once(tmp_path: Path):
    db = sqlite3.connect(tmp_path / "c.sqlite")
    migrate(db)
    label = MIGRATIONS + (Migration("9999_paragraph_label", add_column("paragraphs", "label", "TEXT")),)
    assert migrate(db, label) == ["9999_paragraph_label"]
    assert migrate(db, label) == []
    assert "label" in {row[1] for row in db.execute("PRAGMA table_info(paragraphs)")}


def test_migrations_out_of_order_are_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="order"):
        migrate(sqlite3.connect(tmp_path / "c.sqlite"), (MIGRATIONS[1], MIGRATIONS[0]))
