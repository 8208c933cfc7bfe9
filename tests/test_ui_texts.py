"""Every word the page shows comes from one table, in Swedish and in English (assistant/ui/texts.py).

The browser test (tests/test_ui_browser.py) switches the language and looks for words of the other language on
the page; these tests keep the table whole and the UI's code free of words of its own.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from assistant.ui.texts import LANGUAGES, TEXTS, t

UI = Path(__file__).resolve().parent.parent / "assistant" / "ui"
# Two words in a row, or one capitalised word alone: what a person reads (not an id, a CSS class or a format key).
WORDS = re.compile(r"[A-Za-zÅÄÖåäöÉé]{2,} [A-Za-zÅÄÖåäöÉé]{2,}|^[A-ZÅÄÖ][a-zåäö]{2,}$")
# Strings that are words but never shown on the page, each with why.
NOT_SHOWN = {
    ("app.py", "interrupted uploads"),  # a line of the server's log
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key):
    swedish, english = TEXTS[key]
    assert type(swedish) is type(english)
    if isinstance(swedish, tuple):
        assert len(swedish) == len(english) and all(swedish) and all(english)
    else:
        assert swedish.strip() and english.strip()
        assert placeholders(swedish) == placeholders(english)


def test_t_picks_the_language_and_fills_in_values():
    assert t("sv", "indexing", n=12) == "indexeras: 12 §"
    assert t("en", "indexing", n=12) == "being indexed: 12 §"
    assert t(None, "send") == "Fråga" and t("de", "send") == "Fråga"  # Swedish unless it is English
    assert LANGUAGES == ("sv", "en")


def shown_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are words, leaving out docstrings and comments-as-strings, log lines,
    exceptions raised and assertions (for developers and the log, not the page), and HTML or script fragments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # docstrings, attribute docs
            skipped.add(id(node.value))
        is_log = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "log")
        if is_log or isinstance(node, (ast.Raise, ast.Assert)):
            skipped |= {id(sub) for sub in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            text = node.value
            if text.lstrip().startswith("<") or "=>" in text or not WORDS.search(text):
                continue
            if (path.name, text) not in NOT_SHOWN:
                found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in UI.glob("*.py") if p.name != "texts.py"))
def test_no_module_of_the_ui_writes_words_of_its_own(module):
    assert shown_strings(UI / module) == []


def test_the_check_finds_a_word_written_in_the_code(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('import gradio as gr\n\n\ndef f():\n    """Doc."""\n    log.info("a log line")\n'
                       '    return gr.Button("Skicka in"), gr.Markdown(label="Alla")\n', encoding="utf-8")
    assert shown_strings(planted) == [(7, "Skicka in"), (7, "Alla")]


def test_the_static_script_and_style_sheets_hold_no_words_of_the_page():
    """The page's words in CSS (Gradio's 'Uploading' shown in the page's language) are made from the table."""
    from assistant.ui.page import gradio_words_css

    css = gradio_words_css()
    assert '"Laddar upp …"' in css and '"Uploading …"' in css and 'html[lang="sv"]' in css
    for sheet in (UI / "static").glob("*.css"):
        assert "content:" not in sheet.read_text(encoding="utf-8")
