"""assistant/ui/render.py and page.py: what the browser is shown. Protocol text escaped wherever it appears, quotes
highlighted, citations linked to their source once, the original at its page; Gradio's own words in Swedish."""

from __future__ import annotations

import re
from pathlib import Path


from assistant.ui import page, render
from assistant.models import Answer, Citation, Filters, Limit, LimitField, LimitSource

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
