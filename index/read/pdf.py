"""PDF -> text, page by page through PDFium. Pages are joined by a form feed on a line of its own
(PAGE_BREAK), so the parser can give each § the page it starts on; a page left out (garbled,
unreadable scan) stays as an empty page, so the numbering holds. Pages without a text layer, or
with only garbage, are read by OCR (index/read/ocr.py); running headers and footers and broken
ligature maps are handled across pages (index/read/pages.py)."""

from __future__ import annotations

import logging
import re
import threading
import zlib
from concurrent.futures import Future

from index.read import ocr
from index.read.progress import Stage, report
from index.errors import UnreadableFile
from index.read import limits as caps
from index.read.limits import MB, MIN_TEXT_CHARS, ReadLimits
from index.read.pages import clean_page, is_garbled, repair_ligatures, strip_running_lines

log = logging.getLogger(__name__)

PAGE_BREAK = "\n\f\n"
# The start of a stream's data ('endstream' excluded).
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_STEP = 1 << 20
# PDFium is not thread-safe: an upload read by the server while another thread reads waits its turn.
_PDFIUM = threading.Lock()
_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")


def _check_streams(name: str, data: bytes) -> None:
    """Refuse a PDF with a Flate stream that inflates beyond MAX_STREAM_MB, or streams that inflate
    beyond MAX_INFLATED_MB together, measured by inflating them piecewise (memory stays at one
    step), before any PDF library holds one whole."""
    stream_limit, total_limit = caps.MAX_STREAM_MB * MB, caps.MAX_INFLATED_MB * MB
    total = 0
    for match in _STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        size, position = 0, match.end()
        try:
            while position < len(data) and not inflater.eof:
                size += len(inflater.decompress(data[position:position + _STEP], _STEP))
                while inflater.unconsumed_tail and size <= stream_limit and total + size <= total_limit:
                    size += len(inflater.decompress(inflater.unconsumed_tail, _STEP))
                if size > stream_limit:
                    raise UnreadableFile(name, f"a PDF stream inflates beyond {caps.MAX_STREAM_MB} MB (a decompression bomb?)")
                if total + size > total_limit:
                    raise UnreadableFile(name, f"the PDF's streams inflate beyond {caps.MAX_INFLATED_MB} MB (a decompression bomb?)")
                position += _STEP
        except zlib.error:
            pass  # not Flate data (an image codec, plain text): PDFium reads it as it is
        total += size


def pdf_text(name: str, data: bytes, limits: ReadLimits) -> str:
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
        with ocr.PageReader(name, count) as reader:
            # Text layers are read at once; scanned pages are queued for OCR, which reads them side by side.
            read = [_page_text(document[number - 1], name, number, count, reader) for number in range(1, count + 1)]
            pages = [_ocr_text(page.result(), name, number, count) if isinstance(page, Future) else page or ""
                     for number, page in enumerate(read, 1)]
        scanned = sum(page is None or isinstance(page, Future) for page in read)
        if sum(len(page) for page in pages) > limits.max_text_chars:
            raise UnreadableFile(name, limits.too_much_text())
    finally:
        document.close()
    if scanned and sum(len(p.strip()) for p in pages) < MIN_TEXT_CHARS:
        why = "OCR found no text" if ocr.available() else ocr.missing_reason()
        raise UnreadableFile(name, f"the PDF has no text layer (a scanned document?) and {why}")
    if scanned and not ocr.available():
        log.warning("%s: %d of %d pages have no text layer and %s; they are left out", name, scanned, count, ocr.missing_reason())
    return pages


def _page_text(page, name: str, number: int, count: int, reader: ocr.PageReader) -> str | Future | None:
    """One page's text; the OCR of it under way (a future) when it has no text layer or only garbage; None for
    such a page when OCR is not installed."""
    try:
        raw = page.get_textpage().get_text_range()
        has_text = len("".join(raw.split())) >= MIN_TEXT_CHARS
        garbled = has_text and is_garbled(raw)
        if has_text and not garbled:
            return clean_page(raw)
        if not has_text and not any(True for _ in page.get_objects()):
            return ""  # an empty page
        if garbled:
            log.warning("%s page %d of %d: the text layer is not readable (a broken font map)", name, number, count)
        return reader.submit(page, number) if ocr.available() else None
    finally:
        page.close()
        report(Stage.PAGES, number, count)


def _ocr_text(text: str, name: str, number: int, count: int) -> str:
    """What OCR read on a page, cleaned; '' when it is no readable text."""
    text = clean_page(text)
    if is_garbled(text):
        log.warning("%s page %d of %d: OCR found no readable text; page left out", name, number, count)
        return ""
    return text
