"""The Gradio app: display helpers and handlers with fakes, then the real server through gradio_client.
The scope chips, streaming and the texts table have their own files (tests/test_ui_chat.py, tests/test_ui_texts.py).

The server tests share one store indexed from corpus/ per test session (`indexed_copy`), and start
`paragraf serve` as a subprocess on a free loopback port (`running_server`); the browser test uses
the same two helpers.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant import engine
from assistant.ui import app as ui
from assistant.ui import archive, chat, inputs, page, render, upload
from assistant.ui.layout import build_app
from assistant.models import Answer, Citation, Draft, Filters, Limit, LimitField, LimitSource
from assistant.settings import Settings
from benchmarks.load import server
from benchmarks.servers import answers, free_port
from index.store.catalog import StoredParagraph
from index.errors import BadInput
from index.pipeline import FileOutcome, IndexReport
from index.store.table import ParagraphTable

ROOT = Path(__file__).resolve().parent.parent
INDEX_SECONDS = 600

CITATION = Citation("Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", 10, "Utökning budgetram",
                    "blekinge-styrelsen-2025-09-29.txt", "blekinge-p10", ["Styrelsen beslutar att utöka budgetramen."])


# --- escaping -------------------------------------------------------------------------------------
def test_escape_makes_markup_inert():
    assert render.escape('<script>alert("x")</script> & <img src=x onerror=alert(1)>') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"
    )


def test_escape_markdown_neutralises_links_images_code_and_math():
    assert render.escape_markdown("![x](http://e.se/t.png) [a](javascript:1) `c` $m$ <b>") == (
        "\\!\\[x\\](http\\://e.se/t.png) \\[a\\](javascript:1) \\`c\\` \\$m\\$ &lt;b&gt;"
    )


def test_escape_markdown_keeps_bare_addresses_from_becoming_links():
    """GFM links 'https://…', 'www.…' and e-mail addresses by itself; escaped, they show unchanged and link nothing."""
    assert render.escape_markdown("Se https://kansli.example.se/beslut, WWW.example.se och anna.berg@example.se.") == (
        "Se https\\://kansli.example.se/beslut, WWW\\.example.se och anna.berg\\@example.se."
    )


def test_highlight_marks_quotes_across_line_breaks_and_escapes_everything_else():
    text = "Inledning <b>fet</b>.\nStyrelsen beslutar\natt utöka <budgetramen>. Slut."
    html, missing = render.highlight(text, ["Styrelsen beslutar att utöka <budgetramen>.", "Finns inte."])
    assert html == (
        "Inledning &lt;b&gt;fet&lt;/b&gt;.\n<mark>Styrelsen beslutar\natt utöka &lt;budgetramen&gt;.</mark> Slut."
    )
    assert missing == ["Finns inte."]


def test_source_html_shows_metadata_and_escapes_document_text():
    citation = CITATION.to_json() | {"title": "Rubrik <i>x</i>", "quotes": ["<script>alert(1)</script>"]}
    page = render.source_html(citation, "Före. <script>alert(1)</script> Efter.")
    for shown in ("Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", "§ 10", "blekinge-styrelsen-2025-09-29.txt"):
        assert shown in page
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page
    assert "Rubrik &lt;i&gt;x&lt;/i&gt;" in page
    assert "<script" not in page and "<i>" not in page


def test_source_html_when_the_paragraph_is_gone():
    assert "finns inte längre" in render.source_html(CITATION.to_json(), None)


def test_render_answer_links_each_citation_to_its_source_once():
    answer = Answer("q", f'Det här står i protokollen:\n- "Styrelsen beslutar <x>." {CITATION.label()}', False, [CITATION])
    text = render.render_answer(answer.to_json(), key=3)
    assert text.endswith("§ 10) [**\\[1\\]**](#paragraf-cite-chat-3-1)")  # a link the page opens in the Källor panel
    assert text.count("Samordningsförbundet i Blekinge") == 1  # the panel lists the sources; the chat does not again
    assert "&lt;x&gt;" in text and "<x>" not in text
    blekinge = Limit(LimitField.ORGANISATION, "Samordningsförbundet i Blekinge", LimitSource.PREVIOUS_TURN)
    dates = Limit(LimitField.DATES, "2025-01-01 – 2025-12-31", LimitSource.QUESTION)
    scoped = Answer("q", "x", True, [], language="en", filters=Filters("Samordningsförbundet i Blekinge"), scope=[blekinge, dates])
    assert render.render_answer(scoped.to_json()).endswith(
        "_Scope: Samordningsförbundet i Blekinge (from the previous question), 2025-01-01 – 2025-12-31 (from the question)_")


def test_source_html_links_to_the_original_at_its_page():
    pdf = CITATION.to_json() | {"meeting_id": "blekinge-styrelsen-2025-09-29", "page": 4}
    page = render.source_html(pdf, "Styrelsen beslutar att utöka budgetramen.")
    assert '<a class="paragraf-original" href="paragraf/original/blekinge-styrelsen-2025-09-29#page=4"' in page
    assert "Öppna originalet på sidan 4" in page and "blekinge-styrelsen-2025-09-29.txt, sidan 4" in page
    english = render.source_html(pdf | {"page": None}, None, "en")
    assert "Open the original</a>" in english and "#page" not in english and "no longer in the archive" in english


def test_render_keeps_raw_turns_but_shows_escaped_messages():
    turns = [{"role": "user", "content": "<b>hej</b>"}, {"role": "assistant", "content": "fel <i>"}]
    assert render.render(turns) == [{"role": "user", "content": "&lt;b&gt;hej&lt;/b&gt;"},
                                {"role": "assistant", "content": "fel &lt;i&gt;"}]


# --- inputs ---------------------------------------------------------------------------------------
def test_to_filters_maps_widgets_to_filters():
    assert inputs.to_filters("Alla", "Alla", "", "  ") == Filters()
    assert inputs.to_filters("Samordningsförbundet i Blekinge", "styrelsen", "2025-01-01", "2025-12-31") == Filters(
        "Samordningsförbundet i Blekinge", "styrelsen", "2025-01-01", "2025-12-31"
    )
    assert inputs.to_filters(None, None, None, None) == Filters()


@pytest.mark.parametrize("date_from, date_to", [("2025-13-01", ""), ("igår", ""), ("2025-12-31", "2025-01-01")])
def test_to_filters_rejects_bad_dates(date_from, date_to):
    with pytest.raises(BadInput):
        inputs.to_filters("Alla", "Alla", date_from, date_to)


def test_parse_history():
    turns = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b", "extra": 1}]
    assert inputs.parse_history(json.dumps(turns)) == [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
    assert inputs.parse_history("") == []
    for bad in ("{", '{"role": "user"}', '[{"role": "system", "content": "x"}]'):
        with pytest.raises(BadInput):
            inputs.parse_history(bad)


@pytest.mark.parametrize("name, clean", [
    ("protokoll.txt", "protokoll.txt"),
    ("a/b/protokoll.PDF", "protokoll.PDF"),
    ("/etc/cron.d/protokoll.docx", "protokoll.docx"),
    ("C:\\Users\\x\\protokoll.md", "protokoll.md"),
])
def test_safe_upload_name_strips_directories(name, clean):
    assert upload.safe_upload_name(name) == clean


@pytest.mark.parametrize("name", ["../protokoll.txt", "a/../../protokoll.txt", "..\\..\\x.txt", "..", "", ".hidden.txt",
                                  "evil.exe", "noext", "bad\nname.txt", "x" * 300 + ".txt"])
def test_safe_upload_name_refuses(name):
    with pytest.raises(BadInput):
        upload.safe_upload_name(name)


def test_save_upload_stays_in_folder_and_enforces_size(tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(b"x" * (1024 * 1024 + 1))
    uploads = tmp_path / "uploads"
    with pytest.raises(BadInput, match="over the limit of 1 MB"):
        upload.save_upload(source, "in.txt", uploads, max_mb=1)
    saved = upload.save_upload(source, "sub/in.txt", uploads, max_mb=2)
    assert saved.name == "in.txt" and saved.parent.parent == uploads.resolve() and saved.read_bytes() == source.read_bytes()
    with pytest.raises(BadInput):
        upload.save_upload(source, "../in.txt", uploads, max_mb=2)
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["in.txt", "in.txt", "uploads", saved.parent.name])


def test_two_uploads_of_one_name_are_both_kept_and_the_same_file_twice_once(tmp_path):
    first, second = tmp_path / "a" / "protokoll.txt", tmp_path / "b" / "protokoll.txt"
    for path, text in ((first, "Protokoll ett"), (second, "Protokoll två")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    uploads = tmp_path / "uploads"
    kept = [upload.save_upload(p, "protokoll.txt", uploads, max_mb=1) for p in (first, second, first)]
    assert kept[0] != kept[1] and kept[0] == kept[2]
    assert [p.name for p in kept] == ["protokoll.txt"] * 3
    assert [p.read_text(encoding="utf-8") for p in kept[:2]] == ["Protokoll ett", "Protokoll två"]


# --- handlers with a fake answer engine ------------------------------------------------------------
class FakeStore:
    meetings = [{"id": "blekinge-styrelsen-2025-09-29", "organisation": "Samordningsförbundet i Blekinge", "body": "styrelsen",
                 "date": "2025-09-29", "source_file": "b.txt", "paragraphs": 16}]
    paragraphs: list = []

    @property
    def table(self) -> ParagraphTable:
        return ParagraphTable.of(self.paragraphs)

    def snapshot(self) -> "FakeStore":
        return self

    def within(self, organisations) -> "FakeStore":
        return self


@pytest.fixture
def fake(monkeypatch, tmp_path):
    calls = []

    def answer_stream(settings, question, history, filters, removed=frozenset(), access=None):
        calls.append((question, history, filters))
        if question == "boom":
            raise RuntimeError("secret internal detail")
        yield Draft("Det här står i protokollen:", True)
        yield Answer(question, f"Svar. {CITATION.label()}", False, [CITATION], filters=filters)

    monkeypatch.setattr(chat, "answer_stream", answer_stream)
    for module in (chat, archive):
        monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: FakeStore())
    return Settings.load(store=tmp_path / "store"), calls


def test_user_shows_question_at_once_and_ignores_blank():
    box, shown, turns = chat.user("  Vad beslutades?  ", [])
    assert (box, turns) == ("", [{"role": "user", "content": "Vad beslutades?"}])
    assert shown == [{"role": "user", "content": "Vad beslutades?"}]
    assert chat.user("   ", turns)[2] == turns


def test_respond_streams_then_answers_with_history_and_filters(fake):
    settings, calls = fake
    turns = [{"role": "user", "content": "Första?"},
             {"role": "assistant", "content": "Svar 1", "answer": Answer("Första?", "Svar 1", True).to_json()},
             {"role": "user", "content": "Och sen?"}]
    outputs = list(chat.respond(settings, turns, 0, "Samordningsförbundet i Blekinge", "Alla", "2025-01-01", ""))
    assert outputs[0][0][-1] == {"role": "assistant", "content": "Söker i protokollen …"}  # at once, before any answer
    assert outputs[1][0][-1] == {"role": "assistant", "content": "Det här står i protokollen:"}  # the answer as it is made
    shown, new_turns, refs, source, language, *_ = outputs[-1]
    first = {"role": "assistant", "content": "Svar 1", "answer": Answer("Första?", "Svar 1", True).to_json()}
    assert calls == [("Och sen?", [{"role": "user", "content": "Första?"}, first],  # the answer's data: a follow-up's context
                      Filters("Samordningsförbundet i Blekinge", None, "2025-01-01", None))]
    assert new_turns[-1]["content"] == f"Svar. {CITATION.label()}"
    assert "(#paragraf-cite-chat-3-1)" in shown[-1]["content"]
    assert len(refs.choices) == 1 and "§ 10" in refs.choices[0][0] and language == "sv"


def test_respond_shows_errors_as_one_sentence(fake):
    settings, _ = fake
    shown = list(chat.respond(settings, [{"role": "user", "content": "boom"}], 0, "Alla", "Alla", "", ""))[-1][0]
    assert shown[-1]["content"].startswith("Något gick fel") and "secret" not in shown[-1]["content"]
    assert "\n" not in shown[-1]["content"] and "Traceback" not in shown[-1]["content"]
    shown = list(chat.respond(settings, [{"role": "user", "content": "x"}], 0, "Alla", "Alla", "not-a-date", ""))[-1][0]
    assert shown[-1]["content"] == "Frågan kunde inte besvaras: Från datum måste vara ett datum som ÅÅÅÅ-MM-DD, inte 'not-a-date'."
    shown = list(chat.respond(settings, [{"role": "user", "content": "x"}], 0, "*", "*", "", "2020-13-01", "en"))[-1][0]
    assert shown[-1]["content"] == "The question could not be answered: To date must be a date like YYYY-MM-DD, not '2020-13-01'."


def test_show_source_looks_up_the_paragraph_by_id(fake, monkeypatch):
    settings, _ = fake
    stored = StoredParagraph("blekinge-p10", CITATION.organisation, CITATION.body, CITATION.date, 10, CITATION.title,
                             "Styrelsen beslutar att utöka budgetramen. <b>x</b>", "b.txt", [], {}, "blekinge", 9)
    monkeypatch.setattr(FakeStore, "paragraphs", [stored])
    page = chat.show_source(settings, json.dumps(CITATION.to_json()))
    assert "<mark>Styrelsen beslutar att utöka budgetramen.</mark> &lt;b&gt;x&lt;/b&gt;" in page


def test_clicking_an_earlier_answer_brings_back_its_references():
    import gradio as gr

    turns = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "answer": Answer("q", "a", False, [CITATION]).to_json()}]
    refs, hint = chat.select_message(turns, gr.SelectData(None, {"index": 1, "value": "a"}), "sv")
    assert [label for label, _ in refs.choices] == ["[1] (Samordningsförbundet i Blekinge, styrelsen 2025-09-29, § 10) Utökning budgetram"]
    assert json.loads(refs.choices[0][1])["id"] == "blekinge-p10" and "Välj en källa" in hint


def test_add_files_reports_each_file_as_it_goes_and_refreshes_the_archive(fake, monkeypatch, tmp_path):
    from index.read.progress import ReadProgress, Stage

    settings, _ = fake
    indexed, sizes = [], []

    def index_paths(store, paths, progress, max_file_mb, seconds, uploads, limits, on_file, on_read, cancelled, admit):
        for done, path in enumerate(paths):
            on_file(done, len(paths), path)
            on_read(ReadProgress(Stage.PAGES, 1, 2))
            time.sleep(upload.TICK_SECONDS * 2.5)  # the page hears of it while it works
        indexed.extend(paths)
        sizes.append((max_file_mb, seconds, uploads, limits))
        return IndexReport([FileOutcome(str(paths[0]), "indexed", "", 3, organisation="Samordningsförbundet Ås", date="2026-01-02"),
                            FileOutcome(str(paths[1]), "refused", "the file is empty")])

    monkeypatch.setattr(engine, "index_paths", index_paths)
    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: FakeStore())
    files = []
    for name in ("a.txt", "b.pdf", "c.exe"):
        (tmp_path / name).write_text("x")
        files.append(str(tmp_path / name))
    steps = list(archive.add_files(settings, files, "sv", "session-1"))
    assert steps[0][1] is None  # the upload box is emptied at once: the next drop sends only new files
    assert any("<strong>a.txt</strong>: läser sida 1 av 2" in step[0] for step in steps[:-1])
    assert any("<strong>b.pdf</strong>: läser sida 1 av 2" in step[0] and "<strong>a.txt</strong>: läser" in step[0]
               for step in steps[:-1])
    report, box, table, organisations, *_ = steps[-1]
    assert [p.parent.parent for p in indexed] == [settings.upload_dir.resolve()] * 2
    assert sizes == [(settings.max_file_mb, settings.file_seconds, settings.upload_dir, settings.read_limits)]  # the CLI's limits
    assert report.count("<li>") == 3 and 'role="status"' in report
    assert "<li><strong>c.exe</strong>: Kunde inte läsas: c.exe: filtypen stöds inte (stöds: .pdf, .docx, .txt, .md)</li>" in report
    assert "<li><strong>a.txt</strong>: Indexerad: 3 §, möte 2026-01-02, Samordningsförbundet Ås</li>" in report
    assert "<li><strong>b.pdf</strong>: Kunde inte läsas: the file is empty</li>" in report
    assert "1 av 3 filer indexerade." in report
    assert table.value["data"] == [["Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", 16, "b.txt"]]
    assert organisations.choices == [("Alla", "*"), ("Samordningsförbundet i Blekinge", "Samordningsförbundet i Blekinge")]


def test_a_cancelled_upload_stops_and_keeps_nothing_of_the_files_left(fake, monkeypatch, tmp_path):
    settings, _ = fake
    seen = []

    def index_paths(store, paths, progress, max_file_mb, seconds, uploads, limits, on_file, on_read, cancelled, admit):
        on_file(0, len(paths), paths[0])
        upload.cancel("session-2")  # the button, pressed while the first file is read
        seen.append(cancelled())
        return IndexReport([FileOutcome(str(path), "cancelled", "cancelled") for path in paths])

    monkeypatch.setattr(engine, "index_paths", index_paths)
    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: FakeStore())
    (tmp_path / "a.txt").write_text("x")
    report = list(archive.add_files(settings, [str(tmp_path / "a.txt")], "en", "session-2"))[-1][0]
    assert seen == [True]
    assert "<strong>a.txt</strong>: Cancelled: nothing from the file was added" in report and "0 of 1 files indexed." in report


def test_two_uploads_named_alike_are_both_indexed_and_a_bad_one_is_named(tmp_path):
    from conftest import SAME_MEETING, invented

    settings = Settings.load(store=tmp_path / "store")
    files = []
    for folder, text in (("a", invented("cykelpool")), ("b", invented("båtklubb", SAME_MEETING)), ("c", "")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ("protokoll.txt" if text else "tom.txt")).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / folder / ("protokoll.txt" if text else "tom.txt")))
    report, _, table, *_ = list(archive.add_files(settings, files, "sv", "session-3"))[-1]
    lines = re.findall(r"<li>(.*?)</li>", report)
    assert lines == ["<strong>protokoll.txt</strong>: Indexerad: 2 §, möte okänt, Okänd organisation",
                     "<strong>protokoll.txt</strong>: Indexerad: 2 §, möte 2026-02-03, Samordningsförbundet Provlän",
                     "<strong>tom.txt</strong>: Kunde inte läsas: the file is empty"]
    assert [row[4] for row in table.value["data"]] == ["protokoll.txt", "protokoll.txt"]
    assert settings.upload_dir == (tmp_path / "store-uploads").resolve()  # beside the store, not in it
    assert sorted(p.name for p in settings.upload_dir.rglob("*.txt")) == ["protokoll.txt", "protokoll.txt"]


def test_a_clicked_citation_opens_its_paragraph_in_the_panel_of_its_text(fake, monkeypatch):
    settings, _ = fake
    stored = StoredParagraph("blekinge-p10", CITATION.organisation, CITATION.body, CITATION.date, 10, CITATION.title,
                             "Inledning. Styrelsen beslutar att utöka budgetramen.", "b.txt", [], {}, "blekinge", 9)
    monkeypatch.setattr(FakeStore, "paragraphs", [stored])
    other = Citation("Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", 3, "Val", "b.txt", "blekinge-p3", [])
    turns = [{"role": "user", "content": "q"},
             {"role": "assistant", "content": "a", "answer": Answer("q", "a", False, [other, CITATION]).to_json()}]
    refs, source, *others = chat.open_cited(settings, "chat-1-2:1700000000", turns, [], [], "sv")
    assert json.loads(refs.value)["id"] == "blekinge-p10" and len(refs.choices) == 2
    assert "<mark>Styrelsen beslutar att utöka budgetramen.</mark>" in source
    assert all(o == gr_skip() for o in others)  # the panels of "Inför mötet" stay as they are
    brief = chat.open_cited(settings, "prepare-brief-0-1:5", turns, [CITATION.to_json()], [], "sv")
    assert brief[0] == gr_skip() and json.loads(brief[2].value)["id"] == "blekinge-p10" and "<mark>" in brief[3]
    for bad in ("chat-1-3:1", "chat-7-1:1", "prepare-brief-0-2:1", "evil-0-1", ""):
        assert all(o == gr_skip() for o in chat.open_cited(settings, bad, turns, [CITATION.to_json()], [], "sv"))


def gr_skip():
    import gradio as gr

    return gr.skip()


def test_removing_a_meeting_asks_first_then_removes_it(fake, monkeypatch):
    settings, _ = fake
    removed = []
    monkeypatch.setattr(archive, "remove_meeting", lambda store, meeting_id, uploads: removed.append(meeting_id))
    monkeypatch.setattr(archive, "remove_as", lambda view, meeting_id: meeting_id)  # who may remove: tests/test_tenancy.py
    message, confirm = archive.ask_remove(settings, "blekinge-styrelsen-2025-09-29", "sv")
    assert message.startswith("Ta bort **Samordningsförbundet i Blekinge, styrelsen 2025-09-29 (b.txt)**") and confirm.visible
    assert removed == []  # nothing happens before the confirmation
    message, confirm, *_ = archive.remove(settings, "blekinge-styrelsen-2025-09-29", "en")
    assert removed == ["blekinge-styrelsen-2025-09-29"] and not confirm.visible
    assert message == "**Samordningsförbundet i Blekinge, styrelsen 2025-09-29 (b.txt)** was removed from the archive."
    assert archive.ask_remove(settings, None, "sv")[0] == "Välj ett möte att ta bort."


def indexed(tmp_path: Path, name: str, text: str) -> Settings:
    """The settings of a store in tmp_path holding one protocol file `name` with `text`."""
    from index.pipeline import index_paths
    from index.store.archive import Store

    protocol = tmp_path / name
    protocol.write_text(text, encoding="utf-8")
    settings = Settings.load(store=tmp_path / "store")
    index_paths(Store(settings.store), [protocol])
    return settings


def test_correcting_a_meeting_stores_the_correction_and_shows_it_in_the_table_and_the_citations(tmp_path):

    settings = indexed(tmp_path, "dalen-2024.txt", "Protokoll fört vid sammanträde med styrelsen\nDatum: 2024-02-14\n\n"
                       "§ 1 Öppnande\nMötet öppnas.\n\n§ 2 Sparvholkar\nStyrelsen beslutar att sätta upp tolv sparvholkar.\n")
    [meeting] = engine.open_store(settings).meetings
    assert archive.correction_fields(settings, meeting["id"]) == (meeting["organisation"], "styrelsen", "2024-02-14")
    assert archive.correct(settings, meeting["id"], meeting["organisation"], "styrelsen", "2024-02-14", "sv")[0] == (
        "Inget är ändrat: skriv rätt organisation, organ eller datum i fälten.")
    assert archive.correct(settings, meeting["id"], "Övre Dalen", "", "14/2", "en")[0] == (
        "Could not be corrected: '14/2' is not a date (YYYY-MM-DD)")

    message, table, organisations, *_, chosen = archive.correct(settings, meeting["id"], " Samordningsförbundet Övre Dalen ",
                                                           "styrelsen", "2024-02-15", "sv")
    assert message == ("Rättat och indexerat på nytt: **Samordningsförbundet Övre Dalen, styrelsen 2024-02-15 (dalen-2024.txt)**. "
                       "Rättelsen gäller också när arkivet indexeras om.")
    assert table.value["data"] == [["Samordningsförbundet Övre Dalen", "styrelsen", "2024-02-15", 2, "dalen-2024.txt"]]
    assert chosen.value == engine.open_store(settings).meetings[0]["id"] != meeting["id"]  # the id follows the corrected names
    assert engine.open_store(settings).corrections.of("dalen-2024.txt").date == "2024-02-15"  # as `paragraf correct` keeps it
    *_, answer = chat.api_ask(settings, "Vad beslutade styrelsen om sparvholkar?")
    assert "(Samordningsförbundet Övre Dalen, styrelsen 2024-02-15, § 2)" in answer["answer"]


def test_the_original_route_serves_only_indexed_files_and_text_as_escaped_text(tmp_path):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from index.store.archive import Store

    settings = indexed(tmp_path, "norr-styrelsen-2026-01-10.txt", "Styrelsen, Samordningsförbundet Norr\nDatum: 2026-01-10\n\n"
                       "§ 1 Öppnande <script>alert(1)</script>\n\nStyrelsen beslutar att öppna mötet.\n")
    meeting_id = Store(settings.store).meetings[0]["id"]
    client = TestClient(FastAPI(routes=[ui.original_route(settings)]))
    page = client.get(f"/paragraf/original/{meeting_id}")
    assert page.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert client.get("/paragraf/original/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/paragraf/original/no-such-meeting").status_code == 404


def test_serve_refuses_half_a_login(tmp_path):
    from index.errors import ParagrafError

    with pytest.raises(ParagrafError, match="both"):
        ui.serve(Settings.load(store=tmp_path, username="anna"))


# --- "Inför mötet": brief and timeline handlers ------------------------------------------------------
class ProtocolStore:
    """The five protocols parsed and extracted (no embeddings): enough for a brief and for opening a §."""

    def __init__(self):
        from index.parse.extract import extract
        from index.parse.protocol import parse_file

        self.paragraphs, self.rows = [], []
        for path in sorted((ROOT / "corpus").glob("*.txt")):
            m = parse_file(path)
            self.rows.append({"id": m.id, "organisation": m.organisation, "body": m.body, "date": m.date, "source_file": m.source_file,
                              "paragraphs": len(m.paragraphs)})
            self.paragraphs += [StoredParagraph(p.id, m.organisation, m.body, m.date, p.number, p.title, p.text, m.source_file,
                                                p.decisions, extract(p, m), m.id, i) for i, p in enumerate(m.paragraphs)]
        self.meetings, self.table = self.rows, ParagraphTable.of(self.paragraphs)

    def snapshot(self) -> "ProtocolStore":  # never changes: its own snapshot
        return self

    def within(self, organisations) -> "ProtocolStore":  # read as an administrator
        return self


@pytest.fixture(scope="module")
def protocols() -> ProtocolStore:
    return ProtocolStore()


@pytest.fixture
def prepared(monkeypatch, tmp_path, protocols):
    from assistant.ui import prepare as ui_prepare

    for module in (ui_prepare, chat, archive):
        monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: protocols)
    return Settings.load(store=tmp_path / "store")


SORMLAND = "Samordningsförbundet RAR i Sörmland"
SORMLAND_AU = f"({SORMLAND}, arbetsutskottet 2026-03-04, § %d)"


def test_brief_shows_proposals_awaiting_the_board_with_numbered_citations(prepared):
    from assistant.ui import prepare as ui_prepare

    text, refs, hint, sources, download, pdf = ui_prepare.show_brief(prepared, SORMLAND, "Alla", "2026-03-05")
    waiting = text.split("## Förslag från arbetsutskottet som väntar på styrelsen")[1].split("##")[0].strip().splitlines()
    assert waiting == [
        f"- Ansökan från regionen, kompletteringar: Arbetsutskottet föreslår styrelsen att godkänna ansökan. {SORMLAND_AU % 21} "
        "[**\\[1\\]**](#paragraf-cite-prepare-brief-0-1)",
        f"- Årsredovisning 2025: Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen. {SORMLAND_AU % 22} "
        "[**\\[2\\]**](#paragraf-cite-prepare-brief-0-2)",
    ]
    assert [s["paragraph"] for s in sources] == [21, 22]  # what a click on [n] opens
    import docx

    assert download.visible and download.value["orig_name"] == "infor-motet-samordningsforbundet-rar-i-sormland-2026-03-05.docx"
    assert SORMLAND_AU % 21 in "\n".join(p.text for p in docx.Document(download.value["path"]).paragraphs)
    assert pdf.visible and pdf.value["orig_name"] == "infor-motet-samordningsforbundet-rar-i-sormland-2026-03-05.pdf"
    assert [label for label, _ in refs.choices] == [f"[1] {SORMLAND_AU % 21} Ansökan från regionen, kompletteringar",
                                                    f"[2] {SORMLAND_AU % 22} Årsredovisning 2025"]
    assert "Välj en källa" in hint


def test_picking_a_brief_citation_shows_the_whole_paragraph(prepared):
    from assistant.ui import prepare as ui_prepare

    _, refs, *_ = ui_prepare.show_brief(prepared, SORMLAND, "arbetsutskottet", "2026-03-05")
    page = chat.show_source(prepared, refs.choices[1][1])
    for shown in (SORMLAND, "arbetsutskottet", "2026-03-04", "§ 22", "Årsredovisning 2025", "sormland-rar-arbetsutskottet-2026-03-04.txt"):
        assert shown in page
    assert "<mark>Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen.</mark>" in page
    assert "Citerat:" not in page  # the quote is found in the § text, not shown apart


def test_brief_markdown_escapes_protocol_text_but_keeps_its_own_layout():
    from assistant.prepare.brief import Brief, BriefItem
    from assistant.ui import prepare as ui_prepare

    evil = Citation("Förbund <b>x</b>", "styrelsen", "2026-01-01", 4, "Rubrik [a](javascript:1)", "f.txt", "f-p4",
                    ["Rubrik [a](javascript:1): Styrelsen beslutar att ![bild](http://e.se/x.png) `kod` <img src=x>."])
    item = BriefItem(evil.quotes[0], evil)
    assigned = BriefItem(evil.quotes[0], evil, {"who": "*förbundschefen*"})
    b = Brief("Förbund <b>x</b>", None, "2026-02-01", ["styrelsen 2026-01-01"], decisions=[item], assignments=[assigned])
    sources = ui_prepare.cited([item.citation, assigned.citation])
    text = ui_prepare.brief_markdown(b, sources)
    assert text.startswith("# Inför mötet: Förbund &lt;b&gt;x&lt;/b&gt;\n") and "## Öppna uppdrag" in text
    assert ("- Rubrik \\[a\\](javascript:1): Styrelsen beslutar att \\!\\[bild\\](http\\://e.se/x.png) \\`kod\\` &lt;img src=x&gt;. "
            "(Förbund &lt;b&gt;x&lt;/b&gt;, styrelsen 2026-01-01, § 4) [**\\[1\\]**](#paragraf-cite-prepare-brief-0-1)") in text
    assert "- **\\*förbundschefen\\***: Rubrik" in text
    own_links = text.replace("**](#paragraf-cite-prepare-brief-0-1)", "")
    assert "<b>" not in text and "<img" not in text and "](" not in own_links.replace("\\](", "")
    # Each § once in the Källor list, its quote without the 'Title: ' prefix so it can be marked in the § text.
    assert [(c.id, c.quotes) for c in sources] == [("f-p4", ["Styrelsen beslutar att ![bild](http://e.se/x.png) `kod` <img src=x>."])]


def test_brief_errors_are_one_sentence(prepared):
    from assistant.ui import prepare as ui_prepare

    assert ui_prepare.show_brief(prepared, None, "Alla", "2026-03-05")[0] == "Underlaget kunde inte tas fram: välj en organisation."
    assert ui_prepare.show_brief(prepared, SORMLAND, "Alla", "igår")[0] == (
        "Underlaget kunde inte tas fram: Per datum måste vara ett datum som ÅÅÅÅ-MM-DD, inte 'igår'.")
    assert ui_prepare.show_brief(prepared, SORMLAND, "Alla", "2020-01-01")[1].choices == []


def test_brief_without_a_date_is_as_of_today(prepared):
    from datetime import date

    from assistant.ui import prepare as ui_prepare

    assert f"Läge per {date.today().isoformat()}." in ui_prepare.show_brief(prepared, SORMLAND, "Alla", " ")[0]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 3])
def test_the_server_answers_up_to_its_workers_questions_at_once(prepared, monkeypatch, workers):
    """Three users ask at once; a question takes half a second. One worker answers them one by one;
    three answer them together."""
    import threading
    from dataclasses import replace

    from gradio_client import Client

    from assistant import ask as answer

    lock, running, peak = threading.Lock(), [0], [0]

    def slow_ask(store, question, history, filters, settings, removed):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.5)
        with lock:
            running[0] -= 1
        yield Answer(question, "Svar.", False)

    monkeypatch.setattr(answer, "ask_stream", slow_ask)
    app = ui.launch(replace(prepared, workers=workers, port=free_port()), prevent_thread_lock=True)
    try:
        clients = [Client(app.local_url, verbose=False) for _ in range(3)]
        threads = [threading.Thread(target=c.predict, args=(f"Fråga {i}",), kwargs={"api_name": "/ask"})
                   for i, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        app.close()
    assert peak[0] == workers


@pytest.mark.slow
def test_waiting_questions_are_told_their_place_in_the_queue_once_a_second_not_at_every_start(prepared):
    """With 20 users waiting, telling each of them its place whenever a question starts is 20 messages per
    question to build and send (Gradio's default); once a second is enough for a person watching."""
    from dataclasses import replace

    app = ui.launch(replace(prepared, port=free_port()), prevent_thread_lock=True)
    try:
        assert not app._queue.live_updates and app._queue.update_intervals == ui.QUEUE_STATUS_SECONDS == 1.0
    finally:
        app.close()


def test_organs_of_the_chosen_organisation(prepared):
    from assistant.ui import prepare as ui_prepare

    assert [v for v, _ in ui_prepare.organs(prepared, "Samordningsförbundet i Kalmar län").choices] == ["Alla", "arbetsutskottet", "styrelsen"]
    assert SORMLAND in [v for v, _ in ui_prepare.organisations(prepared).choices]


def test_app_has_one_source_panel_per_part_and_no_stray_components(prepared):
    import gradio as gr

    app = build_app(prepared)
    components = list(app.blocks.values())
    assert sorted(c.elem_id for c in components if isinstance(c, gr.Radio)) == ["language", "prepare-brief-refs", "prepare-timeline-refs", "refs"]
    assert sorted(c.label for c in components if isinstance(c, gr.Dropdown)) == [
        "Möte att rätta", "Organ", "Organ", "Organisation", "Organisation", "Ta bort ett möte ur arkivet"]
    assert sorted(c.elem_id for c in components if isinstance(c, gr.Button) and "paragraf-chip" in (c.elem_classes or [])) == [
        "scope-body", "scope-dates", "scope-organisation"]
    prepare_org = next(c for c in components if c.elem_id == "prepare-org")
    assert SORMLAND in [v for v, _ in prepare_org.choices] and prepare_org.value is None


def test_timeline_rows_in_date_order_with_citations(prepared, monkeypatch):
    from assistant.ui import prepare as ui_prepare
    from assistant.prepare.timeline import TimelineEntry

    calls = []

    def timeline(store, topic, org):
        calls.append((topic, org))
        return [TimelineEntry(c.quotes[0], c, "lexical") for c in (
            Citation("Samordningsförbundet i Kalmar län", "styrelsen", "2023-10-27", 70, "Preliminär medelstilldelning 2024",
                     "k.txt", "k-p70", ["Den totala medelstilldelningen är 16 020 000 kr."]),
            Citation("Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", 7, "Ekonomi <i>", "b.txt", "b-p7",
                     ["Arbetet med *medelstilldelningen* för 2026."]))]

    monkeypatch.setattr(ui_prepare, "timeline", timeline)
    text, refs, _, _ = ui_prepare.show_timeline(prepared, " medelstilldelning ", SORMLAND, False)
    assert text.splitlines()[2:] == [
        "- **2023-10-27** Preliminär medelstilldelning 2024: Den totala medelstilldelningen är 16 020 000 kr. "
        "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 70) [**\\[1\\]**](#paragraf-cite-prepare-timeline-0-1)",
        "- **2025-09-29** Ekonomi &lt;i&gt;: Arbetet med \\*medelstilldelningen\\* för 2026. "
        "(Samordningsförbundet i Blekinge, styrelsen 2025-09-29, § 7) [**\\[2\\]**](#paragraf-cite-prepare-timeline-0-2)",
    ]
    assert len(refs.choices) == 2 and json.loads(refs.choices[1][1])["quotes"] == ["Arbetet med *medelstilldelningen* för 2026."]
    ui_prepare.show_timeline(prepared, "ESF", SORMLAND, True)
    assert calls == [("medelstilldelning", None), ("ESF", SORMLAND)]
    assert ui_prepare.show_timeline(prepared, "  ", None, False)[0].startswith("Tidslinjen kunde inte tas fram: skriv ett ämne")


PLAIN_PROTOCOL = """PROTOKOLL
fört vid sammanträde med styrelsen, Samordningsförbundet Norra Älvdalen
Datum: 2026-01-14

§ 1 Mötets öppnande
Ordföranden öppnar mötet.

§ 2 Bikupor på kansliets tak

Styrelsen beslutar att placera tre bikupor på taket enligt https://kansli.example.se/bikupor och att <b>anmäla</b> dem till kommunen.
"""


def test_the_api_returns_plain_text_with_the_protocol_characters_as_they_are(tmp_path, monkeypatch):
    from index.pipeline import index_paths
    from index.store.archive import Store

    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "styrelsen-2026-01-14.txt").write_text(PLAIN_PROTOCOL, encoding="utf-8")
    store = Store(tmp_path / "store")
    index_paths(store, [tmp_path / "archive"])
    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: store)
    *drafts, result = chat.api_ask(Settings.load(store=tmp_path / "store"), "Vad beslutade styrelsen om bikuporna på taket?")
    assert drafts and all(d["partial"] and d["checked"] for d in drafts) and not result["partial"]
    assert drafts[-1]["answer"] == result["answer"]  # the last draft is the answer, before its citations are attached
    decision = PLAIN_PROTOCOL.splitlines()[-1]
    assert result["answer"].splitlines()[1:] == ['- "Bikupor på kansliets tak" (Samordningsförbundet Norra Älvdalen, styrelsen 2026-01-14, § 2)',
                                                 f'  - Beslut: "{decision}"']
    assert result["citations"][0]["kinds"] == ["decision"]
    assert json.loads(json.dumps(result)) == result  # plain JSON values only
    assert not any(mark in result["answer"] for mark in ("&lt;", "&amp;", "\\", "<a ", "](", "**"))


