"""The database interface both backends share: named migrations applied once and in order, a transaction that
commits all or nothing, reads of one committed state, and a lock one process holds at a time."""

from __future__ import annotations

import threading

import pytest

from index.store.database import PostgresDatabase, SQLiteDatabase, redacted
from index.store.migrations import Migration, migrate

MIGRATIONS = (Migration("test-0001-notes", "CREATE TABLE notes (key TEXT PRIMARY KEY, value {bigint})"),
              Migration("test-0002-older-file", "CREATE TABLE older_file (x INTEGER)", dialects=("sqlite",)))


@pytest.fixture
def connect(tmp_path, backend):
    url = backend.get("database_url", "")
    return lambda: PostgresDatabase(url) if url else SQLiteDatabase(tmp_path / "test.sqlite")


def test_migrations_are_applied_once_in_order_and_recorded(connect):
    db = connect()
    assert migrate(db, MIGRATIONS) == ["test-0001-notes", "test-0002-older-file"]
    assert migrate(connect(), MIGRATIONS + (Migration("test-0003-more", "ALTER TABLE notes ADD COLUMN more TEXT"),)) == [
        "test-0003-more"]
    assert [row[0] for row in db.query("SELECT name FROM migrations ORDER BY name")] == [
        "test-0001-notes", "test-0002-older-file", "test-0003-more"]
    assert ("older_file" in db.tables()) == (db.dialect == "sqlite")  # recorded, but run only where it belongs


def test_a_transaction_commits_all_or_nothing(connect):
    db = connect()
    migrate(db, MIGRATIONS)
    with pytest.raises(RuntimeError), db.transaction():
        db.run("INSERT INTO notes(key, value) VALUES(?, ?)", ("a", 1))
        raise RuntimeError("killed half-way")
    with db.transaction():
        db.many("INSERT INTO notes(key, value) VALUES(?, ?)", [("b", 2), ("c", 3)])
    assert connect().query("SELECT key, value FROM notes ORDER BY key") == [("b", 2), ("c", 3)]


def test_a_read_sees_one_committed_state(connect):
    db, writer = connect(), connect()
    migrate(db, MIGRATIONS)
    with db.reading():
        before = db.query("SELECT count(*) FROM notes")
        writer.run("INSERT INTO notes(key, value) VALUES(?, ?)", ("late", 9))
        assert db.query("SELECT count(*) FROM notes") == before
    assert db.query("SELECT count(*) FROM notes") == [(1,)]


def test_a_lock_is_held_by_one_holder_at_a_time(connect):
    db = connect()
    seen = []
    with db.lock("index") as held:
        other = threading.Thread(target=lambda: seen.append(connect().lock("index", wait=False).__enter__()))
        other.start()
        other.join()
        assert held and seen == [False]
    with connect().lock("index", wait=False) as again:
        assert again


def test_a_database_address_is_named_without_its_password():
    assert redacted("postgresql://paragraf:hemligt@db.example:5432/arkiv") == "postgresql://paragraf@db.example:5432/arkiv"
    assert redacted("postgresql:///arkiv") == "postgresql:///arkiv"
