"""What makes the chat trustworthy to a board member, in real headless Chromium (Debian's /usr/bin/chromium):
the scope of an answer shown and removable, answers streamed, uploads that say what happens to each file, the
brief printed alone and exported as PDF, every word in the page's language, the original of a text protocol
opened at its § and marked, the meetings table readable and the examples in view on a laptop screen.

Accessibility (axe-core and the keyboard) has its own file: tests/test_ui_browser_a11y.py.
"""

from __future__ import annotations

import http.server
import json
import re
import socketserver
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.ui.texts import TEXTS
from test_ui_server import indexed_copy, running_server
from test_ui_browser import (ANSWER_MS, ARGS, CHROMIUM, README_SHOT, REFRESH_SHOTS, SORMLAND, ask, choose,  # noqa: F401
                             readme_screenshot, walk)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]
BLEKINGE = "Samordningsförbundet i Blekinge"
SCOPE_SHOT = README_SHOT.with_name("screenshot-scope.png")
UPLOAD_SHOT = README_SHOT.with_name("screenshot-upload.png")
READ_MS = 300_000  # an upload's reading starts after the files are sent, which a loaded machine makes slow


# --- 1. scope you can see and remove -------------------------------------------------------------------------
def test_an_answers_scope_shows_where_it_came_from_and_goes_with_one_click(walk):
    page, shots = walk.page, walk.shots
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(BLEKINGE).first.wait_for()
    ask(page, "What did Blekinge decide about the review of the consultation teams?")
    chip = page.locator("#scope-organisation")
    assert chip.inner_text() == f"{BLEKINGE} (from the question) ✕"

    answer = ask(page, "Is there a cost ceiling?")  # a follow-up: it keeps Blekinge, and says so
    assert chip.inner_text() == f"{BLEKINGE} (from the previous question) ✕"
    assert "Scope: Samordningsförbundet i Blekinge (from the previous question)" in answer
    page.screenshot(path=shots / "scope-chip.png")
    readme_screenshot(page, SCOPE_SHOT)

    chip.click()  # the same question again, without the limit: the answer is replaced, not added
    page.locator("#scope-line").get_by_text("The answer covers the whole archive.").wait_for(timeout=ANSWER_MS)
    assert chip.is_hidden() and page.locator("#chat [data-testid='bot']").count() == 2

    page.locator("#unscoped").click()  # the next question reads no earlier turn
    page.locator("#scope-line").get_by_text("The next question is asked without limits").wait_for()
    assert page.evaluate("document.activeElement.closest('#question') !== null")  # typing can start at once
    ask(page, "Vem valdes till justerare?")
    assert chip.is_hidden() and page.locator("#scope-line").inner_text() == "Svaret gäller hela arkivet."


def test_a_new_question_after_an_other_organisations_one_starts_clean(walk):
    page = walk.page
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(BLEKINGE).first.wait_for()
    ask(page, "What did Blekinge decide about the review of the consultation teams?")
    alone = ask(page, "Vilka uppdrag har förbundschefen fått?")
    assert page.locator("#scope-organisation").is_hidden() and "Samordningsförbundet i Kalmar län" in alone


# --- 2. streaming ---------------------------------------------------------------------------------------------
REPLY = ["Styrelsen ", "beslutade ", "om ", "ansökan ", "från ", "Möjligheternas ", "hus ", "i ", "Emmaboda ", "[1]", "."]


