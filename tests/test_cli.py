"""The command line's JSON contract: names and fields other tools rely on; and what it says when
files collide, are refused, or the store is damaged (one line, never a traceback)."""

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from conftest import SAME_MEETING, invented

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
    """The history carries the earlier answer as `ask --json` printed it: a follow-up reads the § it cited."""
    first = run("ask", "--json", "--store", str(corpus_store_path), "Vilka blir nya dataskyddsombud i Kalmar?")
    history = tmp_path / "history.json"
    history.write_text(json.dumps([
        {"role": "user", "content": first["question"]},
        {"role": "assistant", "content": first["answer"], "answer": first},
    ]), encoding="utf-8")
    data = run("ask", "--json", "--store", str(corpus_store_path), "--history", str(history), "Från vilket datum gäller det?")
    assert {"question", "answer", "abstained", "citations"} <= set(data)
    citation = data["citations"][0]
    assert {"organisation", "body", "date", "paragraph", "title", "source_file"} <= set(citation)
    assert (citation["date"], citation["paragraph"]) == ("2025-12-05", 17)


def test_ask_prints_what_its_json_says_each_quote_is(corpus_store_path):
    """An English question: the printed answer is the JSON's, framed in English, with one line per quote named by
    its `kind` and the Swedish quote as written; each cited § is labelled once."""
    question = "How much will the board training cost in Östra Östergötland?"
    printed = runner.invoke(app, ["ask", "--store", str(corpus_store_path), question])
    data = run("ask", "--json", "--store", str(corpus_store_path), question)
    assert printed.exit_code == 0 and printed.output.startswith(data["answer"] + "\n\nSources:")
    assert data["language"] == "en" and data["answer"].startswith("According to the minutes")
    from assistant.answer.compose import KINDS

    for citation in data["citations"]:
        label = f"({citation['organisation']}, {citation['body']} {citation['date']}, § {citation['paragraph']})"
        assert data["answer"].count(label) == 1
        assert len(citation["kinds"]) == len(citation["quotes"])
        for quote, kind in zip(citation["quotes"], citation["kinds"]):
            assert f'  - {KINDS["en"][kind]}: "{quote}"' in data["answer"].splitlines()
    assert "amount" in data["citations"][0]["kinds"]