def test_the_page_sets_gradios_own_language_with_gradios_own_swedish():
    """The installed Gradio ships Swedish words for its own strings, and the page script imports the core bundle
    that exports the setter of its language; Swedish is set first."""
    import gradio as gr

    assets = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    script = page.script()
    core = re.search(r"import\('\./assets/' \+ \"(core-[\w-]+\.js)\"\)", script)[1]
    assert "changeLocale" in (assets / core).read_text(encoding="utf-8")
    assert "window.paragrafLocale('sv');" in script
    assert any("Släpp fil här" in f.read_text(encoding="utf-8") for f in assets.glob("sv-*.js"))


# --- the real server ------------------------------------------------------------------------------
def indexed_copy(tmp_path_factory, dest: Path) -> Path:
    """A store indexed from corpus/ (once per test session, by `paragraf index`), copied to dest."""
    base = tmp_path_factory.getbasetemp() / "paragraf-ui-corpus-store"
    if not (base / ".indexed").exists():
        shutil.rmtree(base, ignore_errors=True)
        done = subprocess.run([sys.executable, "-m", "assistant.cli", "index", "--store", str(base), str(ROOT / "corpus")],
                              cwd=ROOT, capture_output=True, text=True, timeout=INDEX_SECONDS, env=_env())
        assert done.returncode == 0, done.stdout + done.stderr
        (base / ".indexed").touch()
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns(".indexed"))
    return dest


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARAGRAF_")}
    return env | {"GRADIO_ANALYTICS_ENABLED": "False", "PARAGRAF_CORPUS": str(ROOT / "corpus")} | extra


