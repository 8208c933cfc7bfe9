"""OCR of one PDF page with Tesseract's Swedish model, for scanned protocols.

The page is rendered by PDFium (no system libraries needed) and handed to the `tesseract`
binary (Debian: tesseract-ocr, tesseract-ocr-swe; scripts/run.sh installs them). When the
binary or its Swedish model is missing, `available()` says so and the reader refuses a scanned
PDF with that reason instead of indexing it empty.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import time
from io import BytesIO

from index.errors import UnreadableFile

log = logging.getLogger(__name__)

LANGUAGE = "swe"
# 300 dpi is what Tesseract is trained for; measured in README (OCR seconds per page).
DPI = 300
# A page larger than four A4 pages at DPI is rendered smaller, so a huge page box cannot take
# gigabytes of memory (A4 at 300 dpi is 8.7 million pixels).
MAX_PIXELS = 4 * 2480 * 3508
# One page never holds the batch for ever: a clean A4 page takes seconds on an idle machine and
# took up to 115 s on 2 cores shared by a dozen busy processes.
PAGE_TIMEOUT_S = 300
# Tesseract's OpenMP threads spin against each other on a busy machine: one thread per page was
# 3x faster than all threads on 2 shared cores (README, OCR seconds per page).
_ENVIRONMENT = os.environ | {"OMP_THREAD_LIMIT": "1"}


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


def read_page(page, name: str, number: int, count: int) -> str:
    """Render page `number` (1-based, of `count`) of the PDF `name` and return Tesseract's text for
    it ('' when it finds none). A page Tesseract fails on refuses the file: nothing is indexed half."""
    width, height = page.get_size()
    scale = min(DPI / 72, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
    image = page.render(scale=scale, grayscale=True).to_pil()
    buffer = BytesIO()
    image.save(buffer, format="PPM")  # uncompressed: no encoding time; Tesseract reads PNM
    started = time.monotonic()
    try:
        done = subprocess.run(
            [shutil.which("tesseract") or "tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", "3"],
            input=buffer.getvalue(), capture_output=True, timeout=PAGE_TIMEOUT_S, env=_ENVIRONMENT,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(name, f"OCR of page {number} took over {PAGE_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        raise UnreadableFile(name, f"OCR of page {number} failed ({done.stderr.decode('utf-8', 'replace').strip()[-120:]})")
    log.info("%s page %d of %d: OCR in %.1f s", name, number, count, time.monotonic() - started)
    # Tesseract ends each page with a form feed; pages are joined by the reader.
    return done.stdout.decode("utf-8", "replace").replace("\f", "")
