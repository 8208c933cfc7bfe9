"""Specification of the secretary's corrections: stored beside the catalog, applied after every parse,
surviving re-indexing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.parse.corrections import SOURCE, Correction, Corrections
from index.errors import BadInput
from index.parse.protocol import parse_text

PROTOCOL = ("Protokoll fört vid sammanträde med styrelsen\nDatum: 2024-02-14\n\n"
            "§ 1 Öppnande\nMötet öppnas.\n\n§ 2 Budget\nStyrelsen beslutar att fastställa budgeten.\n")


def test_a_correction_is_stored_as_json_beside_the_catalog_and_merged_with_earlier_ones(tmp_path: Path) -> None:
    corrections = Corrections(tmp_path)
    corrections.add("p.txt", Correction(organisation="Samordningsförbundet Övre Dalen"))
    kept = corrections.add("p.txt", Correction(date="2024-02-15"))
    assert kept == Correction("Samordningsförbundet Övre Dalen", None, "2024-02-15")
    assert json.loads((tmp_path / "corrections.json").read_text(encoding="utf-8")) == {
        "p.txt": {"organisation": "Samordningsförbundet Övre Dalen", "date": "2024-02-15"}}
    assert Corrections(tmp_path).by_file["p.txt"] == kept


def test_applying_a_correction_changes_the_meeting_its_ids_and_says_so(tmp_path: Path) -> None:
    corrections = Corrections(tmp_path)
    corrections.add("p.txt", Correction(organisation="Samordningsförbundet Övre Dalen", body="arbetsutskottet"))
    meeting = corrections.of("p.txt").apply(parse_text(PROTOCOL, source_file="p.txt"))
    assert (meeting.organisation, meeting.body, meeting.date) == ("Samordningsförbundet Övre Dalen", "arbetsutskottet", "2024-02-14")
    assert meeting.provenance.organisation == SOURCE and meeting.provenance.date == "'Datum' field"
    assert meeting.paragraphs[0].id.startswith("samordningsforbundet-ovre-dalen-arbetsutskottet-2024-02-14")


def test_other_files_are_left_alone(tmp_path: Path) -> None:
    corrections = Corrections(tmp_path)
    corrections.add("p.txt", Correction(date="2024-03-01"))
    assert corrections.of("other.txt") is None  # what the indexing run applies to other.txt: nothing


@pytest.mark.parametrize("correction", [Correction(), Correction(date="14/2 2024")])
def test_an_empty_correction_or_a_date_that_is_no_date_is_refused(tmp_path: Path, correction: Correction) -> None:
    with pytest.raises(BadInput):
        Corrections(tmp_path).add("p.txt", correction)


def test_a_correction_survives_re_indexing_through_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app
    from index.store.catalog import Catalog

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
    meetings = Catalog(store / "catalog.sqlite").meetings()
    assert [(m["source_file"], m["date"]) for m in meetings] == [("p.txt", "2024-02-14")]
    shutil.rmtree(store)


def test_a_corrected_date_moves_the_dates_read_relative_to_it_and_is_read_once_per_run(tmp_path: Path, monkeypatch) -> None:
    import index.pipeline
    from index.store.catalog import Catalog
    from index.pipeline import index_paths
    from index.store.archive import Store

    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("p.txt", "q.txt", "r.txt"):
        (archive / name).write_text(PROTOCOL.replace("Budget", f"Budget {name}") + "\n§ 3 Nästa sammanträde\nNästa möte blir den "
                                    "20 februari.\n", encoding="utf-8")
    Corrections(tmp_path / "store").add("p.txt", Correction(date="2024-03-01"))
    reads = []
    monkeypatch.setattr(index.pipeline, "Corrections", lambda folder: reads.append(folder) or Corrections(folder))
    assert index_paths(Store(tmp_path / "store"), [archive]).count("indexed") == 3
    assert len(reads) == 1  # once per run, not once per file
    due = {(p.source_file, p.date): p.extract.followups[0].due
           for p in Catalog(tmp_path / "store" / "catalog.sqlite").paragraphs() if p.number == 3}
    # The next 20 February after the corrected meeting date, not after the date the parser read.
    assert due == {("p.txt", "2024-03-01"): "2025-02-20", ("q.txt", "2024-02-14"): "2024-02-20", ("r.txt", "2024-02-14"): "2024-02-20"}
