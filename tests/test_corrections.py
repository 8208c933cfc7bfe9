"""Specification of the secretary's corrections: stored with the archive's records (SQLite beside the catalog, or
PostgreSQL), applied after every parse, surviving re-indexing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.parse.corrections import SOURCE, Correction
from index.errors import BadInput
from index.parse.protocol import parse_text
from index.store.records import Corrections, open_records

PROTOCOL = ("Protokoll fört vid sammanträde med styrelsen\nDatum: 2024-02-14\n\n"
            "§ 1 Öppnande\nMötet öppnas.\n\n§ 2 Budget\nStyrelsen beslutar att fastställa budgeten.\n")


def records(folder: Path, url: str = "") -> Corrections:
    return Corrections(open_records(folder, url))


def test_a_correction_is_stored_with_the_records_and_merged_with_earlier_ones(tmp_path: Path, backend: dict) -> None:
    corrections = records(tmp_path, backend.get("database_url", ""))
    corrections.add("p.txt", Correction(organisation="Samordningsförbundet Övre Dalen"))
    kept = corrections.add("p.txt", Correction(date="2024-02-15"))
    assert kept == Correction("Samordningsförbundet Övre Dalen", None, "2024-02-15")
    assert records(tmp_path, backend.get("database_url", "")).by_file == {"p.txt": kept}  # another connection reads it


def test_corrections_an_older_version_kept_in_json_move_into_the_records_once(tmp_path: Path) -> None:
    (tmp_path / "corrections.json").write_text(json.dumps({"p.txt": {"date": "2024-02-15"}}), encoding="utf-8")
    assert Corrections(open_records(tmp_path), tmp_path).of("p.txt") == Correction(date="2024-02-15")
    assert not (tmp_path / "corrections.json").exists() and (tmp_path / "corrections.json.imported").exists()
    assert records(tmp_path).by_file == {"p.txt": Correction(date="2024-02-15")}


def test_applying_a_correction_changes_the_meeting_its_ids_and_says_so(tmp_path: Path) -> None:
    corrections = records(tmp_path)
    corrections.add("p.txt", Correction(organisation="Samordningsförbundet Övre Dalen", body="arbetsutskottet"))
    meeting = corrections.of("p.txt").apply(parse_text(PROTOCOL, source_file="p.txt"))
    assert (meeting.organisation, meeting.body, meeting.date) == ("Samordningsförbundet Övre Dalen", "arbetsutskottet", "2024-02-14")
    assert meeting.provenance.organisation == SOURCE and meeting.provenance.date == "'Datum' field"
    assert meeting.paragraphs[0].id.startswith("samordningsforbundet-ovre-dalen-arbetsutskottet-2024-02-14")


def test_other_files_are_left_alone(tmp_path: Path) -> None:
    corrections = records(tmp_path)
    corrections.add("p.txt", Correction(date="2024-03-01"))
    assert corrections.of("other.txt") is None  # what the indexing run applies to other.txt: nothing


@pytest.mark.parametrize("correction", [Correction(), Correction(date="14/2 2024")])
def test_an_empty_correction_or_a_date_that_is_no_date_is_refused(tmp_path: Path, correction: Correction) -> None:
    with pytest.raises(BadInput):
        records(tmp_path).add("p.txt", correction)


def test_a_correction_survives_re_indexing_through_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app
    from index.store.catalog import open_catalog

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "p.txt").write_text(PROTOCOL.replace("Datum: 2024-02-14\n", ""), encoding="utf-8")
    store = tmp_path / "store"
    runner = CliRunner()
    indexed = runner.invoke(app, ["index", str(archive), "--store", str(store)])
    assert "Indexed without a meeting date (1): p.txt" in indexed.output, indexed.output
    fixed = runner.invoke(app, ["correct", "p.txt", "--date", "2024-02-14", "--store", str(store)])
    assert fixed.exit_code == 0, fixed.output
    (archive / "p.txt").write_text(PROTOCOL.replace("Datum: 2024-02-14\n", "") + "\n", encoding="utf-8")  # edited: re-indexed
    again = runner.invoke(app, ["index", str(archive), "--store", str(store)])
    assert "indexed: " in again.output and "without a meeting date" not in again.output, again.output
    meetings = open_catalog(store).meetings()
    assert [(m["source_file"], m["date"]) for m in meetings] == [("p.txt", "2024-02-14")]
    shutil.rmtree(store)


def test_a_corrected_date_moves_the_dates_read_relative_to_it(tmp_path: Path, backend: dict) -> None:
    from index.pipeline import index_paths
    from index.store.archive import Store

    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("p.txt", "q.txt", "r.txt"):
        (archive / name).write_text(PROTOCOL.replace("Budget", f"Budget {name}") + "\n§ 3 Nästa sammanträde\nNästa möte blir den "
                                    "20 februari.\n", encoding="utf-8")
    store = Store(tmp_path / "store", **backend)
    store.corrections.add("p.txt", Correction(date="2024-03-01"))
    assert index_paths(store, [archive]).count("indexed") == 3
    due = {(p.source_file, p.date): p.extract.followups[0].due for p in store.catalog.paragraphs() if p.number == 3}
    # The next 20 February after the corrected meeting date, not after the date the parser read.
    assert due == {("p.txt", "2024-03-01"): "2025-02-20", ("q.txt", "2024-02-14"): "2024-02-20", ("r.txt", "2024-02-14"): "2024-02-20"}
