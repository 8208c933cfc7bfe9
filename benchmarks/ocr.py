"""OCR seconds per page: every page without a text layer in the given PDFs, read as the indexer
reads it (PDFium render at index.read.ocr.DPI, Tesseract's Swedish model, one process per core reading
a PDF's pages side by side): wall-clock seconds of all pages over their number.

    .venv/bin/python -m benchmarks.ocr FOLDER [--max-pages 20] [--workers N]

Without a folder it draws one invented protocol page (reportlab, from the dev extra) and scans it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from index.read import ocr
from index.read.limits import MIN_TEXT_CHARS


def _invented_scan(folder: Path) -> Path:
    """One invented protocol page drawn as text, then kept only as an image (a scan)."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    drawn, scanned = folder / "drawn.pdf", folder / "scanned.pdf"
    pdf = canvas.Canvas(str(drawn), pagesize=A4)
    lines = ["Samordningsförbundet Vintersjö", "Protokoll, styrelsen 2025-11-20", ""]
    for number in range(1, 9):
        lines += [f"§ {number} Ärende {number}", "Styrelsen beslutar att bevilja 120 000 kronor till projektet Steget vidare.", ""]
    for row, line in enumerate(lines):
        pdf.drawString(60, A4[1] - 60 - 16 * row, line)
    pdf.save()
    pdfium.PdfDocument(drawn)[0].render(scale=200 / 72, grayscale=True).to_pil().save(scanned, format="PDF", resolution=200)
    return scanned


def measure(paths: list[Path], max_pages: int, workers: int) -> tuple[int, float]:
    """(pages read, wall seconds): each PDF's scanned pages read by one PageReader, as the indexer reads them."""
    import pypdfium2 as pdfium

    pages, started = 0, time.perf_counter()
    for path in paths:
        document = pdfium.PdfDocument(path)
        with ocr.PageReader(path.name, len(document), workers) as reader:
            futures = []
            for index in range(len(document)):
                if pages + len(futures) >= max_pages:
                    break
                page = document[index]
                if len("".join(page.get_textpage().get_text_range().split())) < MIN_TEXT_CHARS:
                    futures.append(reader.submit(page, index + 1))
            for future in futures:
                future.result()
        pages += len(futures)
        if pages >= max_pages:
            break
    return pages, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="OCR seconds per page on scanned PDFs.")
    parser.add_argument("folder", nargs="?", type=Path, help="PDFs to read (default: one invented scanned page)")
    parser.add_argument("--max-pages", type=int, default=20, help="stop after this many scanned pages")
    parser.add_argument("--workers", type=int, default=ocr.WORKERS, help="Tesseract processes at once (default: the cores)")
    args = parser.parse_args()
    if not ocr.available():
        sys.exit(ocr.missing_reason())
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(args.folder.rglob("*.pdf")) if args.folder else [_invented_scan(Path(tmp))]
        pages, seconds = measure(paths, args.max_pages, args.workers)
    if not pages:
        sys.exit("no page without a text layer found")
    load = os.getloadavg()[0]
    print(f"OCR at {ocr.DPI} dpi on {os.cpu_count()} cores, {args.workers} Tesseract processes: {pages} pages in "
          f"{seconds:.1f} s, {seconds / pages:.1f} s/page (1-minute load average at the end {load:.1f})")


if __name__ == "__main__":
    main()