@contextlib.contextmanager
def running_server(store: Path, log: Path, *flags: str, **env: str):
    """`paragraf serve` on a free loopback port; yields its URL, stops it afterwards."""
    with server(store, log, *flags, env=_env(**env)) as url:
        yield url


@pytest.mark.slow
def test_api_answers_with_citations_and_requires_login(tmp_path_factory, tmp_path):
    from gradio_client import Client

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    login = {"PARAGRAF_USERNAME": "styrelse", "PARAGRAF_PASSWORD": "hemligt-lösen-7"}
    with running_server(store, tmp_path / "serve.log", "--index-first", **login) as url:
        assert "corpus" in (tmp_path / "serve.log").read_text() and "5 unchanged" in (tmp_path / "serve.log").read_text()
        # Without a login neither the page config nor the API answers.
        assert httpx.get(url + "config", timeout=10).status_code == 401
        assert httpx.post(url + "gradio_api/call/ask", json={"data": ["Vem valdes till justerare?"]}, timeout=10).status_code == 401
        with pytest.raises(Exception):
            Client(url, verbose=False)
        with pytest.raises(Exception):
            Client(url, auth=("styrelse", "fel"), verbose=False)

        client = Client(url, auth=("styrelse", "hemligt-lösen-7"), verbose=False)
        first = client.predict("Vad blev utfallet för Möjligheternas hus i Emmaboda när de sökte pengar ur miljonen?", api_name="/ask")
        assert not first["abstained"]
        assert ("2023-10-27", 78) in {(c["date"], c["paragraph"]) for c in first["citations"]}
        assert "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 78)" in first["answer"]

        history = json.dumps([{"role": "user", "content": first["question"]},
                              {"role": "assistant", "content": first["answer"], "answer": first}])
        scoped = client.predict("Vem valdes till justerare?", history, "Samordningsförbundet i Blekinge", "", "", "", api_name="/ask")
        assert scoped["citations"] and {c["organisation"] for c in scoped["citations"]} == {"Samordningsförbundet i Blekinge"}
        assert (scoped["citations"][0]["date"], scoped["citations"][0]["paragraph"]) == ("2025-09-29", 2)

        with pytest.raises(Exception, match="ÅÅÅÅ-MM-DD"):
            client.predict("Vad beslutades?", "", "", "", "igår", "", api_name="/ask")
        with pytest.raises(Exception, match="YYYY-MM-DD"):  # a refusal in the question's language
            client.predict("What was decided?", "", "", "", "yesterday", "", api_name="/ask")

        # The originals are behind the same login.
        original = url + f"paragraf/original/{first['citations'][0]['meeting_id']}"
        assert httpx.get(original, timeout=10).status_code == 401
        session = httpx.Client()
        assert session.post(url + "login", data={"username": "styrelse", "password": "hemligt-lösen-7"}).status_code == 200
        shown = session.get(original, timeout=10)
        assert shown.status_code == 200 and first["citations"][0]["source_file"] in shown.text


