"""Specification of `paragraf index --rebuild`: the store built again from its sources beside the old one, which stays
as it was until the new one is complete; a rebuild that cannot read the sources it needs refuses and changes nothing;
one a kill interrupted is finished or undone by the next. The protocols are invented and made at test time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import engine
from assistant.cli import app
from index.errors import BadInput
from index.store.rebuild import NEW, OLD, rebuild_sources, recover, replacing
from index.store.records import Corrections, open_records
from test_opening import contents, one_line, store  # noqa: F401 (store: the fixture, four protocols indexed)

runner = CliRunner()


def rebuild(folder: Path, *paths: Path):
    result = runner.invoke(app, ["index", "--rebuild", *map(str, paths), "--store", str(folder)])
    engine.forget_store(engine.Settings.load(store=folder))
    return result


def test_an_unreadable_catalog_and_no_paths_is_refused_and_nothing_is_deleted(store, monkeypatch, tmp_path):
    """The finding: with the corpus folder absent, the rebuild emptied the vectors and replaced the catalog."""
    monkeypatch.chdir(tmp_path)  # no corpus/ here
    (store / "catalog.sqlite").write_bytes(b"\x13 not a database " * 2000)
    before = contents(store)
    line = one_line(rebuild(store))
    assert line.startswith(f"error: cannot rebuild {store}: its catalog cannot be read") and "nothing was changed" in line
    assert f"paragraf index --rebuild --store {store} PATH" in line
    assert contents(store) == before and not store.with_name(store.name + NEW).exists()


def test_a_recorded_source_that_is_gone_is_named_and_nothing_is_deleted(store, colliding):
    (colliding / "c" / "styrelsen.txt").unlink()
    before = contents(store)
    line = one_line(rebuild(store))
    assert "1 of the 4 files it was indexed from cannot be read" in line and "styrelsen.txt" in line
    assert contents(store) == before


def test_a_rebuild_that_fails_half_way_leaves_the_old_store_as_it_was(store, monkeypatch):
    before = contents(store)

    def killed(*args, **kwargs):
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(engine, "index_paths", killed)
    with pytest.raises(RuntimeError):
        engine.rebuild_archive(engine.Settings.load(store=store), [])
    assert contents(store) == before and not store.with_name(store.name + NEW).exists()


def test_a_rebuild_that_indexes_nothing_keeps_the_old_store(store, tmp_path):
    junk = tmp_path / "junk" / "tom.txt"
    junk.parent.mkdir()
    junk.write_text("   \n", encoding="utf-8")
    before = contents(store)
    line = one_line(rebuild(store, junk.parent))
    assert "indexed none of the 1 files it read (tom.txt: the file is empty)" in line and "left as it was" in line
    assert contents(store) == before


def test_a_complete_rebuild_replaces_the_store_and_keeps_what_is_not_derived(store):
    (store / "anteckning.txt").write_text("behålls", encoding="utf-8")
    (store / "corrections.json").write_text(json.dumps({"styrelsen.txt": {"date": "2026-02-04"}}), encoding="utf-8")
    rebuilt = rebuild(store)
    assert rebuilt.exit_code == 0 and "Summary: 4 indexed" in rebuilt.output, rebuilt.output
    assert (store / "anteckning.txt").read_text(encoding="utf-8") == "behålls"
    kept = Corrections(open_records(store, read_only=True)).of("styrelsen.txt")  # moved into the records once (issue 28)
    assert kept is not None and kept.date == "2026-02-04"
    assert not store.with_name(store.name + NEW).exists() and not store.with_name(store.name + OLD).exists()
    assert runner.invoke(app, ["check", "--store", str(store)]).exit_code == 0


def test_given_paths_that_cannot_be_read_are_refused(tmp_path):
    with pytest.raises(BadInput, match="saknas cannot be read; nothing was changed"):
        rebuild_sources(tmp_path / "store", [tmp_path / "saknas"])


@pytest.mark.parametrize("moment", ["building", "between the renames", "before the old one was deleted"])
def test_a_rebuild_a_kill_interrupted_is_finished_or_undone(tmp_path, moment):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "catalog.sqlite").write_text("old")
    new, old = folder.with_name(folder.name + NEW), folder.with_name(folder.name + OLD)
    new.mkdir()
    (new / "catalog.sqlite").write_text("new")
    if moment != "building":
        folder.rename(old)
    if moment == "before the old one was deleted":
        new.rename(folder)
    recover(folder)
    expected = "old" if moment == "building" else "new"
    assert (folder / "catalog.sqlite").read_text() == expected and not new.exists() and not old.exists()


def test_replacing_keeps_the_old_folder_when_the_block_raises(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "catalog.sqlite").write_text("old")
    with pytest.raises(ValueError), replacing(folder) as new:
        (new / "catalog.sqlite").write_text("half")
        raise ValueError
    assert (folder / "catalog.sqlite").read_text() == "old" and not new.exists()
