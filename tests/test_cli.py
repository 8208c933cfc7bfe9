"""The command line's JSON contract: names and fields other tools rely on."""

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
runner = CliRunner()


def run(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_parse_json_has_meeting_and_paragraph_fields():
    data = run("parse", "--json", str(CORPUS / "sormland-rar-arbetsutskottet-2026-03-04.txt"))
    assert {"source_file", "organisation", "body", "date", "paragraphs"} <= set(data)
    assert (data["organisation"], data["body"], data["date"]) == ("Samordningsförbundet RAR i Sörmland", "arbetsutskottet", "2026-03-04")
    first = data["paragraphs"][0]
    assert {"id", "number", "title", "text", "decisions"} <= set(first)
    assert [p["number"] for p in data["paragraphs"]] == list(range(18, 26))


def test_search_json_results_best_first_with_integer_paragraph(corpus_store_path):
    data = run("search", "--json", "-k", "3", "--store", str(corpus_store_path), "--org", "Sörmland", "ESF-medel")
    assert data["query"] == "ESF-medel"
    result = data["results"][0]
    assert {"id", "organisation", "body", "date", "paragraph", "title", "source_file", "score", "text"} <= set(result)
    assert result["paragraph"] == 22 and isinstance(result["paragraph"], int)
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_json_with_history(corpus_store_path, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([
        {"role": "user", "content": "Vilka blir nya dataskyddsombud i Kalmar?"},
        {"role": "assistant", "content": "Vilma Dahlgren och Fredrik Rosmer (Samordningsförbundet i Kalmar län, arbetsutskottet 2025-12-05, § 17)"},
    ]), encoding="utf-8")
    data = run("ask", "--json", "--store", str(corpus_store_path), "--history", str(history), "Från vilket datum gäller det?")
    assert {"question", "answer", "abstained", "citations"} <= set(data)
    citation = data["citations"][0]
    assert {"organisation", "body", "date", "paragraph", "title", "source_file"} <= set(citation)
    assert (citation["date"], citation["paragraph"]) == ("2025-12-05", 17)


def test_errors_are_one_line_and_exit_1(tmp_path):
    result = runner.invoke(app, ["parse", str(tmp_path / "saknas.pdf")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "saknas.pdf" in result.output
    result = runner.invoke(app, ["search", "--store", str(tmp_path / "s"), "--from", "igår", "budget"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output
