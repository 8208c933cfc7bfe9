"""Headings found by typography (index/read/styles.py) placed in the cleaned text, and the sections of a
protocol that numbers none of them.

The reader names each heading line by its page and text; here each is found again among the cleaned
lines of its page, in order. Two uses follow:
- where the protocol numbers its §, a number on a heading line is the stronger evidence (numbering.py
  weighs it up, and a list numbered in plain text beside numbered headings falls out);
- where it numbers them but leaves its first section unnumbered ('Mötets öppnande' set like the
  '§ 2 Val av ordförande' after it), that heading opens a § of its own (unnumbered_opening);
- where it numbers none, its sections are the lines of one heading style: the strongest style that
  heads at least MIN_SECTIONS sections with text of their own (a document title, the agenda's heading
  or the cover's labels are not sections), or failing that the style heading most.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

from index.lang.labels import is_label
from index.lang.registry import rules
from index.parse.clean import PAGE_BREAK
from index.read.styles import StyledHeading

MIN_SECTIONS = 3  # a heading style that heads this many sections with their own text is the § level
MIN_FALLBACK_SECTIONS = 2
LEFT_SLACK = 2.0  # points: two headings start at the same left edge
SENTENCE_WORDS = 3  # a line of more words ending with a full stop is a sentence of a section's text


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class _OnPage(Protocol):
    """A line the reader set: a heading (StyledHeading) or any line's look (LineLook)."""

    @property
    def page(self) -> int: ...

    @property
    def text(self) -> str: ...


_Line = TypeVar("_Line", bound=_OnPage)


def locate(lines: list[str], headings: Sequence[_Line]) -> dict[int, _Line]:
    """The index of each heading's line in the cleaned text (or of any line the reader set: its look), found on its
    page in reading order. A heading is
    looked up among its page's lines by its text (not searched for line by line: a page of thousands of lines
    and headings the clean-up changed would cost their product); one that broke at a hyphen is searched for
    within HYPHEN_LOOKAHEAD lines."""
    page_of, page = [], 1
    starts = {1: 0}  # each page's first line
    at: dict[tuple[int, str], list[int]] = {}  # (page, normal text) -> its lines, in order
    for k, line in enumerate(lines):
        page_of.append(page)
        at.setdefault((page, _normal(line)), []).append(k)
        if line == PAGE_BREAK:
            page += 1
            starts[page] = k + 1
    found: dict[int, _Line] = {}
    position = 0
    for heading in headings:
        wanted = _normal(heading.text)
        found_at: int | None
        if wanted.endswith("-"):
            found_at = _broken_at(lines, page_of, max(position, starts.get(heading.page, len(lines))), heading.page, wanted)
        else:
            same = at.get((heading.page, wanted), [])
            n = bisect_left(same, position)
            found_at = same[n] if n < len(same) else None
        if found_at is not None:
            found[found_at] = heading
            position = found_at + 1
    return found


HYPHEN_LOOKAHEAD = 200  # lines of a page searched for a heading that broke at a hyphen (a page holds fewer)


def _broken_at(lines: list[str], page_of: list[int], start: int, page: int, wanted: str) -> int | None:
    for k in range(start, min(len(lines), start + HYPHEN_LOOKAHEAD)):
        if page_of[k] != page:
            return None
        if _same(_normal(lines[k]), wanted):
            return k
    return None


def _same(line: str, heading: str) -> bool:
    """A heading whose last word broke at a hyphen was joined with the next line by the clean-up."""
    return line == heading or heading.endswith("-") and line.startswith(heading[:-1])


def plain_lines(lines: list[str], located: dict[int, StyledHeading]) -> frozenset[int]:
    """Lines that typography shows to be text, not headings: on a page where it found headings (labels aside),
    every line that is none of them."""
    pages_with = {heading.page for heading in located.values() if not is_label(heading.text)}
    plain, page = set(), 1
    for k, line in enumerate(lines):
        page += line == PAGE_BREAK
        if page in pages_with and k not in located:
            plain.add(k)
    return frozenset(plain)


def sections(located: dict[int, StyledHeading]) -> list[int]:
    """The lines heading the sections of a protocol without § numbers (by its typography), or []."""
    candidates = {k: h for k, h in located.items() if not is_label(h.text) and any(ch.isalpha() for ch in h.text)}
    heading_text = Counter(h.rank for h in candidates.values() if h.followed_by_text)
    if not heading_text:
        return []
    strong = [rank for rank in sorted(heading_text) if heading_text[rank] >= MIN_SECTIONS]
    rank = strong[0] if strong else max(heading_text, key=lambda r: (heading_text[r], -r))
    if heading_text[rank] < MIN_FALLBACK_SECTIONS:
        return []
    return sorted(k for k, h in candidates.items() if h.rank == rank)


def unnumbered_opening(lines: list[str], located: dict[int, StyledHeading], numbered: list[int]) -> int | None:
    """The line of a section a protocol left unnumbered before its first numbered § (`numbered`: the numbered
    headings' lines), or None. It is the last heading before the first numbered one, set in the style and at the
    left edge most numbered headings have (MIN_SECTIONS of them at least), no label, and followed by text with a
    sentence of its own before the first numbered §: a document title or a cover's field stands apart by one of
    these."""
    styled = [located[k] for k in numbered if k in located]
    if not numbered or len(styled) < MIN_SECTIONS or not rules().parse.unnumbered_opening:
        return None
    rank, _ = Counter(h.rank for h in styled).most_common(1)[0]
    left, _ = Counter(h.left for h in styled).most_common(1)[0]
    first = min(numbered)
    before = [k for k in located if k < first]
    if not before:
        return None
    k = max(before)
    heading = located[k]
    if (heading.rank != rank or abs(heading.left - left) > LEFT_SLACK or not heading.followed_by_text
            or is_label(heading.text) or not any(ch.isalpha() for ch in heading.text)):
        return None
    between = [line.strip() for line in lines[k + 1: first] if line.strip() and line != PAGE_BREAK]
    sentence = any(len(line.split()) > SENTENCE_WORDS and line.endswith((".", "!", "?")) for line in between)
    return k if sentence else None
