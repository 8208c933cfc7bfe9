"""Specification of text's one normal form (index/read/characters.py): composed characters, no invisible format
characters, no endless runs of combining marks, before any pattern reads the text."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

from index.parse.protocol import parse_text
from index.read.characters import MAX_COMBINING, normal_form
from index.read.document import read_text


def test_a_right_to_left_mark_does_not_hide_a_heading(tmp_path: Path):
    """The finding: an RTL mark in '§\u200f 22' merged § 22 into § 21."""
    text = ("Protokoll\nStyrelsen 2026-02-03\n\n§ 21 Budget\nStyrelsen godkänner budgeten.\n\n"
            "§\u200f 22 Revision\nRevisorerna lämnar sin rapport.\n")
    assert [p.number for p in parse_text(text, "rtl.txt").paragraphs] == [21, 22]
    path = tmp_path / "rtl.txt"
    path.write_text(text, encoding="utf-8")
    assert "§ 22 Revision" in read_text(path)


def test_format_characters_go_and_letters_are_composed():
    assert normal_form("\ufeff§\u200b 3 Ä\u0308rende\u00ad om ska\u0308rga\u030arden\u2066") == "§ 3 Ä̈rende om skärgården"
    assert normal_form("a\u0308") == "ä"


def test_a_run_of_combining_marks_is_cut_at_the_stream_safe_limit_in_a_moment():
    """Python's NFC sorts a run of combining marks in time growing with its square (80 000 marks took 16 s)."""
    started = time.process_time()
    out = normal_form("a" + "\u0301\u0316" * 40_000 + " beslut")
    assert time.process_time() - started < 1
    letter = unicodedata.normalize("NFD", out.split()[0])
    assert out.endswith(" beslut") and len(letter) == 1 + MAX_COMBINING