class FakeModel(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """An OpenAI-compatible chat server that streams REPLY a word at a time, `pause` seconds apart."""

    daemon_threads = True
    pause = 0.4


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (the http.server API)
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length) or b"{}")
        self.send_response(200)
        if not request.get("stream"):
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            message = {"role": "assistant", "content": "".join(REPLY)}
            self.wfile.write(json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                                         "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}).encode())
            return
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in REPLY:
            chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake",
                     "choices": [{"index": 0, "delta": {"content": word}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
            time.sleep(self.server.pause)
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_model():
    server = FakeModel(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_a_language_models_answer_streams_and_is_checked_before_it_is_final(tmp_path_factory, tmp_path, fake_model):
    from playwright.sync_api import sync_playwright

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    model = {"PARAGRAF_LLM": "openai-like", "PARAGRAF_LLM_BASE_URL": fake_model, "PARAGRAF_LLM_MODEL": "fake"}
    with running_server(store, tmp_path / "serve.log", **model) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE").new_page()
            page.goto(url)
            page.locator("#meetings").get_by_text(BLEKINGE).first.wait_for(timeout=30_000)
            question = "Vad beslutade styrelsen om ansökan från Möjligheternas hus i Emmaboda?"
            page.locator("#question textarea").fill(question)
            page.locator("#question textarea").press("Enter")
            last = page.locator("#chat [data-testid='bot']").last
            # The first words, while the model still writes, marked as not yet checked.
            page.wait_for_function("(() => { const bots = document.querySelectorAll(\"#chat [data-testid='bot']\");"
                                   " const text = bots.length ? bots[bots.length - 1].innerText : '';"
                                   " return text.startsWith('Styrelsen beslutade') && text.includes('Skrivs'); })()",
                                   timeout=ANSWER_MS)
            draft = last.inner_text()
            assert "Emmaboda" not in draft.split("\n")[0]  # the rest is still being written
            page.wait_for_function("!document.querySelector(\"#chat [data-testid='bot']:last-of-type\")?.innerText.includes('Skrivs')"
                                   " && document.querySelector('#scope-line').innerText.trim() !== ''", timeout=ANSWER_MS)
            final = last.inner_text()
            assert "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 78)" in final and "Skrivs" not in final
            assert "[1]" in final  # the citation label from stored metadata, numbered as the Källor list
        finally:
            browser.close()

        # The API streams too: server-sent events while the model writes, then the checked answer.
        with httpx.Client(timeout=60) as http:
            event = http.post(f"{url}gradio_api/call/ask", json={"data": [question, "", "", "", "", ""]}).json()["event_id"]
            kinds, data = [], []
            with http.stream("GET", f"{url}gradio_api/call/ask/{event}") as stream:
                for line in stream.iter_lines():
                    if line.startswith("event: "):
                        kinds.append(line.split(": ", 1)[1])
                    elif line.startswith("data: ") and kinds and kinds[-1] in ("generating", "complete"):
                        data.append(json.loads(line.split(": ", 1)[1])[0])
        assert kinds.count("generating") >= 3 and kinds[-1] == "complete"
        drafts, answer = data[:-1], data[-1]
        assert drafts[0]["partial"] and not drafts[0]["checked"] and len(drafts[0]["answer"]) < len(drafts[-2]["answer"])
        assert not answer["partial"] and answer["mode"] == "llm" and answer["citations"][0]["paragraph"] == 78


def test_an_answer_without_a_model_shows_at_once_that_it_is_being_searched_and_streams_over_the_api(walk):
    with httpx.Client(timeout=60) as http:
        event = http.post(f"{walk.url}gradio_api/call/ask",
                          json={"data": ["Vad beslutade styrelsen om ESF-medel?", "", "", "", "", ""]}).json()["event_id"]
        with http.stream("GET", f"{walk.url}gradio_api/call/ask/{event}") as stream:
            body = "".join(stream.iter_text())
    assert body.count("event: generating") >= 1 and "event: complete" in body and '"partial": false' in body


# --- 3. uploads that tell the truth ------------------------------------------------------------------------
SCANNED = """<h2>PROTOKOLL</h2><p>Styrelsen, Samordningsförbundet Södra Skären</p><p>Datum: 2026-05-12</p>
<p>§ 1 Mötets öppnande</p><p>Ordföranden öppnade mötet och hälsade alla välkomna.</p>
<p style='break-before: page'>§ 2 Kajakuthyrning för deltagare</p>
<p>Styrelsen beslutar att starta en kajakuthyrning för deltagare i insatserna.</p>
<p style='break-before: page'>§ 3 Mötets avslutande</p><p>Ordföranden avslutade mötet.</p>"""


def scanned_pdf(page, path: Path, html: str) -> None:
    """A protocol printed by Chromium, then every page as an image only, the way a scanner delivers it."""
    import pypdfium2 as pdfium

    printed = path.with_suffix(".printed.pdf")
    page.set_content(f"<html><body style='font-size: 16pt'>{html}</body></html>")
    page.pdf(path=str(printed), format="A4")
    document = pdfium.PdfDocument(printed)
    images = [document[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(document))]
    images[0].save(path, format="PDF", resolution=200, save_all=True, append_images=images[1:])


def test_an_upload_says_what_happens_to_each_file_and_can_be_cancelled(walk, tmp_path):
    from index.read import ocr

    page = walk.page
    if not ocr.available():
        pytest.skip("tesseract with the Swedish model is not installed")
    scan = tmp_path / "sodra-skaren-styrelsen-2026-05-12.pdf"
    scanned_pdf(walk.page.context.new_page(), scan, SCANNED)
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(BLEKINGE).first.wait_for()

    # Gradio's own 'Uploading 1 file...' is said in the page's language.
    words = page.evaluate("(() => { const s = document.createElement('span'); s.className = 'uploading';"
                          " document.querySelector('#upload').appendChild(s);"
                          " const w = getComputedStyle(s, '::after').content; s.remove(); return w; })()")
    assert words == '"Laddar upp …"'

    page.locator("#upload input[type=file]").set_input_files([str(scan), str(empty)])
    report = page.locator("#upload-report")
    # Three scanned pages can be read within a second on an idle machine, before the page shows their progress
    # (a fresh-clone CI saw the OCR take 0.5-0.8 s a page, in parallel): the progress line and the cancel button
    # are checked on the longer scan below, whose reading outlasts them.
    report.get_by_text("Indexerad: 3 §, möte 2026-05-12, Samordningsförbundet Södra Skären").wait_for(timeout=READ_MS)
    assert "tom.txt: Kunde inte läsas: the file is empty" in report.inner_text()  # under the box, where one looks
    assert "1 av 2 filer indexerade." in report.inner_text() and page.locator("#upload-cancel").is_hidden()
    page.locator("#meetings").get_by_text("Samordningsförbundet Södra Skären").wait_for()

    # A second scan, cancelled while it is read: nothing of it is added, and the page says so.
    again = tmp_path / "sodra-skaren-styrelsen-2026-06-09.pdf"
    longer = "".join(f"<p style='break-before: page'>§ {n} Ärende {n}</p><p>Styrelsen noterar ärende {n}.</p>" for n in range(4, 16))
    # Twelve more pages: reading it outlasts the click however fast text recognition runs on this machine.
    scanned_pdf(walk.page.context.new_page(), again,
                SCANNED.replace("2026-05-12", "2026-06-09").replace("Kajak", "Cykel") + longer)
    page.locator("#upload input[type=file]").set_input_files(str(again))
    report.get_by_text("läser skannad sida").wait_for(timeout=READ_MS)  # while it works, page by page
    if REFRESH_SHOTS or not UPLOAD_SHOT.exists():
        page.locator("#archive").screenshot(path=UPLOAD_SHOT)
    # Gradio redraws the button with each progress report of the batch; a person's click lands on whichever
    # copy is drawn, so the test clicks the one in the page at that moment (Playwright's click waits for one
    # copy to stay put for two frames, which a page-by-page report does not allow).
    page.locator("#upload-cancel").wait_for()
    page.evaluate("document.querySelector('#upload-cancel').click()")
    report.get_by_text("Avbruten: inget från filen lades till").wait_for(timeout=60_000)
    assert "2026-06-09" not in page.locator("#meetings").inner_text()
    assert not list(walk.store.with_name(walk.store.name + "-uploads").glob("*/sodra-skaren-styrelsen-2026-06-09.pdf"))


# --- 4. print and export ----------------------------------------------------------------------------------
def show_brief(page) -> None:
    page.get_by_role("tab", name="Inför mötet").click()
    choose(page, "prepare-org", SORMLAND)
    page.locator("#prepare-as-of textarea").fill("2026-03-05")
    page.locator("#prepare-show").click()
    page.locator("#prepare-brief").get_by_text("Förslag från arbetsutskottet som väntar på styrelsen").wait_for(timeout=ANSWER_MS)


def test_the_brief_prints_alone_and_downloads_as_pdf(walk, tmp_path):
    import pypdf

    page = walk.page
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()
    show_brief(page)

    # "Skriv ut" prints with the page marked for the brief alone.
    page.evaluate("window.print = () => { window.printedWith = document.body.className; }")
    page.locator("#prepare-print").click()
    page.wait_for_function("window.printedWith !== undefined")
    assert "paragraf-print-brief" in page.evaluate("window.printedWith")
    assert "paragraf-print-brief" not in page.evaluate("document.body.className")

    # On paper: the brief and nothing else (rendered by Chromium to PDF with the print rules).
    page.evaluate("document.body.classList.add('paragraf-print-brief')")
    page.emulate_media(media="print")
    outside = page.evaluate("[...document.querySelectorAll('body *')].filter(e => !e.closest('#prepare-brief')"
                            " && !e.querySelector('#prepare-brief') && e.getClientRects().length > 0).length")
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), format="A4")
    reader = pypdf.PdfReader(printed)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert outside == 0
    assert len(reader.pages) <= 2, len(reader.pages)
    letters = "".join(text.split())  # Chromium's PDF text comes out letter-spaced at places ('R A R')
    assert "".join(f"Inför mötet: {SORMLAND}".split()) in letters
    assert "Förslagfrånarbetsutskottetsomväntarpåstyrelsen" in letters
    for elsewhere in ("Arkivets möten", "Fråga protokollen", "Lägg till protokoll", "Språk", "Per datum"):
        assert "".join(elsewhere.split()) not in letters
    page.emulate_media(media="screen")
    page.evaluate("document.body.classList.remove('paragraf-print-brief')")

    with page.expect_download() as download:
        page.locator("#prepare-download-pdf").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.name == "infor-motet-samordningsforbundet-rar-i-sormland-2026-03-05.pdf"
    exported = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert f"Inför mötet: {SORMLAND}" in exported and f"({SORMLAND}, arbetsutskottet 2026-03-04, § 21)" in exported


# --- 5. English all the way, and Swedish ----------------------------------------------------------------------
GRADIO_WORDS = {"sv": ["Släpp fil här", "Klicka för att ladda upp"], "en": ["Drop File Here", "Click to Upload"]}


def only_in(language: str) -> list[str]:
    """The table's words of one language that the other language does not share, whole phrases (the constant
    parts of a text with {placeholders})."""
    mine, other = (0, 1) if language == "sv" else (1, 0)
    theirs_all = {text for values in TEXTS.values() for text in (values[other] if isinstance(values[other], tuple)
                                                                   else (values[other],))}
    found = set()
    for values in TEXTS.values():
        ours, theirs = values[mine], values[other]
        pairs = zip(ours, theirs) if isinstance(ours, tuple) else [(ours, theirs)]
        for word, counterpart in pairs:
            if word == counterpart or (isinstance(ours, tuple) and word in theirs):
                continue
            for part in re.split(r"\{[^}]*\}", word.replace("#", "").replace("*", "").replace("_", "")):
                part = part.strip(" .:()'\n")
                if len(part) >= 4 and part not in theirs_all:  # 'Paragraf' is also the English page's name
                    found.add(part)
    return sorted(found | set(GRADIO_WORDS[language]))


def page_words(page) -> str:
    """What a person sees or a screen reader reads on the page: its text, placeholders, labels and titles."""
    return page.evaluate("""(() => [document.body.innerText,
        ...[...document.querySelectorAll('[placeholder]')].map(e => e.getAttribute('placeholder')),
        ...[...document.querySelectorAll('[aria-label]')].filter(e => e.getClientRects().length).map(e => e.getAttribute('aria-label')),
        ...[...document.querySelectorAll('[title]')].filter(e => e.getClientRects().length).map(e => e.getAttribute('title'))
    ].join('\\n'))()""")


def test_every_word_follows_the_language_on_both_tabs(walk):
    page, shots = walk.page, walk.shots
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()
    swedish_only, english_only = only_in("sv"), only_in("en")
    for language, tabs, foreign in (("English", ("Ask the minutes", "Before the meeting"), swedish_only),
                                    ("Svenska", ("Fråga protokollen", "Inför mötet"), english_only)):
        page.locator("#language").get_by_text(language).click()
        page.get_by_role("tab", name=tabs[0]).wait_for(timeout=10_000)
        page.locator("#upload").get_by_text(GRADIO_WORDS["en" if language == "English" else "sv"][0]).wait_for(timeout=10_000)
        page.wait_for_timeout(500)
        for tab in tabs:
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(300)
            shown = page_words(page)
            left = [w for w in foreign if re.search(rf"(?<![\wåäö]){re.escape(w)}(?![\wåäö])", shown)]
            assert left == [], (language, tab, left)
        page.screenshot(path=shots / f"language-{language}.png", full_page=True)
    page.locator("#language").get_by_text("English").click()
    page.wait_for_function("document.querySelector('#meetings thead')?.innerText.includes('Number of §')", timeout=15_000)
    assert page.locator("#meetings thead").inner_text().split() == ["Organisation", "Body", "Date", "Number", "of", "§", "File"]


# --- 7. the original at its §, the meetings table, the examples ----------------------------------------------
def test_the_original_of_a_text_protocol_opens_at_its_paragraph_marked(walk):
    page = walk.page
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(BLEKINGE).first.wait_for()
    ask(page, "Vad beslutade styrelsen om ansökan från Möjligheternas hus i Emmaboda?")
    page.locator("#chat [data-testid='bot'] a[href*='paragraf-cite-chat-']").first.click()
    page.locator("#source mark").first.wait_for(timeout=15_000)
    with page.context.expect_page() as opened:
        page.locator("#source a.paragraf-original").click()
    original = opened.value
    original.wait_for_load_state()
    assert original.url.endswith("#paragraf-cited") and "?paragraph=" in original.url
    marked = original.locator("mark#paragraf-cited")
    assert marked.inner_text().startswith("§78") and "Emmaboda" in marked.inner_text()
    box = marked.bounding_box()
    assert 0 <= box["y"] < original.viewport_size["height"]  # scrolled to it
    assert original.locator("mark").count() == 1


def test_the_meetings_table_is_readable_and_the_examples_are_in_view_on_a_laptop(walk):
    page = walk.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()
    examples = page.locator("#examples button")
    assert examples.count() == 4
    for k in range(examples.count()):
        box = examples.nth(k).bounding_box()
        assert box["y"] + box["height"] <= 768, (k, box)
    question = page.locator("#question textarea").bounding_box()
    assert question["y"] + question["height"] <= 768
    cells = "#meetings td, #meetings th, #meetings [data-testid^='cell-'], #meetings [data-testid^='cell-'] *"
    fonts = page.evaluate(f"[...document.querySelectorAll({cells!r})].map(e => getComputedStyle(e).fontFamily)")
    assert fonts and not any("mono" in f.lower() for f in fonts), set(fonts)
    # No word broken inside itself: each word of a cell is on one line (a file name may break after its hyphens).
    broken = page.evaluate("""(() => {
        const broken = [];
        for (const cell of document.querySelectorAll("#meetings td, #meetings [data-testid^='cell-']")) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const match of node.textContent.matchAll(/[^\\s-]+-?/g)) {
                    const range = document.createRange();
                    range.setStart(node, match.index); range.setEnd(node, match.index + match[0].length);
                    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (tops.size > 1) broken.push(match[0]);
                }
            }
        }
        return broken; })()""")
    assert broken == []
