"""assistant/ui/original.py in real headless Chromium (Debian's /usr/bin/chromium): a citation opens its § in the
Källor panel, and the panel's link opens the original, a text protocol as escaped text with the § marked, a PDF at
the page where its § starts. The walk and its helpers are tests/test_ui_browser.py's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_ui_server import ROOT, _env, indexed_copy, running_server
from test_ui_browser import ARGS, CHROMIUM, SOURCES_SHOT, ask, readme_screenshot, walk  # noqa: F401

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


def test_a_citation_opens_its_paragraph_and_the_original(walk):
    page, shots = walk.page, walk.shots
    page.goto(walk.url)
    page.locator("#meetings").get_by_text("Samordningsförbundet i Blekinge").first.wait_for()
    ask(page, "Vad beslutade styrelsen om ESF-medel?")
    page.locator("#source").evaluate("e => e.scrollIntoView()")
    page.mouse.wheel(0, -3000)  # the panel out of sight, as on a long page
    link = page.locator("#chat [data-testid='bot'] a[href*='paragraf-cite-chat-']").first
    number = int(link.inner_text().strip("[]"))
    link.click()
    page.locator("#source mark").first.wait_for(timeout=15_000)
    chosen = page.locator("#refs input:checked").evaluate("e => JSON.parse(e.value)")
    label = page.locator("#refs label").nth(number - 1)
    assert label.locator("input").is_checked()
    assert f"§ {chosen['paragraph']}" in page.locator("#source h3").inner_text()
    page.wait_for_function("(() => { const r = document.querySelector('#source').getBoundingClientRect();"
                           " return r.top >= -1 && r.top < window.innerHeight; })()", timeout=5_000)
    page.screenshot(path=shots / "7-citation-opened.png")
    readme_screenshot(page, SOURCES_SHOT)

    # "Open the original": a text protocol is shown as escaped text, from the app's own route.
    original = page.locator("#source a.paragraf-original")
    href = original.get_attribute("href")
    assert href == f"paragraf/original/{chosen['meeting_id']}?paragraph={chosen['id']}&lang=sv#paragraf-cited"
    response = page.request.get(walk.url + href.split("#")[0])
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    assert chosen["source_file"] in response.text() and chosen["title"] in response.text()
    assert '<mark id="paragraf-cited">' in response.text()  # the cited § marked in the original


def test_the_original_of_a_pdf_opens_at_the_page_of_its_paragraph(tmp_path_factory, tmp_path):
    """A PDF protocol printed by Chromium itself, § 2 on its second page: the reader's page breaks give the
    parser the page each § starts on, and the link opens the original there."""
    from playwright.sync_api import sync_playwright

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    html = "<h2>PROTOKOLL</h2><p>Styrelsen, Samordningsförbundet Östra Ängen</p><p>Datum: 2026-04-02</p>" \
           "<p>§ 1 Mötets öppnande</p><p>Ordföranden öppnade mötet.</p>" \
           "<p style='break-before: page'>§ 2 Cykelpool för deltagare</p>" \
           "<p>Styrelsen beslutar att köpa tio cyklar till en cykelpool för deltagare.</p>"
    pdf = tmp_path / "ostra-angen-styrelsen-2026-04-02.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        printing = browser.new_page()
        printing.set_content(f"<html><body>{html}</body></html>")
        printing.pdf(path=str(pdf), format="A4")
        browser.close()
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "index", "--store", str(store), str(pdf)], cwd=ROOT,
                          capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stdout + done.stderr
    with running_server(store, tmp_path / "serve.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="sv-SE").new_page()
        page.goto(url)
        page.locator("#meetings").get_by_text("Samordningsförbundet Östra Ängen").wait_for(timeout=30_000)
        ask(page, "Vad beslutade styrelsen om cykelpoolen?")
        page.locator("#chat [data-testid='bot'] a[href*='paragraf-cite-chat-']").first.click()
        page.locator("#source mark").first.wait_for(timeout=15_000)
        original = page.locator("#source a.paragraf-original")
        assert original.inner_text() == "Öppna originalet på sidan 2"
        href = original.get_attribute("href")
        assert href.startswith("paragraf/original/") and href.endswith("#page=2")
        response = page.request.get(url + href.split("#")[0])
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body() == pdf.read_bytes()
        browser.close()
