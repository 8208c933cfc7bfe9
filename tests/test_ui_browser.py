"""The real app in real headless Chromium (Debian's /usr/bin/chromium; no downloaded browser).

One walk through what a board member does: ask, read the cited §, follow up, filter, upload a
protocol and ask about it; a document carrying <script> must show as text and run nothing. A second
walk prepares a meeting in the "Inför mötet" tab: the brief of one organisation, the timeline of a
topic, and a cited § opened from each.
Screenshots go to the test's tmp folder; set PARAGRAF_SCREENSHOT=1 (or delete docs/screenshot.png,
docs/screenshot-prepare.png) to refresh the README's screenshots. The original opened from a citation has its own
file (tests/test_ui_browser_original.py), as have accessibility and trust (test_ui_browser_a11y.py, _trust.py).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.ui.texts import TEXTS
from test_ui_server import ROOT, indexed_copy, running_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSWER_MS = 90_000
README_SHOT = ROOT / "docs" / "screenshot.png"
PREPARE_SHOT = ROOT / "docs" / "screenshot-prepare.png"
SOURCES_SHOT = ROOT / "docs" / "screenshot-sources.png"
PHONE_SHOT = ROOT / "docs" / "screenshot-phone.png"
REFRESH_SHOTS = bool(os.environ.get("PARAGRAF_SCREENSHOT"))  # read at import: a fixture clears PARAGRAF_* for tests
SORMLAND = "Samordningsförbundet RAR i Sörmland"

PROTOCOL = """PROTOKOLL

fört vid sammanträde med Styrelsen, Samordningsförbundet Västra Fjällen

Datum: 2026-02-10, kl. 9-11

Plats: Förbundets kansli

§ 1 Mötets öppnande

Ordföranden hälsade alla välkomna och förklarade mötet öppnat.

§ 2 Bikupor på kontorets tak

Kansliet har utrett om bikupor kan placeras på kontorets tak. <script>alert(1)</script><img src=x onerror=alert(2)> Kostnaden för bikuporna beräknas till 12 000 kronor.

Beslut: Styrelsen beslutar att placera tre bikupor på kontorets tak.

§ 3 Mötets avslutande

Ordföranden tackade för visat intresse och avslutade mötet.
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


def ask(page, question: str) -> str:
    """Type a question, press Enter, wait for the finished answer (not its drafts); return its text. An answer is
    finished when the line under the chat that says what it was limited to, cleared when the question is sent,
    is written again: a watcher set up before sending sees every change of it."""
    page.evaluate("""() => {
        const line = document.querySelector('#scope-line');
        window.paragrafScope = [line.innerText.trim()];
        window.paragrafWatch?.disconnect();
        window.paragrafWatch = new MutationObserver(() => window.paragrafScope.push(line.innerText.trim()));
        window.paragrafWatch.observe(line, {childList: true, subtree: true, characterData: true});
    }""")
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.locator("#chat [data-testid='user']").filter(has_text=question[:30]).last.wait_for(timeout=30_000)
    working = [TEXTS["searching"][0], TEXTS["searching"][1]]
    page.wait_for_function("(working) => { const seen = window.paragrafScope, cleared = seen.indexOf('');"
                           " const bots = document.querySelectorAll(\"#chat [data-testid='bot']\");"
                           " const last = bots.length ? bots[bots.length - 1].innerText.trim() : '';"
                           " return cleared >= 0 && seen.slice(cleared).some(text => text) && last"
                           " && !working.includes(last); }", arg=working, timeout=ANSWER_MS)
    page.locator("#refs").wait_for()
    return page.locator("#chat [data-testid='bot']").last.inner_text()


def open_reference(page, number: int) -> str:
    page.locator("#refs label").nth(number - 1).click()
    page.locator("#source .paragraf-text").wait_for(timeout=15_000)
    return page.locator("#source").inner_text()


def choose(page, elem_id: str, option: str) -> None:
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(f"document.querySelector('#{elem_id} input').value === {option!r}")


def readme_screenshot(page, path: Path) -> None:
    """Refresh a README screenshot when asked to (PARAGRAF_SCREENSHOT=1) or when it is missing."""
    if REFRESH_SHOTS or not path.exists():
        path.parent.mkdir(exist_ok=True)
        page.screenshot(path=path, type="png")


@dataclass
class Walk:
    url: str
    page: object  # playwright Page
    store: Path
    shots: Path


