"""File -> text. Each format through its library; every failure becomes an UnreadableFile
that names the file and the reason, so one bad file never stops a batch."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from index.errors import UnreadableFile

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
# Checked before a file is read: far above any real protocol (the corpus: 7-20 KB), far below
# what embedding could finish (a few MB of text already take minutes), so a stray export or log
# is refused at once with a reason instead of holding the batch for hours.
MAX_FILE_MB = 10
# Swedish archives are full of files saved by old Windows tools.
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
MIN_TEXT_CHARS = 20
# Control bytes other than tab, line breaks and form feed: ~11 % of random binary data, ~0 in text.
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
MAX_CONTROL_SHARE = 0.05


def read_text(path: Path) -> str:
    """Return the text of a protocol file or raise UnreadableFile with a reason a person understands."""
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
    readers = {".txt": _decode_text, ".md": _decode_text, ".pdf": _pdf_text, ".docx": _docx_text}
    text = readers[suffix](path, data)
    if len(text.strip()) < MIN_TEXT_CHARS:
        if suffix == ".pdf":
            raise UnreadableFile(path.name, "the PDF has no text layer (a scanned document?); run OCR first")
        raise UnreadableFile(path.name, "the file contains no readable text")
    return text


def _decode_text(path: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(path.name, "broken UTF-16 text") from exc
    head = data[:4096]
    if b"\x00" in head or len(head) - len(head.translate(None, CONTROL_BYTES)) > MAX_CONTROL_SHARE * len(head):
        raise UnreadableFile(path.name, "binary content in a text file (wrong extension?)")
    for encoding in TEXT_ENCODINGS[:-1]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != TEXT_ENCODINGS[0]:
            log.info("%s: decoded as %s", path.name, encoding)
        return text
    log.info("%s: decoded as %s", path.name, TEXT_ENCODINGS[-1])
    return data.decode(TEXT_ENCODINGS[-1])  # latin-1 maps every byte, so this cannot fail


def _pdf_text(path: Path, data: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # pypdf raises several types here
                raise UnreadableFile(path.name, "the PDF is encrypted") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableFile(path.name, f"corrupt PDF ({type(exc).__name__})") from exc
    # A form feed keeps page boundaries visible to the furniture filter.
    return "\n\f\n".join(pages)


def _docx_text(path: Path, data: bytes) -> str:
    from io import BytesIO
    from zipfile import BadZipFile

    import docx

    try:
        document = docx.Document(BytesIO(data))
    except (BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(path.name, f"corrupt DOCX ({type(exc).__name__})") from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