# --- questions bounded in the server (issue 23) ------------------------------------------------------
def test_the_api_refuses_a_question_beyond_the_limits_at_once(tmp_path, monkeypatch):
    """The finding: a 1 MB question through the API kept a worker busy for 7.5 minutes."""
    import gradio as gr

    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: pytest.fail("the store was read"))
    started = time.monotonic()
    with pytest.raises(gr.Error, match="the question is 1,000,000 characters long, more than 2,000"):
        list(chat.api_ask(Settings.load(store=tmp_path / "store"), "x" * 1_000_000))
    with pytest.raises(gr.Error, match="nested deeper than"):
        list(chat.api_ask(Settings.load(store=tmp_path / "store"), "Och?", "[" * 100_000))
    assert time.monotonic() - started < 5


def test_the_chat_refuses_a_question_beyond_the_limits_in_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: pytest.fail("the store was read"))
    turns = [{"role": "user", "content": "x" * 3000}]
    *_, (html, turns, *_rest) = chat.respond(Settings.load(store=tmp_path / "store"), turns, 0, "Alla", "Alla", "", "")
    assert turns[-1]["content"] == ("Frågan kunde inte besvaras: the question is 3,000 characters long, more than 2,000 "
                                    "(limit PARAGRAF_MAX_QUESTION_CHARS).")


