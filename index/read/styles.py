"""Headings found by typography: lines set in a stronger style than the text, at its left margin.

A person finds a protocol's sections by their look before reading a word: a line in bold or in a
larger size, starting at the left margin, with ordinary text after it. Here the body style is the
style most of the document's letters have; a line whose letters are nearly all in a stronger style
(larger, or bold where the body is not), short enough to be a title and not indented past the
text, is a heading. Its rank orders the document's heading styles, 1 the strongest (largest, then
bold), so the parser can tell section headings from sub-headings and from a document title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from index.read.layout import Line, Style, dominant_style

# A size counts as larger than the body's from this many points up.
SIZE_STEP = 0.8
# Small print (a footnote, a chart's axis, a superscript) is set below this share of its page's text size.
SMALL_SHARE = 0.85
# A heading line has nearly all its letters in a heading style (an inline bold label does not count).
MIN_STYLED_SHARE = 0.8
MAX_HEADING_WORDS = 14
# A heading starts no further right than this many font sizes from where the text's lines start.
MARGIN_SIZES = 1.5


@dataclass(frozen=True)
class StyledHeading:
    """A line that typography sets apart as a heading: its page, its text as read, its rank, whether text follows
    it, and where it starts."""

    page: int  # 1-based
    text: str
    rank: int  # 1 = the strongest heading style of the document
    followed_by_text: bool  # the next line is body text or a weaker heading
    left: float = 0.0  # where the line starts, in points from the page's left edge


@dataclass(frozen=True)
class LineLook:
    """How one line of a typeset page is set: its page, its text as read, where it starts, and whether it is set
    smaller than the body text (a footnote or its number, a chart's axis, a superscript)."""

    page: int  # 1-based
    text: str
    left: float  # points from the page's left edge
    small: bool


def line_looks(pages: list[list[Line]], texts: list[list[str]]) -> list[LineLook]:
    """Every line's look, in reading order; `texts` are the lines' texts as the reader gives them, line for line.
    A line is small print beside its own page's text (a protocol's pages and its appendices' may be set in different
    sizes). Pages without known fonts (OCR) come as no lines."""
    out = []
    for p, lines in enumerate(pages):
        body = body_style([lines])
        for i, line in enumerate(lines):
            small = body is not None and line.style.size < SMALL_SHARE * body.size
            out.append(LineLook(p + 1, texts[p][i], round(line.x0, 1), small))
    return out


def body_style(pages: list[list[Line]]) -> Style | None:
    """The style most of the document's letters are set in."""
    weighted = [(word.style, len(word.text)) for lines in pages for line in lines for word in line.words]
    return dominant_style(weighted) if weighted else None


def stronger(style: Style, body: Style) -> bool:
    """A heading's style: larger than the body's, or bold where the body is not (and not smaller)."""
    if style.size >= body.size + SIZE_STEP:
        return True
    return style.bold and not body.bold and style.size > body.size - SIZE_STEP


def _strength(style: Style) -> tuple[float, bool]:
    return (round(style.size), style.bold)


def text_margin(pages: list[list[Line]], body: Style) -> float:
    """Where the body text's lines most often start (rounded to points)."""
    starts = Counter(round(line.x0) for lines in pages for line in lines if line.style == body)
    return starts.most_common(1)[0][0] if starts else 0.0


def styled_headings(pages: list[list[Line]], texts: list[list[str]]) -> list[StyledHeading]:
    """The document's heading lines by typography, in reading order; `texts` are the lines' texts as the
    reader gives them (cleaned, ligatures repaired), line for line."""
    body = body_style(pages)
    if body is None:
        return []
    margin = text_margin(pages, body)
    found: list[tuple[int, int, Style]] = []
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            style = _heading_style(line, body, margin)
            if style is not None:
                found.append((p, i, style))
    ranks = {s: r for r, s in enumerate(sorted({_strength(s) for _, _, s in found}, reverse=True), start=1)}
    flat = [(p, i) for p, lines in enumerate(pages) for i in range(len(lines))]
    position = {key: k for k, key in enumerate(flat)}
    rank_at = {(p, i): ranks[_strength(s)] for p, i, s in found}
    out = []
    for p, i, style in found:
        after = position[(p, i)] + 1
        following = flat[after] if after < len(flat) else None
        rank = ranks[_strength(style)]
        followed = following is not None and rank_at.get(following, len(ranks) + 1) > rank
        out.append(StyledHeading(p + 1, texts[p][i], rank, followed, round(pages[p][i].x0, 1)))
    return out


def _heading_style(line: Line, body: Style, margin: float) -> Style | None:
    """The line's heading style, or None when the line is no heading by its look."""
    letters = sum(len(w.text) for w in line.words)
    styled = sum(len(w.text) for w in line.words if stronger(w.style, body))
    if not letters or styled < MIN_STYLED_SHARE * letters or len(line.words) > MAX_HEADING_WORDS:
        return None
    style = line.style
    if line.x0 > margin + MARGIN_SIZES * style.size:
        return None
    return style
