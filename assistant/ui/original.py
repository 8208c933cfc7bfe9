"""The original of a text or Word protocol as a page of its own, with the cited § marked and scrolled to.

A PDF opens in the browser's own viewer at the page where the § starts ('#page=N'); a text or Word file is shown
as escaped text, and the § a citation opened (`?paragraph=<id>#paragraf-cited`) is found in it by its own words:
the stored § text is the protocol's text cleaned (joined hyphenations, running heads removed), so runs of its words
are looked for, whatever the whitespace between them or a hyphen breaking one over a line, and the mark starts at
the line of the § heading before them.
"""

from __future__ import annotations

import re

from assistant.ui.render import escape
from assistant.ui.texts import t

RUN = 6  # words of the § looked for together
TRIES = 12  # runs tried from each end of the §
HEADING_REACH = 600  # characters before the § text where its heading is looked for
PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{name}</title>
<style>body {{ font-family: sans-serif; max-width: 60em; margin: 1.5em auto; padding: 0 1em; color: #1f2937; }}
pre {{ white-space: pre-wrap; font-family: inherit; line-height: 1.45; }}
mark {{ background: #fde68a; color: inherit; outline: 2px solid #b45309; scroll-margin-top: 2em; }}
.note {{ border-left: 4px solid #b45309; padding: 0.2em 0.8em; }}</style></head>
<body><main><h1>{name}</h1>{note}<pre>{text}</pre></main></body></html>"""
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "X-Content-Type-Options": "nosniff"}


def _run_pattern(words: list[str]) -> re.Pattern:
    """Words in a row, whatever whitespace lies between them, each also broken over a line by a hyphen
    ('cykel-\npool' for 'cykelpool', as the stored text joined it)."""
    return re.compile(r"\s+".join(r"(?:-\s+)?".join(map(re.escape, word)) for word in words))


def _find(text: str, words: list[str], start: int, from_end: bool) -> re.Match | None:
    """The first run of RUN words of the § found in `text` after `start`, trying runs from one end inwards."""
    count = len(words)
    offsets = range(max(count - RUN, 0), -1, -1) if from_end else range(0, max(count - RUN, 0) + 1)
    for tried, offset in enumerate(offsets):
        if tried >= TRIES:
            return None
        match = _run_pattern(words[offset:offset + RUN]).search(text, start)
        if match:
            return match
    return None


def locate(text: str, paragraph: str, title: str = "") -> tuple[int, int] | None:
    """Where the § whose stored text is `paragraph` (and heading `title`) lies in the original `text`, from the
    start of its heading's line to the end of its last words; None when its words are not found."""
    words = paragraph.split()
    if not words:
        return None
    first = _find(text, words, 0, from_end=False)
    if first is None:
        return None
    last = _find(text, words, first.start(), from_end=True)
    end = last.end() if last else first.end()
    start = first.start()
    head = title.split()[:RUN]
    if head:
        before = max(0, start - HEADING_REACH)
        heading = None
        for match in _run_pattern(head).finditer(text, before, start):
            heading = match
        if heading is not None:
            start = text.rfind("\n", 0, heading.start()) + 1
    return start, end


def original_page(name: str, text: str, paragraph: tuple[str, str] | None = None, language: str = "sv") -> str:
    """The page of an original file: its text escaped, and the § `paragraph` (its stored text and title) marked,
    with the id the link's '#paragraf-cited' scrolls to."""
    span = locate(text, *paragraph) if paragraph else None
    if span is None:
        shown, note = escape(text), ""
    else:
        start, end = span
        shown = (f'{escape(text[:start])}<mark id="paragraf-cited">{escape(text[start:end])}</mark>'
                 f"{escape(text[end:])}")
        note = f'<p class="note">{escape(t(language, "original_cited"))}</p>'
    return PAGE.format(lang=language, name=escape(name), note=note, text=shown)