@pytest.fixture
def walk(tmp_path_factory, tmp_path):
    """A real server on a copy of the indexed corpus and a Chromium page on it; afterwards the server
    log joins the screenshots in the test's tmp folder."""
    from playwright.sync_api import sync_playwright

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with running_server(store, tmp_path / "serve.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="sv-SE").new_page()
            page.set_default_timeout(30_000)
            yield Walk(url, page, store, shots)
        finally:
            browser.close()
            shutil.copy(tmp_path / "serve.log", shots / "serve.log")


def test_board_member_session(walk, tmp_path):
    page, shots = walk.page, walk.shots
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(walk.url)
    page.locator("#meetings").get_by_text("Samordningsförbundet i Blekinge").first.wait_for()

    # A Swedish question: an answer citing the right §, whose full text opens in the Källor panel.
    answer = ask(page, "Fick Möjligheternas hus i Emmaboda pengar ur miljonen?")
    assert "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 78) [1]" in answer
    assert answer.count("Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 78") == 1  # one label per §
    source = open_reference(page, 1)
    for shown in ("Samordningsförbundet i Kalmar län", "styrelsen", "2023-10-27", "§ 78", "kalmar-styrelsen-2023-10-27.txt"):
        assert shown in source
    assert page.locator("#source mark").count() >= 1
    page.screenshot(path=shots / "1-answer-and-source.png")
    readme_screenshot(page, README_SHOT)

    # A follow-up keeps the conversation.
    answer = ask(page, "Och vad rekommenderade beredningsgruppen?")
    assert page.locator("#chat [data-testid='bot']").count() == 2
    assert "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 78)" in answer
    page.screenshot(path=shots / "2-follow-up.png")

    # A filter narrows the next question to one organisation.
    choose(page, "filter-org", "Samordningsförbundet i Blekinge")
    answer = ask(page, "Vem valdes till justerare?")
    assert "Samordningsförbundet i Blekinge, styrelsen 2025-09-29, § 2" in answer
    assert "Kalmar" not in page.locator("#refs").inner_text()
    page.screenshot(path=shots / "3-filtered.png")

    # An uploaded protocol is indexed, listed, and answers questions; its <script> stays text.
    upload = tmp_path / "vastra-fjallen-styrelsen-2026-02-10.txt"
    upload.write_text(PROTOCOL, encoding="utf-8")
    page.locator("#upload input[type=file]").set_input_files(str(upload))
    page.locator("#upload-report").get_by_text("Indexerad: 3 §, möte 2026-02-10, Samordningsförbundet Västra Fjällen").wait_for(timeout=ANSWER_MS)
    page.wait_for_function("!document.querySelector('#upload .file-preview')")  # the box is emptied after the batch
    page.locator("#meetings").get_by_text("Samordningsförbundet Västra Fjällen").wait_for()
    page.get_by_role("button", name="Rensa filter").click()
    page.wait_for_function("document.querySelector('#filter-org input').value === 'Alla'")
    answer = ask(page, "Vad beslutade styrelsen om bikupor på taket?")
    assert "(Samordningsförbundet Västra Fjällen, styrelsen 2026-02-10, § 2)" in answer
    number = next(i for i, label in enumerate(page.locator("#refs label").all_inner_texts(), 1) if "Västra Fjällen" in label)
    source = open_reference(page, number)
    assert "<script>alert(1)</script><img src=x onerror=alert(2)>" in source
    assert page.locator("#source script, #source img, #chat .message script, #chat .message img").count() == 0
    page.screenshot(path=shots / "4-upload-and-script-as-text.png", full_page=True)
    page.wait_for_timeout(500)
    assert dialogs == []
    kept = list(walk.store.with_name(walk.store.name + "-uploads").glob("*/vastra-fjallen-styrelsen-2026-02-10.txt"))
    assert len(kept) == 1  # beside the store, so deleting the store keeps it


def test_preparing_a_meeting(walk):
    page, shots = walk.page, walk.shots
    page.goto(walk.url)
    page.get_by_role("tab", name="Inför mötet").click()
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()  # the page's load events are done

    # The brief of Sörmland the day after its working committee met: both proposals await the board.
    choose(page, "prepare-org", SORMLAND)
    page.locator("#prepare-as-of textarea").fill("2026-03-05")
    page.locator("#prepare-show").click()
    brief = page.locator("#prepare-brief")
    brief.get_by_text("Förslag från arbetsutskottet som väntar på styrelsen").wait_for(timeout=ANSWER_MS)
    assert f"Inför mötet: {SORMLAND}" in brief.inner_text()
    waiting = brief.locator("h2", has_text="väntar på styrelsen").locator("xpath=following-sibling::ul[1]/li").all_inner_texts()
    assert [w.split(") ")[0].rsplit(", ", 1)[-1] for w in waiting] == ["§ 21", "§ 22"]
    assert all(f"{SORMLAND}, arbetsutskottet 2026-03-04" in w for w in waiting)
    page.locator("#prepare-brief-refs label").nth(0).click()
    page.locator("#prepare-brief-source .paragraf-text").wait_for(timeout=15_000)
    source = page.locator("#prepare-brief-source").inner_text()
    for shown in (SORMLAND, "arbetsutskottet", "2026-03-04", "§ 21", "sormland-rar-arbetsutskottet-2026-03-04.txt"):
        assert shown in source
    assert page.locator("#prepare-brief-source mark").first.inner_text() == "Arbetsutskottet föreslår styrelsen att godkänna ansökan."
    assert page.locator("#prepare-as-of textarea").input_value() == "2026-03-05"
    page.screenshot(path=shots / "5-brief.png", full_page=True)
    readme_screenshot(page, PREPARE_SHOT)

    # The timeline of a topic across organisations, in date order; one row's § opens beside it.
    page.locator("#prepare-topic textarea").fill("medelstilldelning")
    page.locator("#prepare-topic textarea").press("Enter")
    rows = page.locator("#prepare-timeline li")
    rows.first.wait_for(timeout=ANSWER_MS)
    texts = rows.all_inner_texts()
    dates = [t.split()[0] for t in texts]
    assert dates == sorted(dates) and len(texts) >= 4
    assert any("Samordningsförbundet i Kalmar län" in t for t in texts)
    assert any("Samordningsförbundet i Blekinge" in t for t in texts)
    kalmar = next(i for i, label in enumerate(page.locator("#prepare-timeline-refs label").all_inner_texts()) if "Kalmar" in label)
    page.locator("#prepare-timeline-refs label").nth(kalmar).click()
    page.locator("#prepare-timeline-source .paragraf-text").wait_for(timeout=15_000)
    source = page.locator("#prepare-timeline-source").inner_text()
    assert "Samordningsförbundet i Kalmar län" in source and "medelstilldelning" in source.lower()
    assert page.locator("#prepare-timeline-source mark").count() >= 1
    page.screenshot(path=shots / "6-timeline.png", full_page=True)


def test_addresses_in_text_are_shown_not_linked(walk):
    """A question and a topic carrying a web address, a www address and an e-mail address: the chat and the
    "Inför mötet" tab show them as typed, and the page links none of them."""
    page = walk.page
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()
    addresses = "https://kansli.example.se/beslut?id=7 www.example.se anna.berg@example.se"
    ask(page, f"Vad står det om {addresses}?")
    shown = page.locator("#chat [data-testid='user']").last.inner_text()
    assert addresses in shown
    page.get_by_role("tab", name="Inför mötet").click()
    page.locator("#prepare-topic textarea").fill(addresses)
    page.locator("#prepare-topic textarea").press("Enter")
    page.locator("#prepare-timeline").get_by_text("anna.berg@example.se").first.wait_for(timeout=ANSWER_MS)
    assert page.locator("a[href*='example.se']").count() == 0
def test_english_switch_removing_a_meeting_and_a_phone_screen(walk):
    page, shots = walk.page, walk.shots
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()

    # The page speaks English after the switch, and after an English question.
    page.locator("#language").get_by_text("English").click()
    page.locator("#question").get_by_text("Question", exact=True).wait_for(timeout=10_000)
    assert page.locator("#send").inner_text() == "Ask"
    assert "Remove a meeting from the archive" in page.locator("#archive").inner_text()
    assert "Correct a meeting's organisation, body or date" in page.locator("#archive").inner_text()
    page.locator("#language").get_by_text("Svenska").click()
    page.locator("#question").get_by_text("Fråga", exact=True).wait_for(timeout=10_000)
    answer = ask(page, "What did the board decide about ESF funding?")
    page.locator("#question").get_by_text("Question", exact=True).wait_for(timeout=10_000)
    assert page.locator("#language input:checked").get_attribute("value") == "en"
    assert answer.startswith("According to the minutes") and ('Decision: "' in answer or 'Proposal: "' in answer)
    page.locator("#upload").get_by_text("Drop File Here").wait_for(timeout=10_000)  # Gradio's words follow too
    assert page.locator("#refs").get_by_text("Sources", exact=False).count() >= 1

    # A meeting is removed after a confirmation, and leaves the archive's table.
    choose(page, "remove-meeting", f"{SORMLAND}, arbetsutskottet 2026-03-04 (sormland-rar-arbetsutskottet-2026-03-04.txt)")
    page.locator("#remove-ask").click()
    page.locator("#remove-confirm").wait_for(timeout=10_000)
    assert "sormland-rar-arbetsutskottet-2026-03-04.txt" in page.locator("#remove-message").inner_text()
    page.locator("#remove-confirm").click()
    page.locator("#remove-message").get_by_text("removed from the archive").wait_for(timeout=30_000)
    page.wait_for_function(f"!document.querySelector('#meetings').innerText.includes({SORMLAND!r})")
    assert page.locator("#remove-confirm").is_hidden()

    # On a phone the question field and the sources follow the chat within reach.
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    question = page.locator("#question textarea").bounding_box()
    assert question["y"] + question["height"] <= 844, question
    sources = page.locator("#refs").bounding_box()
    assert sources["y"] <= 2 * 844, sources
    page.screenshot(path=shots / "8-phone.png")
    readme_screenshot(page, PHONE_SHOT)


def test_the_secretary_corrects_a_meeting_from_the_table_and_the_answers_cite_it_corrected(walk):
    page, shots = walk.page, walk.shots
    page.goto(walk.url)
    page.locator("#meetings").get_by_text("kalmar-styrelsen-2023-10-27.txt").click()  # a row chooses the meeting
    page.wait_for_function("document.querySelector('#correct-date textarea')?.value === '2023-10-27'", timeout=15_000)
    assert page.locator("#correct-org textarea").input_value() == "Samordningsförbundet i Kalmar län"
    assert page.locator("#correct-body textarea").input_value() == "styrelsen"

    page.locator("#correct-org textarea").fill("Samordningsförbundet Norra Kalmarsund")
    page.locator("#correct-date textarea").fill("2023-10-28")
    page.locator("#correct-save").click()
    page.locator("#correct-message").get_by_text("Rättat och indexerat på nytt").wait_for(timeout=60_000)
    page.screenshot(path=shots / "corrected.png")
    assert page.get_by_text("Error").count() == 0  # no handler failed on the meeting's new id
    table = page.locator("#meetings").inner_text()
    assert "Samordningsförbundet Norra Kalmarsund\nstyrelsen\n2023-10-28\n" in table and "\n2023-10-27\n" not in table
    assert page.locator("#correct-meeting input").input_value() == (
        "Samordningsförbundet Norra Kalmarsund, styrelsen 2023-10-28 (kalmar-styrelsen-2023-10-27.txt)")
    assert walk.store.joinpath("records.sqlite").exists()  # with the records: it outlives re-indexing and rebuilds

    answer = ask(page, "Fick Möjligheternas hus i Emmaboda pengar ur miljonen?")
    assert "(Samordningsförbundet Norra Kalmarsund, styrelsen 2023-10-28, § 78) [1]" in answer


def test_gradio_own_words_follow_the_page_language(tmp_path_factory, tmp_path):
    """In a browser set to English, Gradio's own words (the upload box's 'Drop File Here') are Swedish, like the
    rest of the page; the language switch turns them English, and back, without reloading the page."""
    from playwright.sync_api import sync_playwright

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    with running_server(store, tmp_path / "serve.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="en-US").new_page()
            page.goto(url)
            upload = page.locator("#upload")
            upload.get_by_text("Släpp fil här").wait_for(timeout=30_000)
            assert "Klicka för att ladda upp" in upload.inner_text()
            assert page.evaluate("document.documentElement.lang") == "sv"
            page.evaluate("window.marker = 'same page'")
            page.locator("#language").get_by_text("English").click()
            upload.get_by_text("Drop File Here").wait_for(timeout=10_000)
            assert "Click to Upload" in upload.inner_text()
            page.locator("#language").get_by_text("Svenska").click()
            upload.get_by_text("Släpp fil här").wait_for(timeout=10_000)
            assert page.evaluate("window.marker") == "same page"
        finally:
            browser.close()
