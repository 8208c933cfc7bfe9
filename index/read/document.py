"""File -> text. Each format through its library; every failure becomes an UnreadableFile
that names the file and the reason, so one bad file never stops a batch.

PDF pages come back separated by a form feed on a line of its own (index/read/pdf.py), so the parser
can give each § the page it starts on; text and DOCX files have no form feed. The limits of
index/read/limits.py refuse decompression bombs before they cost memory."""

from __future__ import annotations

import codecs
import logging
from dataclasses import replace
from pathlib import Path
from typing import Callable

from index.errors import UnreadableFile
from index.read.characters import normal_form
from index.read.limits import MIN_TEXT_CHARS, ReadLimits
from index.read.pdf import pdf_reading
from index.read.reading import Reading
from index.read.word import docx_text

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
# Checked before a file is read: far above any real protocol (the corpus: 7-20 KB), far below
# what embedding could finish (a few MB of text already take minutes), so a stray export or log
# is refused at once with a reason instead of holding the batch for hours.
MAX_FILE_MB = 10
# Swedish archives are full of files saved by old Windows tools.
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
# Control bytes other than tab, line breaks and form feed: ~11 % of random binary data, ~0 in text.
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
MAX_CONTROL_SHARE = 0.05


def read_text(path: Path, limits: ReadLimits = ReadLimits()) -> str:
    """Return the text of a protocol file or raise UnreadableFile with a reason a person understands."""
    return read_document(path, limits).text


def read_document(path: Path, limits: ReadLimits = ReadLimits()) -> Reading:
    """Read a protocol file: its text, and for a PDF what its layout says (headings, pages OCR read again);
    raise UnreadableFile with a reason a person understands."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(path.name, f"unsupported file type '{suffix or 'none'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(path.name, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(path.name, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableFile(path.name, "the file is empty")
    readers = {".txt": _plain(_decode_text), ".md": _plain(_decode_text), ".pdf": pdf_reading, ".docx": _plain(docx_text)}
    try:
        reading = readers[suffix](path.name, data, limits)
    except UnreadableFile:
        raise
    except MemoryError as exc:
        raise UnreadableFile(path.name, "too large to read in memory") from exc
    except Exception as exc:  # a reader library's own error: the file is refused, the batch goes on
        log.debug("%s: reader failed", path.name, exc_info=True)
        raise UnreadableFile(path.name, f"cannot be read as {suffix[1:].upper()} ({type(exc).__name__}: {str(exc)[:120]})") from exc
    if len(reading.text) > limits.max_text_chars:
        raise UnreadableFile(path.name, limits.too_much_text())
    reading = replace(reading, text=normal_form(reading.text),  # headings are matched against the text's lines
                      headings=tuple(replace(h, text=normal_form(h.text)) for h in reading.headings))
    if len(reading.text.strip()) < MIN_TEXT_CHARS:
        raise UnreadableFile(path.name, "the file contains no readable text")
    return reading


def _plain(reader: Callable[[str, bytes, ReadLimits], str]) -> Callable[[str, bytes, ReadLimits], Reading]:
    """A reader of text alone (plain text, Word) as a reader of a Reading."""
    return lambda name, data, limits: Reading(reader(name, data, limits))


def _decode_text(name: str, data: bytes, limits: ReadLimits) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(name, "broken UTF-16 text") from exc
    head = data[:4096]
    if b"\x00" in head or len(head) - len(head.translate(None, CONTROL_BYTES)) > MAX_CONTROL_SHARE * len(head):
        raise UnreadableFile(name, "binary content in a text file (wrong extension?)")
    for encoding in TEXT_ENCODINGS[:-1]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != TEXT_ENCODINGS[0]:
            log.info("%s: decoded as %s", name, encoding)
        return text
    log.info("%s: decoded as %s", name, TEXT_ENCODINGS[-1])
    return data.decode(TEXT_ENCODINGS[-1])  # latin-1 maps every byte, so this cannot fail
