"""File -> text. Each format through its library; every failure becomes an UnreadableFile
that names the file and the reason, so one bad file never stops a batch.

PDF pages come back separated by a form feed on a line of its own ('\\n\\f\\n'), so the parser
can give each § the page it starts on; text and DOCX files have no form feed. Limits on the
text a file may expand to (characters, PDF pages, decompressed stream size) refuse
decompression bombs before they cost memory."""

from __future__ import annotations

import codecs
import logging
import re
import threading
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from index import ocr
from index.errors import UnreadableFile
from index.pages import clean_page, is_garbled, repair_ligatures, strip_running_lines

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
PAGE_BREAK = "\n\f\n"
# Checked before a file is read: far above any real protocol (the corpus: 7-20 KB), far below
# what embedding could finish (a few MB of text already take minutes), so a stray export or log
# is refused at once with a reason instead of holding the batch for hours.
MAX_FILE_MB = 10
# About 700 dense pages: above a council protocol with its attachments, far below the 43 MB a
# 256 KB DOCX can hold. Text beyond it is refused, not truncated (nothing indexed half).
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 1000
# One PDF stream decompressed: a page's drawing instructions take kilobytes, a 300 dpi A4 scan
# image 9-26 MB; a stream beyond this is a decompression bomb.
MAX_STREAM_MB = 100
# All members of a DOCX together, uncompressed, as the zip directory declares them.
MAX_DOCX_UNZIPPED_MB = 200
# Swedish archives are full of files saved by old Windows tools.
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
MIN_TEXT_CHARS = 20
# Control bytes other than tab, line breaks and form feed: ~11 % of random binary data, ~0 in text.
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
MAX_CONTROL_SHARE = 0.05
MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """How much text one file may expand to (assistant/settings.py reads them from PARAGRAF_*)."""

    max_text_chars: int = MAX_TEXT_CHARS
    max_pdf_pages: int = MAX_PDF_PAGES


def read_text(path: Path, limits: ReadLimits = ReadLimits()) -> str:
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
    try:
        text = readers[suffix](path.name, data, limits)
    except UnreadableFile:
        raise
    except MemoryError as exc:
        raise UnreadableFile(path.name, "too large to read in memory") from exc
    except Exception as exc:  # a reader library's own error: the file is refused, the batch goes on
        log.debug("%s: reader failed", path.name, exc_info=True)
        raise UnreadableFile(path.name, f"cannot be read as {suffix[1:].upper()} ({type(exc).__name__}: {str(exc)[:120]})") from exc
    if len(text) > limits.max_text_chars:
        raise UnreadableFile(path.name, _too_much_text(limits))
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise UnreadableFile(path.name, "the file contains no readable text")
    return text


def _too_much_text(limits: ReadLimits) -> str:
    return f"more than {limits.max_text_chars:,} characters of text (limit PARAGRAF_MAX_TEXT_CHARS; a compressed bomb or not a protocol?)"


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


# --- PDF ------------------------------------------------------------------------------------

# The start of a stream's data ('endstream' excluded).
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_STEP = 1 << 20
# PDFium is not thread-safe: an upload read by the server while another thread reads waits its turn.
_PDFIUM = threading.Lock()
_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")


def _check_streams(name: str, data: bytes) -> None:
    """Refuse a PDF with a Flate stream that inflates beyond MAX_STREAM_MB, measured by inflating
    it piecewise (memory stays at one step), before any PDF library holds it whole."""
    limit = MAX_STREAM_MB * MB
    for match in _STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        size, position = 0, match.end()
        try:
            while position < len(data) and not inflater.eof:
                size += len(inflater.decompress(data[position:position + _STEP], _STEP))
                while inflater.unconsumed_tail and size <= limit:
                    size += len(inflater.decompress(inflater.unconsumed_tail, _STEP))
                if size > limit:
                    raise UnreadableFile(name, f"a PDF stream inflates beyond {MAX_STREAM_MB} MB (a decompression bomb?)")
                position += _STEP
        except zlib.error:
            continue  # not Flate data (an image codec, plain text): PDFium reads it as it is


def _pdf_text(name: str, data: bytes, limits: ReadLimits) -> str:
    _check_streams(name, data)
    with _PDFIUM:
        pages = _pdf_pages(name, data, limits)
    return PAGE_BREAK.join(strip_running_lines(repair_ligatures(pages)))


