"""Running headers and footers found by their place on the page, not only by their words.

A protocol's page furniture sits at the same height on most pages, between the page's edge and its
text: the letterhead, a running header that repeats the protocol, the § under way, the date and the
page ('Protokoll | 19 § | 09.05.2023 | Sida 4'), a footer with 'Justerandes sign'. Lines that differ
only in their digits are one line; so a running header carrying a § number is furniture like any
other, and can never be read as a § heading. Only the unbroken run of such lines from the top or the
bottom edge of a page is furniture: the first line of the page's own text ends it, however near the
edge it stands (no band of fixed height), and a body line that happens to repeat stays; a page of repeating
lines alone keeps them (furniture frames a page's own text).

What a running header says once is worth keeping: the organisation, the organ, the meeting date.
Its cells (a line's runs of words between column gaps) that are the same on every page are kept
once, where the header first appears; the cells that change from page to page (the page number, the
§ under way) are dropped with the rest. Footers go whole. A line of numbers alone is furniture only when
its number counts the pages: a point's label ('7/') at the top of one page and another ('14/') at the
top of the next are not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from index.read.layout import Line, PageLayout, Word
from index.read.pages import MIN_REPEAT_SHARE, counts_pages, line_key

# A line repeats as furniture when it stands in the same half of the page, at about the same height, on more than
# MIN_REPEAT_SHARE of the pages that have text (and on at least two), as in index/read/pages.py.
# How far the same furniture line may move from page to page, as a share of the page's height.
HEIGHT_TOLERANCE = 0.03
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class _Seen:
    page: int  # index in the list of pages
    line: Line
    top_band: bool  # in the page's upper half: measured from the top edge


def _half(page: PageLayout, line: Line) -> str:
    return "top" if line.top + line.bottom <= page.height else "bottom"


def strip_running_lines(pages: list[PageLayout]) -> list[list[Line]]:
    """Each page's lines without its running headers and footers; the cells a running header repeats
    unchanged on every page are kept once, as a line of their own where the header first appears."""
    groups: dict[tuple[str, str], list[_Seen]] = defaultdict(list)
    for index, page in enumerate(pages):
        for line in page.lines:
            half = _half(page, line)
            key = line_key(line.text)
            if key:
                groups[(half, key)].append(_Seen(index, line, half == "top"))
    with_text = sum(1 for page in pages if page.lines)
    needed = max(2, int(with_text * MIN_REPEAT_SHARE) + 1)
    repeated: dict[int, list[_Seen]] = {}  # id() of a line repeating at one height -> all its copies
    for seen in groups.values():
        seen = _once_a_page(_at_one_height(seen, pages))
        if len({s.page for s in seen}) < needed:
            continue
        if not _running([s.line for s in seen], [s.page for s in seen]):
            seen = _counting_pages(seen)
            if len(seen) < needed:
                continue
        repeated.update((id(s.line), seen) for s in seen)
    dropped = {id(line) for page in pages for line in _edge_runs(page.lines, repeated)}
    kept_once: dict[int, Line] = {}  # id() of a header's first copy -> its constant cells
    for line_id in dropped:
        seen = [s for s in repeated[line_id] if id(s.line) in dropped]
        if seen and id(seen[0].line) == line_id and seen[0].top_band and len(seen) > 1:
            constant = _constant_cells([s.line for s in seen])
            if constant:
                kept_once[line_id] = Line(tuple(word for cell in constant for word in cell))
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


def _running(copies: list[Line], pages: list[int]) -> bool:
    """Whether copies of one line (the same but for their numbers) run over the pages as furniture: word for word the
    same, or with a number counting the pages ('Sida 4'), or with a cell that stays the same beside the ones that
    change ('Protokoll | 19 § | Sida 4'). A line of one cell whose number changes otherwise is the document's own
    ('§ 7 Ärende', '7/' over one page, '14/' over the next)."""
    texts = [line.text for line in copies]
    if len(set(texts)) == 1:
        return any(ch.isalpha() for ch in texts[0]) or counts_pages(list(zip(pages, texts)))
    if counts_pages(list(zip(pages, texts))):
        return True
    return len(copies[0].cells()) > 1 and bool(_constant_cells(copies))


def _edge_runs(lines: tuple[Line, ...], repeated: dict[int, list[_Seen]]) -> list[Line]:
    """The page's repeating lines that run unbroken from its top edge and from its bottom edge; none when they
    would take the whole page (furniture frames a page's own text)."""
    run: list[Line] = []
    for ordered in (lines, lines[::-1]):
        for line in ordered:
            if id(line) not in repeated:
                break
            run.append(line)
    return run if len(set(map(id, run))) < len(lines) else []


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


def _once_a_page(seen: list[_Seen]) -> list[_Seen]:
    """One copy a page: the first at the height the copies share (a footnote's number above a page number is not
    its copy)."""
    out: list[_Seen] = []
    for s in seen:
        if not out or out[-1].page != s.page:
            out.append(s)
    return out


def _counting_pages(seen: list[_Seen]) -> list[_Seen]:
    """The copies of a line of numbers whose number counts the pages ('3' on the third page, '4' on the fourth), when
    a few copies at the same height do not (a footnote's number near a page number): those of the offset between
    number and page most copies share; none when the numbers do not count the pages."""
    numbered = [(s, [int(n) for n in _DIGITS.findall(s.line.text)]) for s in seen]
    if any(len(numbers) != 1 for _, numbers in numbered):
        return []
    offsets = Counter(numbers[0] - s.page for s, numbers in numbered)
    offset, count = offsets.most_common(1)[0]
    return [s for s, numbers in numbered if numbers[0] - s.page == offset] if count > 1 else []


def _constant_cells(copies: list[Line]) -> list[tuple[Word, ...]]:
    """The cells of the first copy that every copy has unchanged."""
    first, *rest = [line.cells() for line in copies]
    texts = [{_cell_text(cell) for cell in other} for other in rest]
    return [cell for cell in first if all(_cell_text(cell) in other for other in texts)]


def _cell_text(cell: tuple[Word, ...]) -> str:
    return " ".join(word.text for word in cell)
