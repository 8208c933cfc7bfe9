"""Text as one normal form: composed characters (NFC), no format characters, no endless combining marks.

PDF and Word exports and web pages leave invisible characters in text: bidirectional marks (U+200E, U+200F,
U+202A-U+202E, U+2066-U+2069), zero-width spaces and joiners, soft hyphens, byte-order marks, all of Unicode's
category Cf. They carry no text, but between '§' and '22' a right-to-left mark hides a heading from every
pattern, and a decomposed 'å' (a + ring) is not the 'å' a question is typed with. Every reader's text and every
text the parser is given pass through `normal_form`.

A run of more than MAX_COMBINING combining marks on one letter is no writing system's text (Unicode's stream-safe
format allows 30) but it is work: Python's NFC sorts each run in time growing with the square of its length
(80 000 marks took 16 s). Such a run keeps its first MAX_COMBINING marks.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

MAX_COMBINING = 30  # Unicode's stream-safe text format (UAX #15): at most 30 non-starters in a row


@functools.cache
def _classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Unicode's format characters (category Cf) and its runs of too many combining marks (canonical combining
    class above 0), as patterns built once per process (0.6 s)."""
    characters = [chr(c) for c in range(sys.maxunicode + 1)]
    formats = "".join(c for c in characters if unicodedata.category(c) == "Cf")
    combining = "".join(c for c in characters if unicodedata.combining(c))
    marks = f"[{re.escape(combining)}]"
    return re.compile(f"[{re.escape(formats)}]+"), re.compile(f"({marks}{{{MAX_COMBINING}}}){marks}+")


def normal_form(text: str) -> str:
    """The text in NFC, without format characters (Unicode category Cf), each run of combining marks cut at
    MAX_COMBINING."""
    formats, long_runs = _classes()
    return unicodedata.normalize("NFC", long_runs.sub(r"\1", formats.sub("", text)))
