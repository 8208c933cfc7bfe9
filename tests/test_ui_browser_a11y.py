"""Accessibility in real headless Chromium: axe-core (bundled by axe-playwright-python) finds no critical or serious
WCAG 2.1 A/AA violation on any view (the chat, an answer with its source open, "Inför mötet" with a brief, the
upload with its report), and the whole way from a question to the original file works with the keyboard alone.
Swedish public bodies must meet WCAG 2.1 AA for their web services (the DOS law, EN 301 549)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_ui_browser import ANSWER_MS, CHROMIUM, PROTOCOL, SORMLAND, ask, choose, walk  # noqa: F401

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """axe-core's critical and serious WCAG 2.1 A/AA violations on the page as it is, one line each. Gradio's loading
    overlays fade in and out over 0.1 s; mid-fade their text is half transparent, so the page is audited once no
    overlay is between fully shown and fully hidden (every overlay is still audited, shown or not)."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function("[...document.querySelectorAll('[data-testid=status-tracker]')]"
                           ".every(e => ['0', '1'].includes(getComputedStyle(e).opacity))")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in result.response["violations"] if v["impact"] in ("critical", "serious")]


def test_no_serious_violation_on_any_view(walk, tmp_path):
    page = walk.page
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()
    found = {"chat": violations(page)}

    ask(page, "Vad beslutade styrelsen om ESF-medel?")
    page.locator("#refs label").first.click()
    page.locator("#source .paragraf-text").wait_for(timeout=15_000)
    found["answer with its source"] = violations(page)

    page.get_by_role("tab", name="Inför mötet").click()
    choose(page, "prepare-org", SORMLAND)
    page.locator("#prepare-as-of textarea").fill("2026-03-05")
    page.locator("#prepare-show").click()
    page.locator("#prepare-brief h2").first.wait_for(timeout=ANSWER_MS)
    page.locator("#prepare-brief-refs label").first.click()
    page.locator("#prepare-brief-source .paragraf-text").wait_for(timeout=15_000)
    found["Inför mötet"] = violations(page)

    upload = tmp_path / "vastra-fjallen-styrelsen-2026-02-10.txt"
    upload.write_text(PROTOCOL, encoding="utf-8")
    page.locator("#upload input[type=file]").set_input_files(str(upload))
    page.locator("#upload-report").get_by_text("Indexerad: 3 §").wait_for(timeout=ANSWER_MS)
    found["upload"] = violations(page)

    page.locator("#language").get_by_text("English").click()
    page.get_by_role("tab", name="Ask the minutes").click()
    page.locator("#source dt").get_by_text("Body", exact=True).wait_for(timeout=15_000)  # the open § redrawn in English
    page.wait_for_timeout(1000)  # and no longer dimmed while it was being redrawn
    found["English"] = violations(page)
    assert found == {view: [] for view in found}


def focus_by_tab(page, selector: str, presses: int = 80) -> int:
    """Press Tab until the focused element matches `selector`; how many presses it took."""
    for n in range(1, presses + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement?.matches({selector!r}) ?? false"):
            return n
    raise AssertionError(f"Tab never reached {selector} (now on {page.evaluate('document.activeElement.outerHTML.slice(0, 120)')})")


def test_the_way_from_a_question_to_the_original_by_keyboard_alone(walk):
    page = walk.page
    page.goto(walk.url)
    page.locator("#meetings").get_by_text(SORMLAND).first.wait_for()
    page.locator("body").click(position={"x": 5, "y": 5})  # start from the top of the page

    focus_by_tab(page, "#question textarea")
    page.keyboard.type("Vad beslutade styrelsen om ansökan från Möjligheternas hus i Emmaboda?")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#scope-line')?.innerText.trim() !== ''", timeout=ANSWER_MS)

    focus_by_tab(page, "#chat a[href*='paragraf-cite-chat-']")  # the citation's number [1]
    page.keyboard.press("Enter")
    page.locator("#source mark").first.wait_for(timeout=15_000)
    page.wait_for_function("document.activeElement?.matches('#source h3') ?? false", timeout=5_000)  # focus follows
    assert "§ 78" in page.evaluate("document.activeElement.innerText")

    assert focus_by_tab(page, "#source a.paragraf-original", presses=3) == 1  # the next Tab: the original
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    original = opened.value
    original.wait_for_load_state()
    assert "Emmaboda" in original.locator("mark#paragraf-cited").inner_text()

    page.bring_to_front()
    focus_by_tab(page, "#source .paragraf-text", presses=3)  # the § text scrolls by keyboard too
