"""OCR of PDF pages with Tesseract's Swedish model, for scanned protocols and poor text layers.

Each page is rendered by PDFium (no system libraries needed) and handed to the `tesseract`
binary (Debian: tesseract-ocr, tesseract-ocr-swe; scripts/run.sh installs them), one process per
core reading pages side by side (`PageReader`). Tesseract gives its words with their boxes and its
lines (TSV), so a scanned page is read by layout like a page with a text layer (index/read/layout.py).
When the binary or its Swedish model is missing, `available()` says so and the reader refuses a scanned
PDF with that reason instead of indexing it empty.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO

from index.errors import UnreadableFile
from index.read.progress import Stage, report

log = logging.getLogger(__name__)

LANGUAGE = "swe"
# 300 dpi is what Tesseract is trained for; measured in README (OCR seconds per page).
DPI = 300
# A typeset page read again to correct its text layer is rendered sharp (no scanner's blur or skew): 200 dpi reads its
# 10-12 pt text as well, on half the pixels.
TYPESET_DPI = 200
# A page larger than four A4 pages at DPI is rendered smaller, so a huge page box cannot take
# gigabytes of memory (A4 at 300 dpi is 8.7 million pixels).
MAX_PIXELS = 4 * 2480 * 3508
# One page never holds the batch for ever: a clean A4 page takes seconds on an idle machine and
# took up to 115 s on 2 cores shared by a dozen busy processes.
PAGE_TIMEOUT_S = 300
# Tesseract's OpenMP threads spin against each other on a busy machine: one thread per page was
# 3x faster than all threads on 2 shared cores (README, OCR seconds per page). The cores are used
# by reading as many pages at once as there are cores instead, each by its own process.
_ENVIRONMENT = os.environ | {"OMP_THREAD_LIMIT": "1"}
WORKERS = os.cpu_count() or 1
# Rendered pages waiting for a Tesseract process, per worker: enough to keep every process busy while
# the next page renders, few enough that a long scan never sits in memory (an A4 page at DPI is 8.7 MB).
QUEUED_PER_WORKER = 2
# A page without a text layer is read by OCR only when something is drawn on it: rendered this coarsely (an A4
# page is 165 x 234 pixels, a few milliseconds), any pixel darker than INK_LEVEL of 255 is ink. Print, handwriting
# and scans all leave pixels far darker; a white fill, an empty scan frame or a blank form leave none.
INK_DPI = 20
INK_LEVEL = 230
INK_PIXELS = 1_000_000  # a huge page box is rendered smaller still


class OcrTimeout(UnreadableFile):
    """Tesseract took longer on a page than it was given: a scan is refused, a text layer's re-reading given up."""


@dataclass(frozen=True)
class OcrWord:
    """A word Tesseract read: its text, its box in points from the page's top left, its line and its confidence."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line
    confidence: float  # 0-100


@functools.cache
def available() -> bool:
    """True when the tesseract binary and its Swedish model are installed."""
    binary = shutil.which("tesseract")
    if not binary:
        return False
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.split()


def missing_reason() -> str:
    return f"OCR is not installed (Debian packages tesseract-ocr and tesseract-ocr-{LANGUAGE})"


class PageReader:
    """Reads the pages of one PDF `name` (of `count` pages) with up to `workers` (default WORKERS) Tesseract processes at once.
    A page is rendered when submitted, in the caller's thread (PDFium is not thread-safe), and read in the
    background; its future gives its text in whatever order the caller asks, and each page logs its progress
    as it is done. Use as a context manager: leaving it cancels the pages not yet started."""

    def __init__(self, name: str, count: int, workers: int | None = None) -> None:
        self.name, self.count = name, count
        workers = workers or WORKERS
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="paragraf-ocr")
        self._queued = threading.BoundedSemaphore(workers * QUEUED_PER_WORKER)
        self._counts = threading.Lock()
        self.submitted = self.done = 0  # scanned pages queued and read so far, for the progress shown (index/read/progress.py)

    def submit(self, page, number: int, dpi: int = DPI, seconds: float | None = None) -> Future[list[OcrWord]] | None:
        """Render page `number` (1-based) at `dpi` and queue it for Tesseract, which may take `seconds` on it
        (PAGE_TIMEOUT_S unless given; then its future raises OcrTimeout); waits while the queue is full. None for
        a page without ink (`has_ink`): every page OCR reads, scanned or read again, passes this one gate, so a
        thousand white fills cost milliseconds, not seconds each."""
        if not has_ink(page):
            return None
        self._queued.acquire()
        try:
            image, scale = _render(page, dpi)
        except BaseException:
            self._queued.release()
            raise
        with self._counts:
            self.submitted += 1
        return self._pool.submit(self._read, image, scale, number, seconds)

    def _read(self, image: bytes, scale: float, number: int, seconds: float | None) -> list[OcrWord]:
        try:
            return words_of(_recognise(image, self.name, number, self.count, seconds), scale)
        finally:
            self._queued.release()
            with self._counts:
                self.done += 1
                done, submitted = self.done, self.submitted
            report(Stage.OCR, done, submitted)

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def has_ink(page) -> bool:
    """True when a rendering of the page shows anything darker than white paper (see INK_DPI)."""
    width, height = page.get_size()
    scale = min(INK_DPI / 72, (INK_PIXELS / max(width * height, 1)) ** 0.5)
    darkest, _ = page.render(scale=scale, grayscale=True).to_pil().convert("L").getextrema()
    return darkest < INK_LEVEL


def _render(page, dpi: int = DPI) -> tuple[bytes, float]:
    """The page as an uncompressed grey image (PNM: no encoding time, and Tesseract reads it), and its pixels per point."""
    width, height = page.get_size()
    scale = min(dpi / 72, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
    buffer = BytesIO()
    page.render(scale=scale, grayscale=True).to_pil().save(buffer, format="PPM")
    return buffer.getvalue(), scale


def words_of(tsv: str, scale: float) -> list[OcrWord]:
    """Tesseract's TSV as words, their boxes in points (`scale` pixels a point), in Tesseract's reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, paragraph, line, left, top, width, height = (int(c) for c in (cells[2], cells[3], cells[4], *cells[6:10]))
        words.append(OcrWord(cells[11].strip(), left / scale, (left + width) / scale, top / scale, (top + height) / scale,
                             (block, paragraph, line), float(cells[10])))
    return words


def _recognise(image: bytes, name: str, number: int, count: int, seconds: float | None = None) -> str:
    """Tesseract's words for page `number` of `count` of the PDF `name`, as TSV (a header line only when it finds
    none). A page Tesseract fails on refuses the file: nothing is indexed half."""
    started, seconds = time.monotonic(), seconds or PAGE_TIMEOUT_S
    try:
        done = subprocess.run(
            [shutil.which("tesseract") or "tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
            input=image, capture_output=True, timeout=seconds, env=_ENVIRONMENT,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrTimeout(name, f"OCR of page {number} took over {seconds:g} s") from exc
    if done.returncode != 0:
        raise UnreadableFile(name, f"OCR of page {number} failed ({done.stderr.decode('utf-8', 'replace').strip()[-120:]})")
    log.info("%s page %d of %d: OCR in %.1f s", name, number, count, time.monotonic() - started)
    return done.stdout.decode("utf-8", "replace")
