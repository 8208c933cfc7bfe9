"""assistant/ui/chat.py, upload.py and archive.py: the chat's handlers with a fake answer engine (streaming, errors,
sources, citations opened), uploads reported file by file and cancelled, meetings removed and corrected, the
original route, the API's plain text. The scope chips and the texts table have their own files
(tests/test_ui_chat.py, tests/test_ui_texts.py); rendering, inputs, "Inför mötet" and the real server too
(tests/test_ui_render.py, test_ui_inputs.py, test_ui_prepare.py, test_ui_server.py)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from assistant import engine
from assistant.ui import app as ui
from assistant.ui import archive, chat, upload
from assistant.models import Answer, Citation, Draft, Filters
from assistant.settings import Settings
from index.store.catalog import StoredParagraph
from index.pipeline import FileOutcome, IndexReport
from index.store.table import ParagraphTable

ROOT = Path(__file__).resolve().parent.parent

CITATION = Citation("Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", 10, "Utökning budgetram",
                    "blekinge-styrelsen-2025-09-29.txt", "blekinge-p10", ["Styrelsen beslutar att utöka budgetramen."])


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
