"""PDF -> text and layout, page by page through PDFium.

Each page is read as styled lines in page order (index/read/layout.py). Pages without a text layer, or
with only garbage, are read by OCR (index/read/ocr.py) as lines of words too; a page whose text layer
the Swedish dictionary finds poor (index/read/quality.py) is read by OCR as well and corrected
(index/read/reread.py). Across pages, running headers and footers are found by their place
(index/read/furniture.py) and headings by their typography (index/read/styles.py); broken ligature
maps and leftover repeated lines are handled as text (index/read/pages.py). Pages are joined by a form
feed on a line of its own (PAGE_BREAK), so the parser can give each § the page it starts on; a page
left out (garbled, unreadable scan) stays as an empty page, so the numbering holds."""

from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import Future
from dataclasses import dataclass, replace

from index.read.progress import Stage, report
from index.errors import UnreadableFile
from index.read import ocr, quality, reread
from index.read.furniture import strip_running_lines as strip_layout_furniture
from index.read.layout import PageLayout, ocr_layout, page_layout
from index.read.limits import MIN_TEXT_CHARS, ReadLimits
from index.read.pages import clean_page, is_garbled, repair_ligatures, strip_running_lines
from index.read.reading import Reading
from index.read.streams import check_streams
from index.read.styles import line_looks, styled_headings

log = logging.getLogger(__name__)

PAGE_BREAK = "\n\f\n"
# PDFium is not thread-safe: an upload read by the server while another thread reads waits its turn.
_PDFIUM = threading.Lock()
_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]{0,4096}/Count\s+0\b|/Count\s+0\b[^>]{0,4096}/Type\s*/Pages\b")


def pdf_reading(name: str, data: bytes, limits: ReadLimits) -> Reading:
    """A PDF's text page by page, with the headings its typography shows and the pages OCR read again. Every stream
    PDFium would decode is checked first (index/read/streams.py): a decompression bomb is refused before it is read."""
    check_streams(name, data)
    with _PDFIUM:
        pages = _pdf_pages(name, data, limits)
    laid_out = strip_layout_furniture([page.layout or _EMPTY for page in pages])
    texts = repair_ligatures(["\n".join(clean_page(line.text) for line in lines) for lines in laid_out])
    lines = [text.split("\n") for text in texts]
    typeset = [kept if page.typeset else [] for page, kept in zip(pages, laid_out)]
    headings = styled_headings(typeset, lines)
    reread = tuple(page.number for page in pages if page.reread)
    if reread:
        log.info("%s: pages %s read again by OCR (their text layer was poor)", name, ", ".join(map(str, reread)))
    return Reading(PAGE_BREAK.join(strip_running_lines(texts)), tuple(headings), reread, tuple(line_looks(typeset, lines)))


@dataclass
class _Page:
    """One page as read: its lines (from its text layer, or from OCR), whether its fonts are known, and how OCR read it."""

    number: int
    width: float
    height: float
    layout: PageLayout | None = None
    typeset: bool = False  # read from a text layer: fonts and sizes are known
    scanned: bool = False  # no text layer (or only garbage): OCR reads it, when installed
    reread: bool = False  # a poor text layer corrected by OCR
    score: float | None = None  # how sound its text layer reads (index/read/quality.py); None: not judged


_EMPTY = PageLayout(0, 1.0, 1.0, ())


