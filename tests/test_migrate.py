"""The whole product on PostgreSQL and a Chroma server through the command line, and an embedded store moved there
with one command: index, check, ask, search, brief, timeline, correct, meetings, remove and a rebuild work with
nothing of the archive in the store folder, and a migrated store answers as the embedded one did (real servers,
tests/conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Vem är dataskyddsombud i Kalmar?"
runner = CliRunner()

pytestmark = pytest.mark.slow


def cli(*args: str) -> str:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.output


@pytest.fixture
def served(monkeypatch, tmp_path, database_url, chroma_url) -> Path:
    monkeypatch.setenv("PARAGRAF_DATABASE_URL", database_url)
    monkeypatch.setenv("PARAGRAF_CHROMA_URL", chroma_url)
    monkeypatch.setenv("PARAGRAF_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("PARAGRAF_STORE", str(tmp_path / "store"))
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    return corpus


def test_every_command_works_on_postgresql_with_nothing_in_the_store_folder(served, tmp_path):
    assert "Summary: 5 indexed" in cli("index", str(served))
    assert "healthy (" in cli("check")
    answer = json.loads(cli("ask", "--json", QUESTION))
    assert not answer["abstained"] and answer["citations"][0]["paragraph"] == 17
    assert json.loads(cli("search", "--json", "-k", "1", "dataskyddsombud"))["results"][0]["paragraph"] == 17
    assert "Läge per 2026-03-05" in cli("brief", "--org", "Sörmland", "--as-of", "2026-03-05")
    assert "medelstilldelning" in cli("timeline", "medelstilldelning").lower()
    assert "date = 2026-03-05" in cli("correct", "sormland-rar-arbetsutskottet-2026-03-04.txt", "--date", "2026-03-05")
    meetings = json.loads(cli("meetings", "--json"))
    assert "2026-03-05" in {m["date"] for m in meetings} and "2026-03-04" not in {m["date"] for m in meetings}
    assert "removed: " in cli("remove", "kalmar-arbetsutskottet-2025-12-05.txt")
    assert "Summary: 4 indexed" in cli("index", "--rebuild")  # the recorded files again, the correction kept
    assert "2026-03-05" in {m["date"] for m in json.loads(cli("meetings", "--json"))}
    assert "healthy (" in cli("check")
    assert not (tmp_path / "store").exists()


def test_an_embedded_store_migrated_answers_as_before(tmp_path, database_url, chroma_url, monkeypatch):
    embedded = tmp_path / "embedded"
    assert "Summary: 5 indexed" in cli("index", str(ROOT / "corpus"), "--store", str(embedded))
    cli("correct", "kalmar-arbetsutskottet-2025-12-05.txt", "--body", "arbetsutskottet", "--store", str(embedded))
    monkeypatch.setenv("PARAGRAF_NEW_PASSWORD", "ett långt lösenord")
    cli("user", "add", "ledamot", "--store", str(embedded))
    before = json.loads(cli("ask", "--json", QUESTION, "--store", str(embedded)))
    copied = cli("migrate", "--store", str(embedded), "--to-database", database_url, "--to-chroma", chroma_url)
    assert "1 corrections, 1 users" in copied and "window vectors" in copied
    monkeypatch.setenv("PARAGRAF_UPLOAD_DIR", str(tmp_path / "uploads"))
    after = json.loads(cli("ask", "--json", QUESTION, "--database-url", database_url, "--chroma-url", chroma_url,
                           "--store", str(tmp_path / "replica")))
    assert after["answer"] == before["answer"] and after["citations"] == before["citations"]
    assert "healthy (" in cli("check", "--database-url", database_url, "--chroma-url", chroma_url)
    again = runner.invoke(app, ["migrate", "--store", str(embedded), "--to-database", database_url, "--to-chroma", chroma_url])
    assert again.exit_code == 1 and "already holds an archive" in again.output  # never merged into another archive