def _pdf_pages(name: str, data: bytes, limits: ReadLimits) -> list[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:  # its error code can be stale from an earlier file: read the bytes
        if b"/Encrypt" in data:
            raise UnreadableFile(name, "the PDF is encrypted (it needs a password)") from exc
        if _NO_PAGES.search(data):
            raise UnreadableFile(name, "the PDF has no pages") from exc
        raise UnreadableFile(name, "corrupt PDF (its structure cannot be loaded)") from exc
    try:
        count = len(document)
        if count == 0:
            raise UnreadableFile(name, "the PDF has no pages")
        if count > limits.max_pdf_pages:
            raise UnreadableFile(name, f"{count} pages, more than {limits.max_pdf_pages} (limit PARAGRAF_MAX_PDF_PAGES)")
        pages, total, scanned = [], 0, 0
        for number in range(1, count + 1):
            text, needed_ocr = _page_text(document[number - 1], name, number, count)
            scanned += needed_ocr
            total += len(text)
            if total > limits.max_text_chars:
                raise UnreadableFile(name, _too_much_text(limits))
            pages.append(text)
    finally:
        document.close()
    if scanned and sum(len(p.strip()) for p in pages) < MIN_TEXT_CHARS:
        why = "OCR found no text" if ocr.available() else ocr.missing_reason()
        raise UnreadableFile(name, f"the PDF has no text layer (a scanned document?) and {why}")
    if scanned and not ocr.available():
        log.warning("%s: %d of %d pages have no text layer and %s; they are left out", name, scanned, count, ocr.missing_reason())
    return pages


def _page_text(page, name: str, number: int, count: int) -> tuple[str, bool]:
    """One page's text, OCR'd when it has no text layer or only garbage; and whether it needed OCR."""
    label = f"{name} page {number} of {count}"
    try:
        raw = page.get_textpage().get_text_range()
        has_text = len("".join(raw.split())) >= MIN_TEXT_CHARS
        garbled = has_text and is_garbled(raw)
        if has_text and not garbled:
            return clean_page(raw), False
        if not has_text and not any(True for _ in page.get_objects()):
            return "", False  # an empty page
        if garbled:
            log.warning("%s: the text layer is not readable (a broken font map)", label)
        text = clean_page(ocr.read_page(page, name, number, count)) if ocr.available() else ""
        if is_garbled(text):
            log.warning("%s: OCR found no readable text; page left out", label)
            text = ""
        return text, True
    finally:
        page.close()


# --- DOCX -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Office writes a text box twice, a modern version and a fallback drawing: read the first only.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_INLINE = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


def _docx_text(name: str, data: bytes, limits: ReadLimits) -> str:
    """Paragraphs and table rows (cells joined by tabs) in document order, read as a stream so a
    huge document is refused at the character limit instead of being built in memory."""
    from zipfile import BadZipFile, ZipFile

    from lxml import etree

    try:
        archive = ZipFile(BytesIO(data))
    except BadZipFile as exc:
        raise UnreadableFile(name, "corrupt DOCX (not a zip archive)") from exc
    with archive:
        unzipped = sum(member.file_size for member in archive.infolist())
        if unzipped > MAX_DOCX_UNZIPPED_MB * MB:
            raise UnreadableFile(name, f"the DOCX unpacks to {unzipped / MB:,.0f} MB, more than {MAX_DOCX_UNZIPPED_MB} MB (a zip bomb?)")
        try:
            stream = archive.open("word/document.xml")
        except KeyError as exc:
            raise UnreadableFile(name, "corrupt DOCX (no word/document.xml)") from exc
        lines: list[str] = []
        paragraphs: list[list[str]] = []  # text runs of the open paragraphs (text boxes nest them)
        cells: list[list[str]] = []  # paragraphs of the open table cells
        rows: list[list[str]] = []  # cells of the open table rows
        skipping = total = 0
        try:
            for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True):
                tag = element.tag
                if tag == _FALLBACK:
                    skipping += 1 if event == "start" else -1
                if skipping or event == "start" and tag not in (f"{_W}p", f"{_W}tc", f"{_W}tr"):
                    continue
                if event == "start":
                    {f"{_W}p": paragraphs, f"{_W}tc": cells, f"{_W}tr": rows}[tag].append([])
                elif tag == f"{_W}t" and paragraphs:
                    paragraphs[-1].append(element.text or "")
                    total += len(element.text or "")
                    if total > limits.max_text_chars:
                        raise UnreadableFile(name, _too_much_text(limits))
                elif tag in _INLINE and paragraphs:
                    paragraphs[-1].append(_INLINE[tag])
                elif tag == f"{_W}p" and paragraphs:
                    (cells[-1] if cells else lines).append("".join(paragraphs.pop()))
                elif tag == f"{_W}tc" and cells:
                    rows[-1].append("\n".join(cells.pop()))
                elif tag == f"{_W}tr" and rows:
                    (cells[-1] if cells else lines).append("\t".join(rows.pop()))
                if event == "end" and tag in (f"{_W}p", f"{_W}tbl"):
                    element.clear()  # what is read is let go: memory stays at one paragraph
        except etree.XMLSyntaxError as exc:
            raise UnreadableFile(name, f"corrupt DOCX (broken XML: {str(exc)[:80]})") from exc
    return "\n".join(lines)