def _pdf_pages(name: str, data: bytes, limits: ReadLimits) -> list[_Page]:
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
            # Text layers are read at once and scanned pages queued for OCR, which reads them side by side; then the
            # poorest text layers (at most limits.max_reread_pages, each within limits.reread_seconds) are queued too.
            read = [_read_page(document[number - 1], name, number, count, reader) for number in range(1, count + 1)]
            futures = {page.number: future for page, future in read if future is not None}
            for page in _poorest([page for page, _ in read], limits.max_reread_pages) if ocr.available() else []:
                future = _submit_reread(document, page, reader, limits.reread_seconds)
                if future is not None:
                    futures[page.number] = future
            pages = [_settled(page, futures.get(page.number), name, count) for page, _ in read]
        scanned = sum(page.scanned for page in pages)
        if sum(len(page.layout.text) for page in pages if page.layout) > limits.max_text_chars:
            raise UnreadableFile(name, limits.too_much_text())
    finally:
        document.close()
    text = sum(len(p.layout.text.strip()) for p in pages if p.layout)
    if not scanned and text < MIN_TEXT_CHARS:
        raise UnreadableFile(name, "the PDF's pages are blank (no text layer, and nothing drawn on them for OCR to read)")
    if scanned and text < MIN_TEXT_CHARS:
        why = "OCR found no text" if ocr.available() else ocr.missing_reason()
        raise UnreadableFile(name, f"the PDF has no text layer (a scanned document?) and {why}")
    if scanned and not ocr.available():
        log.warning("%s: %d of %d pages have no text layer and %s; they are left out", name, scanned, count, ocr.missing_reason())
    return pages


def _read_page(page, name: str, number: int, count: int, reader: ocr.PageReader) -> tuple[_Page, Future | None]:
    """One page's layout and how sound its text layer reads, and the OCR of it under way (a future) when it has no
    text layer or only garbage."""
    try:
        width, height = page.get_size()
        layout = page_layout(page, number)
        raw = clean_page(layout.text)
        has_text = len("".join(raw.split())) >= MIN_TEXT_CHARS
        garbled = has_text and is_garbled(raw)
        if has_text and not garbled:
            return _Page(number, width, height, layout, typeset=not layout.hidden, score=quality.score(raw)), None
        if not has_text and not any(True for _ in page.get_objects()):
            return _Page(number, width, height), None  # an empty page
        if garbled:
            log.warning("%s page %d of %d: the text layer is not readable (a broken font map)", name, number, count)
        if not ocr.available():
            return _Page(number, width, height, scanned=True), None
        future = reader.submit(page, number)
        # A page with nothing on it darker than paper (a white fill, an empty frame) is no scan: nothing to read.
        return (_Page(number, width, height, scanned=True), future) if future else (_Page(number, width, height), None)
    finally:
        page.close()
        report(Stage.PAGES, number, count)


def _poorest(pages: list[_Page], most: int) -> list[_Page]:
    """The pages whose text layer reads poorly (index/read/quality.py), the poorest first, at most `most`."""
    poor = [page for page in pages if page.layout is not None and quality.poor(page.score, page.layout.hidden)]
    return sorted(poor, key=lambda page: page.score or 0.0)[:most]


def _submit_reread(document, page: _Page, reader: ocr.PageReader, seconds: float) -> Future | None:
    """Queue a poor text layer's page for OCR: a scan under its own OCR layer at full resolution, a sharp typeset
    page at TYPESET_DPI."""
    pdf_page = document[page.number - 1]
    try:
        dpi = ocr.DPI if page.layout is not None and page.layout.hidden else ocr.TYPESET_DPI
        return reader.submit(pdf_page, page.number, dpi, seconds)
    finally:
        pdf_page.close()


def _settled(page: _Page, future: Future | None, name: str, count: int) -> _Page:
    """The page with OCR's reading where there is one: in place of a missing or garbled text layer, or correcting
    a poor text layer where that scores better."""
    if future is None:
        return page
    try:
        words = future.result()
    except ocr.OcrTimeout as exc:
        if page.layout is None:
            raise  # a scan OCR cannot read in time is refused: nothing is indexed half
        log.warning("%s: %s; the page keeps its own text layer", name, exc.reason)
        return page
    read = ocr_layout(words, page.number, page.width, page.height)
    if page.layout is None:
        if is_garbled(clean_page(read.text)):
            log.warning("%s page %d of %d: OCR found no readable text; page left out", name, page.number, count)
            return page
        return replace(page, layout=read)
    # A scan's own OCR layer is replaced whole by the better reading; a typeset page keeps its layout, its
    # unsound words corrected by OCR's.
    fixed = read if page.layout.hidden else reread.corrected(page.layout, words)[0]
    if fixed is not page.layout and quality.better(clean_page(fixed.text), clean_page(page.layout.text)):
        return replace(page, layout=fixed, reread=True)
    return page
