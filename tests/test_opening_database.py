"""Specification of issue 23's guarantees with the catalog in PostgreSQL and the vectors on a Chroma server (issue 28):
commands that read change nothing in the database or on the server (their session is read-only); a catalog whose
tables are gone, or which records no file, beside the archive's vectors is damage named in one line, never a new empty
archive; `index --rebuild` commits the new generation in one transaction, so a rebuild that fails leaves the previous
one as it was. Real servers (tests/conftest.py), invented protocols."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import engine
from assistant.cli import app
from index.errors import CorruptStore
from index.store.archive import Store
from index.parse.corrections import Correction
from test_opening import READING, one_line

runner = CliRunner()


@pytest.fixture
def servers(database_url: str, chroma_url: str, tmp_path: Path, monkeypatch) -> dict:
    monkeypatch.setenv("PARAGRAF_UPLOAD_DIR", str(tmp_path / "uploads"))  # the folder every server would share
    return {"database_url": database_url, "chroma_url": chroma_url}


def options(folder: Path, servers: dict) -> list[str]:
    return ["--store", str(folder), "--database-url", servers["database_url"], "--chroma-url", servers["chroma_url"]]


def invoke(folder: Path, servers: dict, *command: str):
    result = runner.invoke(app, [*command, *options(folder, servers)])
    engine.forget_store(engine.Settings.load(store=folder, **servers))
    return result


@pytest.fixture
def indexed(colliding: Path, tmp_path: Path, servers: dict) -> Path:
    """Four invented protocols indexed into PostgreSQL and the Chroma server by the real CLI."""
    folder = tmp_path / "store"
    assert invoke(folder, servers, "index", str(colliding)).exit_code == 0
    return folder


def state(servers: dict) -> dict:
    """Every table of the database with a hash of its rows, and every collection on the Chroma server with its count."""
    import psycopg

    from index.store.opening import server_client

    found: dict = {}
    with psycopg.connect(servers["database_url"], autocommit=True) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        for table in tables:
            found[table] = db.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                                      f"FROM {table} t").fetchone()
    for collection in server_client(servers["chroma_url"]).list_collections():
        found[f"chroma:{collection.name}"] = collection.count()
    return found


def test_reading_commands_change_nothing_in_the_database_or_on_the_chroma_server(indexed, servers):
    before = state(servers)
    for command in READING:
        assert invoke(indexed, servers, *command).exit_code == 0, command
    assert state(servers) == before


def test_a_store_opened_to_read_is_a_read_only_session(indexed, servers):
    import psycopg

    store = Store(indexed, read_only=True, **servers)
    for db in (store.catalog.db, store.records, store.sentences.db):
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            db.run("DELETE FROM migrations")
    assert store.paragraphs and store.collection.count() == 8
    store.close()


@pytest.mark.parametrize("lost", ["schema dropped", "emptied"])
def test_a_lost_catalog_beside_the_archives_vectors_is_damage_and_nothing_is_deleted(indexed, servers, lost):
    import psycopg

    with psycopg.connect(servers["database_url"], autocommit=True) as db:
        if lost == "schema dropped":
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
        else:
            for table in ("paragraphs", "meetings", "files"):
                db.execute(f"DELETE FROM {table}")
    before = state(servers)
    named = "has no catalog tables (its schema is lost)" if lost == "schema dropped" else "records no file"
    for command in [*READING, ["index", str(indexed.parent / "colliding")]]:
        line = one_line(invoke(indexed, servers, *command))
        assert named in line and "window vectors 8" in line and "paragraf index --rebuild" in line, (command, line)
    with pytest.raises(CorruptStore):
        Store(indexed, **servers)
    assert state(servers) == before  # not a table made, not a vector deleted


def test_a_rebuild_that_fails_half_way_leaves_the_previous_generation(indexed, servers, colliding, monkeypatch):
    before = state(servers)
    real = engine.index_paths

    def killed(store, paths, **kwargs):
        real(store, [colliding / "a"], **kwargs)  # some files indexed into the new generation, then a failure
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(engine, "index_paths", killed)
    with pytest.raises(RuntimeError):
        engine.rebuild_archive(engine.Settings.load(store=indexed, **servers), [])
    assert state(servers) == before  # the transaction rolled back; the rebuild's collection dropped


def test_a_complete_rebuild_commits_a_new_generation_and_keeps_the_records(indexed, servers):
    store = Store(indexed, **servers)
    store.corrections.add("styrelsen.txt", Correction(date="2026-02-04"))
    generation, name = store.catalog.generation(), store.collection.name
    store.close()
    rebuilt = invoke(indexed, servers, "index", "--rebuild")
    assert rebuilt.exit_code == 0 and "Summary: 4 indexed" in rebuilt.output, rebuilt.output
    after = Store(indexed, read_only=True, **servers)
    assert after.catalog.generation() > generation and after.collection.name == name and after.collection.count() == 8
    assert after.corrections.of("styrelsen.txt").date == "2026-02-04"
    assert not [c for c in state(servers) if c.endswith("-rebuild")]
    after.close()
    assert invoke(indexed, servers, "check").exit_code == 0