def children(pid: int) -> list[int]:
    """The answering workers a server started (multiprocessing's spawned children)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            if f"PPid:\t{pid}\n" in status.read_text() and b"spawn_main" in (status.parent / "cmdline").read_bytes():
                found.append(int(status.parent.name))
    return found


def marked(mark: str) -> list[int]:
    """Processes whose environment carries the mark (a server and every process it started, even orphaned)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if mark.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
    return found


@pytest.mark.slow
def test_a_question_whose_client_has_gone_is_stopped_and_sigterm_ends_the_server_within_5_s(tmp_path_factory, tmp_path):
    """The findings: a question kept its worker busy after its client left; `paragraf serve` ignored SIGTERM while a
    long question ran, and restarted workers killed during shutdown. A worker stopped with SIGSTOP stands for a
    question that runs long."""
    import signal
    import uuid

    from test_workers import alive

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    mark = f"paragraf-test-{uuid.uuid4()}"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port)],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env=_env(PARAGRAF_WORKERS="2", PARAGRAF_TEST_MARK=mark))
    try:
        deadline = time.monotonic() + 300
        while len(children(proc.pid)) < 2 or not answers(url):
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-2000:]
            time.sleep(0.5)
        workers = children(proc.pid)
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        with httpx.Client(timeout=30) as http:
            event = http.post(f"{url}gradio_api/call/ask", json={"data": ["Vem valdes till justerare?", "", "", "", "", ""]})
            with http.stream("GET", f"{url}gradio_api/call/ask/{event.json()['event_id']}") as stream:
                next(stream.iter_lines())  # the question is under way; then the client goes
        deadline = time.monotonic() + 30
        while all(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [alive(pid) for pid in workers].count(False) == 1, "the question's worker was not stopped"

        asking = subprocess.Popen([sys.executable, "-c", f"import httpx; e = httpx.post({url!r} + 'gradio_api/call/ask', "
                                   "json={'data': ['Vad beslutades?', '', '', '', '', '']}, timeout=30).json()['event_id']; "
                                   f"httpx.get({url!r} + 'gradio_api/call/ask/' + e, timeout=600)"])
        time.sleep(3)  # sent to the worker still stopped
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        assert time.monotonic() - signalled < 5
        time.sleep(2)  # a worker restarted during shutdown would show up here
        assert marked(mark) == [], marked(mark)
        asking.kill()
    finally:
        for pid in marked(mark):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
