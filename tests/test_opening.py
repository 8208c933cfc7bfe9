"""Specification of opening a store: commands that read change nothing in the folder, whatever state it is in; a
catalog lost beside its vectors is damage named with the way out, never an empty store to match; every damaged or
unusable store file is one line, Chroma's own included. Each case is made at test time from invented protocols."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import engine
from assistant.cli import app
from conftest import invented

runner = CliRunner()
READING = (["ask", "Vad beslutades om cykelpool?"], ["search", "cykelpool"], ["check"])


@pytest.fixture
def store(colliding: Path, tmp_path: Path) -> Path:
    """Four invented protocols indexed by the real CLI, the process's open store then let go (as a process ends)."""
    folder = tmp_path / "store"
    assert runner.invoke(app, ["index", str(colliding), "--store", str(folder)]).exit_code == 0
    engine.forget_store(engine.Settings.load(store=folder))
    return folder


def contents(folder: Path) -> dict[str, str]:
    """Every file of the store with a hash of its bytes; SQLite's -shm index and an empty -wal aside, which reading a
    WAL database creates and which hold no data."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


def one_line(result) -> str:
    """The command's error: one line and exit code 1 (progress lines of an index run, '[1/4] path', aside)."""
    lines = [line for line in result.output.strip().splitlines() if not re.match(r"\[\d+/\d+\] ", line)]
    assert result.exit_code == 1 and len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def read_everything(folder: Path) -> list:
    results = []
    for command in READING:
        results.append(runner.invoke(app, [*command, "--store", str(folder)]))
        engine.forget_store(engine.Settings.load(store=folder))
    return results


def test_reading_a_healthy_store_changes_no_byte_of_it(store):
    before = contents(store)
    assert [r.exit_code for r in read_everything(store)] == [0, 0, 0]
    assert contents(store) == before


def test_reading_a_store_whose_vectors_are_gone_reports_it_and_changes_nothing(store):
    shutil.rmtree(store / "chroma")
    before = contents(store)
    asked, searched, checked = read_everything(store)
    assert asked.exit_code == 0 and searched.exit_code == 0  # answered from BM25, with a warning to repair
    assert checked.exit_code == 1 and "problem: vectors: 8 of 8 § have no vectors" in checked.output
    assert contents(store) == before and not (store / "chroma").exists()


@pytest.mark.parametrize("lost", ["zero bytes", "deleted", "emptied"])
def test_a_lost_catalog_beside_vectors_is_damage_named_in_one_line_and_nothing_is_deleted(store, lost):
    catalog = store / "catalog.sqlite"
    for name in ("catalog.sqlite-wal", "catalog.sqlite-shm"):
        (store / name).unlink(missing_ok=True)
    if lost == "zero bytes":
        catalog.write_bytes(b"")
    elif lost == "deleted":
        catalog.unlink()
    else:  # the tables are there, every row is gone
        import sqlite3

        with sqlite3.connect(catalog) as db:
            db.executescript("DELETE FROM files; DELETE FROM paragraphs; DELETE FROM meetings;")
    before = contents(store)
    for command in (*READING, ["index", str(store.parent / "colliding")], ["meetings"], ["serve"]):
        line = one_line(runner.invoke(app, [*command, "--store", str(store)]))
        assert line.startswith(f"error: the store {store} is damaged (catalog.sqlite ") and "but the store holds" in line
        assert f"paragraf index --rebuild --store {store} FOLDER" in line, line
        engine.forget_store(engine.Settings.load(store=store))
    assert contents(store) == before


def test_check_reports_a_damaged_sentence_file_without_rewriting_it(store):
    (store / "sentences.sqlite").write_bytes(b"not a database " * 500)
    for name in ("sentences.sqlite-wal", "sentences.sqlite-shm"):
        (store / name).unlink(missing_ok=True)
    before = contents(store)
    checked = runner.invoke(app, ["check", "--store", str(store)])
    assert checked.exit_code == 1 and "problem: sentences: sentences.sqlite cannot be read" in checked.output
    assert contents(store) == before


@pytest.mark.parametrize("command", [["check"], ["ask", "Vad beslutades?"], ["index"]])
def test_a_damaged_chroma_database_is_one_line_in_every_command(store, command):
    chroma = store / "chroma" / "chroma.sqlite3"
    data = bytearray(chroma.read_bytes())
    data[100:4096] = b"\x13 garbage " * 399 + b"\x00" * 5
    chroma.write_bytes(bytes(data))
    args = [*command, str(store.parent / "colliding")] if command == ["index"] else command
    line = one_line(runner.invoke(app, [*args, "--store", str(store)]))
    assert line.startswith(f"error: the store {store} is damaged (chroma/chroma.sqlite3: ") and "--rebuild" in line


@pytest.fixture
def read_only_catalog(store):
    """The catalog made unwritable: immutable for root (who ignores permission bits), read-only for anyone else."""
    catalog = store / "catalog.sqlite"
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(catalog)], capture_output=True).returncode != 0:
            pytest.skip("chattr cannot make a file immutable here")
    else:
        catalog.chmod(0o444)
    yield catalog
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(catalog)], check=True)


def test_a_read_only_catalog_is_answered_from_and_refused_for_indexing_in_one_line(store, read_only_catalog):
    asked = runner.invoke(app, ["ask", "Vad beslutades om cykelpool?", "--store", str(store)])
    assert asked.exit_code == 0 and "cykelpool" in asked.output
    engine.forget_store(engine.Settings.load(store=store))
    new = store.parent / "ny" / "protokoll.txt"
    new.parent.mkdir()
    new.write_text(invented("solceller"), encoding="utf-8")
    line = one_line(runner.invoke(app, ["index", str(new.parent), "--store", str(store)]))
    assert line.startswith(f"error: the store {store} cannot be used: catalog.sqlite is read-only"), line
