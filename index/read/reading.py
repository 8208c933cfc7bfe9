"""What reading a file gives the parser: its text, and what the file's layout said beyond the text."""

from __future__ import annotations

from dataclasses import dataclass

from index.read.styles import LineLook, StyledHeading


@dataclass(frozen=True)
class Reading:
    """A file's text (PDF pages separated by a form feed on a line of its own), the lines its typography
    sets apart as headings (PDFs with a text layer), the pages whose poor text layer OCR read again, and how each
    line of a typeset page is set (where it starts, whether in small print)."""

    text: str
    headings: tuple[StyledHeading, ...] = ()
    reread_pages: tuple[int, ...] = ()
    looks: tuple[LineLook, ...] = ()
