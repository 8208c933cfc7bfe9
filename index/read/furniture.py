"""Running headers and footers found by their place on the page, not only by their words.

A protocol's page furniture sits at the same height in the top or bottom band of most pages: the
letterhead, a running header that repeats the protocol, the § under way, the date and the page
('Protokoll | 19 § | 09.05.2023 | Sida 4'), a footer with 'Justerandes sign'. Lines that differ
only in their digits are one line; so a running header carrying a § number is furniture like any
other, and can never be read as a § heading.

What a running header says once is worth keeping: the organisation, the organ, the meeting date.
Its cells (a line's runs of words between column gaps) that are the same on every page are kept
once, where the header first appears; the cells that change from page to page (the page number, the
§ under way) are dropped with the rest. Footers go whole. A line of numbers alone is furniture only when
its number counts the pages: a point's label ('7/') at the top of one page and another ('14/') at the
top of the next are not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from index.read.layout import Line, PageLayout, Word
from index.read.pages import MIN_REPEAT_SHARE, counts_pages, line_key

# The share of the page's height at its top and at its bottom where furniture sits (real running headers and
# footers sit within 0.11 of the edge; a § heading right under the header starts at 0.14).
BAND_SHARE = 0.12
# A line is furniture when it is in the same band, at about the same height, on more than MIN_REPEAT_SHARE
# of the pages that have text (and on at least two), as in index/read/pages.py.
# How far the same furniture line may move from page to page, as a share of the page's height.
HEIGHT_TOLERANCE = 0.03



@dataclass(frozen=True)
class _Seen:
    page: int  # index in the list of pages
    line: Line
    top_band: bool


def _band(page: PageLayout, line: Line) -> str | None:
    if line.bottom <= page.height * BAND_SHARE:
        return "top"
    if line.top >= page.height * (1 - BAND_SHARE):
        return "bottom"
    return None


def strip_running_lines(pages: list[PageLayout]) -> list[list[Line]]:
    """Each page's lines without its running headers and footers; the cells a running header repeats
    unchanged on every page are kept once, as a line of their own where the header first appears."""
    groups: dict[tuple[str, str], list[_Seen]] = defaultdict(list)
    for index, page in enumerate(pages):
        for line in page.lines:
            band = _band(page, line)
            key = line_key(line.text)
            if band and key and not (groups[(band, key)] and groups[(band, key)][-1].page == index):
                groups[(band, key)].append(_Seen(index, line, band == "top"))
    with_text = sum(1 for page in pages if page.lines)
    needed = max(2, int(with_text * MIN_REPEAT_SHARE) + 1)
    dropped: set[int] = set()  # id() of the furniture lines
    kept_once: dict[int, Line] = {}  # id() of a header's first copy -> its constant cells
    for (band, key), seen in groups.items():
        seen = _at_one_height(seen, pages)
        if len({s.page for s in seen}) < needed:
            continue
        if not any(ch.isalpha() for ch in key) and not counts_pages([(s.page, s.line.text) for s in seen]):
            continue  # numbers alone ('7/' over one page, '14/' over another) are points' labels unless they count pages
        dropped.update(id(s.line) for s in seen)
        if seen[0].top_band:
            constant = _constant_cells([s.line for s in seen])
            if constant:
                kept_once[id(seen[0].line)] = Line(tuple(word for cell in constant for word in cell))
    out = []
    for page in pages:
        lines = []
        for line in page.lines:
            if id(line) in kept_once:
                lines.append(kept_once[id(line)])
            elif id(line) not in dropped:
                lines.append(line)
        out.append(lines)
    return out


def _at_one_height(seen: list[_Seen], pages: list[PageLayout]) -> list[_Seen]:
    """The occurrences at the height most of them share (a body line that happens to repeat the
    header's words elsewhere on a page is not furniture)."""
    def height(s: _Seen) -> float:
        page = pages[s.page]
        edge = s.line.top if s.top_band else page.height - s.line.bottom
        return edge / page.height

    ordered = sorted(seen, key=height)
    heights = [height(s) for s in ordered]
    best, start = (0, 0), 0
    for end in range(len(ordered)):  # the widest window of heights within the tolerance
        while heights[end] - heights[start] > 2 * HEIGHT_TOLERANCE:
            start += 1
        best = max(best, (end - start + 1, start))
    size, start = best
    return sorted(ordered[start: start + size], key=lambda s: s.page)


def _constant_cells(copies: list[Line]) -> list[tuple[Word, ...]]:
    """The cells of the first copy that every copy has unchanged."""
    first, *rest = [line.cells() for line in copies]
    texts = [{_cell_text(cell) for cell in other} for other in rest]
    return [cell for cell in first if all(_cell_text(cell) in other for other in texts)]


def _cell_text(cell: tuple[Word, ...]) -> str:
    return " ".join(word.text for word in cell)
