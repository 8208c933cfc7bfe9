"""Sentences of Swedish minutes (and of an answer written from them): the one splitter.

A sentence ends at '.', '!' or '?' (closing quotes and citation markers '[1]' stay with it) when the next one
starts with a capital letter, an opening quote or a parenthesis: 'kl. 13.00', 'ca. 5 000 kr' and 'bl.a. att'
are no sentence ends. A line is never joined to the next (reflowed minutes keep a list item or a paragraph on a
line of its own), and a list item's marker ('-', '•', '1)', 'o') is not part of its sentence.
"""

from __future__ import annotations

import re

SENTENCE_END_RE = re.compile(r"[.!?]+[\"”»')]*(?:\s*\[\d+\])*(?=\s+[\"“(A-ZÅÄÖÉ]|\s*$)")
"""Where a sentence ends: its punctuation, closing quotes and citation markers, before the next sentence's start."""
LIST_MARK_RE = re.compile(r"^\s*(?:[-–•*]\s*)?(?:o\s+)?(?:\d{1,2}[.)]\s*)?")
"""A list item's marker: '- ', '• ', '- o ', '1. ', '2) '."""


def split_line(line: str) -> list[str]:
    """The sentences of one line, each with its closing punctuation, quotes and citation markers."""
    out, start = [], 0
    for match in SENTENCE_END_RE.finditer(line):
        out.append(line[start:match.end()].strip())
        start = match.end()
    out.append(line[start:].strip())
    return [s for s in out if s]


def without_list_mark(line: str) -> str:
    return LIST_MARK_RE.sub("", line, count=1).strip()


def sentences(text: str) -> list[str]:
    """The sentences of reflowed text, line by line; list items stay whole, without their markers."""
    out: list[str] = []
    for line in text.split("\n"):
        line = without_list_mark(line)
        if line:
            out.extend(split_line(line))
    return out


def runs_on(text: str) -> bool:
    """More than one sentence: one ends and another starts ('… i tid. Styrelsen …')."""
    return len(split_line(text.strip())) > 1
