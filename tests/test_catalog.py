"""Specification of the catalog's migrations (index/store/catalog.py): a catalog an older version made is
reported by `check` and upgraded in place on opening, with nothing lost; on both backends (an embedded SQLite
catalog, a PostgreSQL database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.models import Facts, Meeting, Paragraph
from index.store.catalog import open_catalog
from index.store.migrations import CATALOG

OLD_SCHEMA = """
CREATE TABLE files (path TEXT PRIMARY KEY, name TEXT, hash TEXT, meeting_id TEXT, status TEXT);
CREATE TABLE meetings (id TEXT PRIMARY KEY, organisation TEXT, body TEXT, date TEXT, source_file TEXT, attendees TEXT, path TEXT);
CREATE TABLE paragraphs (id TEXT PRIMARY KEY, meeting_id TEXT, path TEXT, ordinal INTEGER, number INTEGER, title TEXT,
    text TEXT, decisions TEXT, extract TEXT);
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meetings VALUES ('m', 'Ekbacken', 'styrelsen', '2024-01-08', 'f.txt', '[]', '/f.txt');
INSERT INTO paragraphs VALUES ('m-p3', 'm', '/f.txt', 0, 3, 'Budget', 'Budgeten antas.', '[]', '{}');
INSERT INTO paragraphs VALUES ('m-p0', 'm', '/f.txt', 1, 0, 'Protokoll utan §-indelning', 'Allt.', '[]', '{}');
"""


def _old_catalog(folder: Path, url: str = "") -> Path:
    """A catalog of the schema an older version made, before migrations were recorded, in the folder's SQLite file
    or in the PostgreSQL database `url`."""
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            for statement in filter(str.strip, OLD_SCHEMA.split(";")):
                db.execute(statement)
        return folder / "catalog.sqlite"
    with sqlite3.connect(folder / "catalog.sqlite") as db:
        db.executescript(OLD_SCHEMA)
    return folder / "catalog.sqlite"


@pytest.fixture
def old(tmp_path: Path, backend: dict) -> tuple[Path, str]:
    """The folder and the database address of a store holding an older version's catalog."""
    url = backend.get("database_url", "")
    _old_catalog(tmp_path, url)
    return tmp_path, url


def test_an_older_catalog_is_read_as_it_is_and_reported_without_upgrading(old: tuple[Path, str]) -> None:
    catalog = open_catalog(*old, upgrade=False)
    everything = [m.name for m in CATALOG]  # a catalog made before migrations were recorded
    assert catalog.pending_migrations() == everything
    assert [(p.id, p.label) for p in catalog.paragraphs()] == [("m-p3", "3"), ("m-p0", "")]
    assert open_catalog(*old, upgrade=False).pending_migrations() == everything  # untouched
    assert "migrations" not in catalog.db.tables() and "label" not in catalog.db.columns("paragraphs")


def test_opening_to_index_upgrades_in_place_and_keeps_every_paragraph(old: tuple[Path, str]) -> None:
    catalog = open_catalog(*old)
    assert catalog.pending_migrations() == []
    assert [(p.id, p.number, p.label, p.title, p.text) for p in catalog.paragraphs()] == [
        ("m-p3", 3, "3", "Budget", "Budgeten antas."), ("m-p0", 0, "", "Protokoll utan §-indelning", "Allt.")]


def test_a_new_catalog_stores_labels_as_printed(tmp_path: Path, backend: dict) -> None:
    catalog = open_catalog(tmp_path, backend.get("database_url", ""))
    meeting = Meeting("f.pdf", "Ekbacken", "styrelsen", "2024-01-08", source_hash="ab" * 32)
    meeting.paragraphs = [Paragraph(14, "Budget", "Text.", label="14:1"), Paragraph(0, "Ekonomi", "Kassan.")]
    meeting.assign_ids()
    catalog.record("/f.pdf", "ab" * 32, meeting, [Facts(), Facts()])
    assert [(p.label, p.title) for p in catalog.paragraphs()] == [("14:1", "Budget"), ("", "Ekonomi")]
    assert "0004_paragraph_label" in {m.name for m in CATALOG}


def test_check_names_an_older_catalog_and_opening_the_store_to_index_upgrades_it(tmp_path: Path, backend: dict) -> None:
    from index.store.archive import Store
    from index.store.health import check

    folder = tmp_path / "store"
    folder.mkdir()
    _old_catalog(folder, backend.get("database_url", ""))
    reported = check(Store(folder, upgrade=False, **backend)).problems()
    assert any(line.startswith("catalog: made by an older version (migrations pending: ") and "0004_paragraph_label" in line and "`paragraf index` upgrades it"
               in line for line in reported)
    assert not any(line.startswith("catalog:") for line in check(Store(folder, **backend)).problems())


def test_opening_the_store_to_answer_reads_an_older_catalog_as_it_is_and_changes_no_byte(tmp_path: Path, backend: dict) -> None:
    """Reading never rewrites (issue 23): a store opened read-only (ask, search, check, the answering workers) runs no
    migration; its § keep their numbers as labels, and opening it names what indexing will upgrade. In PostgreSQL the
    session is read-only: no table is made, not even the migrations' list."""
    from index.store.archive import Store
    from index.store.database import PostgresDatabase
    from index.store.health import report_on_open

    folder = tmp_path / "store"
    folder.mkdir()
    url = backend.get("database_url", "")
    path = _old_catalog(folder, url)
    before = path.read_bytes() if not url else b""
    store = Store(folder, read_only=True, **backend)
    assert [(p.id, p.label) for p in store.catalog.paragraphs()] == [("m-p3", "3"), ("m-p0", "")]
    assert any("migrations pending" in line for line in report_on_open(store, None))
    store.close()
    if url:
        db = PostgresDatabase(url)
        assert db.tables() == {"files", "meetings", "paragraphs", "state"}
        db.close()
    else:
        assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ([] if url else ["catalog.sqlite"])