def test_errors_are_one_line_and_exit_1(tmp_path):
    result = runner.invoke(app, ["parse", str(tmp_path / "saknas.pdf")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "saknas.pdf" in result.output
    result = runner.invoke(app, ["search", "--store", str(tmp_path / "s"), "--from", "igår", "budget"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output


# --- nothing lost: identity, damage, refusals ------------------------------------------------------
def test_four_protocols_with_colliding_headers_and_names_are_all_found(colliding, tmp_path):
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["index", str(colliding), "--store", store])
    assert result.exit_code == 0 and "Summary: 4 indexed" in result.output, result.output
    found = {topic: run("search", "--json", "-k", "1", "--store", store, topic)["results"][0]
             for topic in ("cykelpool", "båtklubb", "kaffebryggare", "solpaneler")}
    assert all(topic in hit["text"] for topic, hit in found.items())
    assert len({hit["id"] for hit in found.values()}) == 4


def test_check_says_healthy_or_names_each_problem(colliding, tmp_path):
    import sqlite3

    store = tmp_path / "store"
    runner.invoke(app, ["index", str(colliding), "--store", str(store)])
    healthy = runner.invoke(app, ["check", "--store", str(store)])
    assert healthy.exit_code == 0 and "healthy (8 §" in healthy.output
    with sqlite3.connect(store / "catalog.sqlite") as db:
        db.execute("DELETE FROM lexical")
    damaged = runner.invoke(app, ["check", "--store", str(store)])
    assert damaged.exit_code == 1 and "problem: bm25: the BM25 index is missing" in damaged.output


def test_an_interrupted_upload_is_reported_then_indexed(tmp_path):
    from index.store.uploads import keep

    store = tmp_path / "store"
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["index", str(tmp_path / "empty"), "--store", str(store)]).exit_code == 0  # a server's start
    source = tmp_path / "protokoll.txt"
    source.write_text(invented("bokbinderi", SAME_MEETING), encoding="utf-8")
    keep(source, "protokoll.txt", tmp_path / "store-uploads")  # saved, then the server was killed
    reported = runner.invoke(app, ["check", "--store", str(store)])
    assert reported.exit_code == 1 and "uploads: protokoll.txt was uploaded but never indexed" in reported.output
    resumed = runner.invoke(app, ["index", str(tmp_path / "empty"), "--store", str(store)])
    assert "indexed: " in resumed.output and "protokoll.txt (2 §)" in resumed.output, resumed.output
    assert run("search", "--json", "-k", "1", "--store", str(store), "bokbinderi")["results"][0]["source_file"] == "protokoll.txt"


def test_the_summary_names_each_refused_file_with_its_reason(tmp_path, monkeypatch):
    import index.worker
    from index.read.document import read_document

    def broken_read(path, limits):
        if path.suffix == ".docx":
            raise ValueError("xmlSAX2Characters: huge text node")  # an error no reader caught (a bug)
        return read_document(path, limits)

    monkeypatch.setattr(index.worker, "read_document", broken_read)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.docx").write_bytes(b"PK invented")
    (folder / "bra.txt").write_text((CORPUS / "kalmar-arbetsutskottet-2025-12-05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["index", str(folder), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "Summary: 1 indexed, 0 unchanged, 0 duplicate, 0 removed, 1 refused" in result.output
    assert f"  refused: {folder / 'bomb.docx'} - could not be read (ValueError: xmlSAX2Characters: huge text node)" in result.output.splitlines()
    assert "1 file(s) refused (bomb.docx); everything else was indexed." in result.output.splitlines()


@pytest.mark.parametrize("with_wal", [False, True])
def test_a_damaged_catalog_is_one_line_in_every_command(colliding, tmp_path, with_wal, monkeypatch):
    import shutil
    import sqlite3

    from assistant import engine

    store = tmp_path / "store"
    runner.invoke(app, ["index", str(colliding / "a"), "--store", str(store)])
    # As when that process ended: each command below opens the store afresh, as a new process does.
    engine._stores.pop(next(key for key in engine._stores if key[0] == str(store.resolve()))).close()
    catalog = store / "catalog.sqlite"
    if with_wal:  # a real WAL with a commit in it, left beside the damaged file
        db = sqlite3.connect(catalog)
        db.execute("PRAGMA wal_autocheckpoint=0")
        with db:
            db.execute("UPDATE state SET value=value+1 WHERE key='generation'")
        shutil.copy(store / "catalog.sqlite-wal", tmp_path / "wal")
        db.close()
        shutil.copy(tmp_path / "wal", store / "catalog.sqlite-wal")
        assert (store / "catalog.sqlite-wal").stat().st_size > 0
    catalog.write_bytes(b"\x13 not a database " * 2000)
    for command in (["ask", "Vad beslutades?"], ["search", "cykelpool"], ["index", str(colliding)], ["check"], ["serve"]):
        result = runner.invoke(app, [*command, "--store", str(store)])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1, (command, result.output)
        assert lines[0].startswith(f"error: the store {store} is damaged") and "paragraf index --rebuild" in lines[0]


# --- a command line without traps -------------------------------------------------------------------
INVENTED = """PROTOKOLL

Styrelsen, Samordningsförbundet Norra Skogen

Datum: 2026-01-15

§ 1 Sommarläger för deltagare

Styrelsen beslutar att anordna ett sommarläger för deltagare till en kostnad av 45 000 kronor.

§ 2 Nästa möte

Nästa möte hålls i mars.
"""


def test_the_store_is_found_the_same_from_any_folder(monkeypatch, tmp_path):
    from assistant.settings import Settings

    monkeypatch.delenv("PARAGRAF_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for folder in (tmp_path, tmp_path / "elsewhere"):
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        assert Settings.load().store == tmp_path / "data" / "paragraf" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert Settings.load().store == Path.home() / ".local" / "share" / "paragraf" / "store"
    monkeypatch.setenv("PARAGRAF_STORE", str(tmp_path / "named"))
    assert Settings.load().store == tmp_path / "named"
    assert Settings.load(store=tmp_path / "flag").store == tmp_path / "flag"


@pytest.mark.parametrize("command", [["ask", "Vad beslutades?"], ["search", "budget"], ["brief"], ["timeline", "ESF"]])
def test_a_missing_or_empty_store_is_an_error_not_an_empty_answer(tmp_path, command):
    missing = runner.invoke(app, [*command, "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no store at" in missing.output and len(missing.output.strip().splitlines()) == 1
    assert not (tmp_path / "none").exists()  # asking does not create a store
    from index.store.archive import Store

    Store(tmp_path / "empty")
    empty = runner.invoke(app, [*command, "--store", str(tmp_path / "empty")])
    assert empty.exit_code == 1 and "is empty" in empty.output


def test_org_options_name_one_organisation_by_whole_words(corpus_store_path):
    store = str(corpus_store_path)
    wrong = runner.invoke(app, ["brief", "--store", store, "--org", "Gotland"])
    assert wrong.exit_code == 1 and "'Gotland' names no organisation" in wrong.output
    assert "Samordningsförbundet Östra Östergötland" in wrong.output  # the candidates are listed
    several = runner.invoke(app, ["search", "--store", store, "--org", "samordningsförbundet", "budget"])
    assert several.exit_code == 1 and "several organisations" in several.output
    data = run("search", "--json", "-k", "3", "--store", store, "--org", "östergötland", "intern kontroll")
    assert {r["organisation"] for r in data["results"]} == {"Samordningsförbundet Östra Östergötland"}
    assert "Östra Östergötland" in runner.invoke(app, ["brief", "--store", store, "--org", "Östra Östergötland",
                                                       "--as-of", "2026-06-01"]).output


def test_each_refusal_is_said_once_and_progress_lines_come_without_a_terminal(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tom.txt").write_text("")
    (tmp_path / "in" / "bild.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["index", "--store", str(tmp_path / "s"), str(tmp_path / "in")])
    assert result.exit_code == 1
    assert result.output.count("the file is empty") == 1 and result.output.count("unsupported file type") == 1
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr


def test_malformed_history_is_one_line_naming_the_file(corpus_store_path, tmp_path):
    history = tmp_path / "turns.json"
    for content, message in (("", "not valid JSON"), ('{"role": "user"}', "expected a JSON list")):
        history.write_text(content or "nonsense", encoding="utf-8")
        result = runner.invoke(app, ["ask", "--store", str(corpus_store_path), "--history", str(history), "Och sen?"])
        assert result.exit_code == 1 and message in result.output and str(history) in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_library_noise_only_with_verbose(tmp_path):
    (tmp_path / "norra-skogen.txt").write_text(INVENTED, encoding="utf-8")
    quiet = runner.invoke(app, ["index", "--store", str(tmp_path / "a"), str(tmp_path / "norra-skogen.txt")])
    assert quiet.exit_code == 0 and "bm25s" not in quiet.output and "DEBUG" not in quiet.output
    assert quiet.stdout.splitlines() == [f"  indexed: {tmp_path / 'norra-skogen.txt'} (2 §) - 2 § (§ N), date from 'Datum' field, "
                                         "organisation from samordningsförbund named before the first §",
                                         "Summary: 1 indexed, 0 unchanged, 0 duplicate, 0 removed, 0 refused"]
    verbose = runner.invoke(app, ["-v", "index", "--store", str(tmp_path / "b"), str(tmp_path / "norra-skogen.txt")])
    assert verbose.exit_code == 0 and "DEBUG bm25s" in verbose.output  # bm25s logs at DEBUG whatever the root level


def test_json_citations_and_results_carry_page_and_source_url(corpus_store_path):
    answer = run("ask", "--json", "--store", str(corpus_store_path), "Vad beslutade styrelsen om ESF-medel?")
    for citation in answer["citations"]:
        assert citation["page"] is None  # text files have no pages
        assert citation["url"] == f"http://127.0.0.1:7860/paragraf/original/{citation['meeting_id']}"
    result = run("search", "--json", "-k", "1", "--store", str(corpus_store_path), "ESF-medel")["results"][0]
    assert result["page"] is None and result["url"].endswith(f"/paragraf/original/{result['meeting_id']}")


def test_remove_takes_a_meeting_out_of_catalog_vectors_and_bm25(tmp_path):
    from index.store.archive import Store

    (tmp_path / "norra-skogen.txt").write_text(INVENTED, encoding="utf-8")
    store = str(tmp_path / "s")
    assert runner.invoke(app, ["index", "--store", store, str(tmp_path / "norra-skogen.txt")]).exit_code == 0
    meeting = run("meetings", "--json", "--store", store)[0]
    assert run("search", "--json", "--store", store, "sommarläger")["results"]
    unknown = runner.invoke(app, ["remove", "--store", store, "no-such-meeting"])
    assert unknown.exit_code == 1 and "no indexed meeting id" in unknown.output
    removed = runner.invoke(app, ["remove", "--store", store, meeting["id"]])
    assert removed.exit_code == 0 and "norra-skogen.txt" in removed.output
    opened = Store(tmp_path / "s")
    assert opened.meetings == [] and opened.collection.count() == 0 and opened.lexical.ids == []
    assert (tmp_path / "norra-skogen.txt").exists()  # the file itself stays
    again = runner.invoke(app, ["ask", "--store", store, "Vad kostar sommarlägret?"])
    assert again.exit_code == 1 and "is empty" in again.output


def test_index_runs_at_the_configured_nice_level(tmp_path, monkeypatch):
    niced: list[int] = []
    monkeypatch.setattr(os, "nice", lambda increment: niced.append(increment) or increment)
    monkeypatch.setenv("PARAGRAF_INDEX_NICE", "7")
    result = runner.invoke(app, ["index", str(tmp_path / "empty"), "--store", str(tmp_path / "s")])
    assert niced == [7], result.output


# --- questions within limits (issue 23) -------------------------------------------------------------
def test_a_question_beyond_the_limits_is_refused_at_once_in_one_line(corpus_store_path):
    """The finding: a 120 KB question took 121 s and 2.6 GB."""
    started = time.monotonic()
    result = runner.invoke(app, ["ask", "beslut " * 20_000, "--store", str(corpus_store_path)])
    assert result.exit_code == 1 and time.monotonic() - started < 5
    assert result.output.strip() == ("error: the question is 140,000 characters long, more than 2,000 "
                                     "(limit PARAGRAF_MAX_QUESTION_CHARS)")


def test_a_history_file_beyond_the_limits_is_refused_unread(corpus_store_path, tmp_path):
    """The finding: a 200 MB --history was read for 71 s and 728 MB."""
    huge = tmp_path / "historik.json"
    with open(huge, "wb") as out:
        out.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    started = time.monotonic()
    result = runner.invoke(app, ["ask", "Och i Kalmar?", "--history", str(huge), "--store", str(corpus_store_path)])
    assert result.exit_code == 1 and time.monotonic() - started < 5
    assert result.output.startswith(f"error: {huge}: 209,715,200 bytes, more than a conversation") and result.output.count("\n") == 1


def test_a_deeply_nested_history_is_one_line_not_a_traceback(corpus_store_path, tmp_path):
    """The finding: a history nested 100 000 deep gave a RecursionError traceback."""
    nested = tmp_path / "historik.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    result = runner.invoke(app, ["ask", "Och i Kalmar?", "--history", str(nested), "--store", str(corpus_store_path)])
    assert result.exit_code == 1 and result.output.strip().startswith(f"error: {nested}: nested deeper than")
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_a_question_past_its_time_budget_is_stopped_in_one_line(corpus_store_path, monkeypatch):
    import assistant.ask

    def slow(*args, **kwargs):
        time.sleep(30)

    monkeypatch.setattr(assistant.ask, "ask", slow)
    monkeypatch.setenv("PARAGRAF_QUESTION_SECONDS", "1")
    started = time.monotonic()
    result = runner.invoke(app, ["ask", "Vad beslutades?", "--store", str(corpus_store_path)])
    assert result.exit_code == 1 and time.monotonic() - started < 10
    assert result.output.strip() == "error: the question took longer than 1 s and was stopped (limit PARAGRAF_QUESTION_SECONDS)"
