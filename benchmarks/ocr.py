"""OCR seconds per page: every page without a text layer in the given PDFs, read as the indexer
reads it (PDFium render at index.ocr.DPI, Tesseract's Swedish model).

    .venv/bin/python -m benchmarks.ocr FOLDER [--max-pages 20]

Without a folder it draws one invented protocol page (reportlab, from the dev extra) and scans it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from index import ocr
from index.limits import MIN_TEXT_CHARS


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


def measure(paths: list[Path], max_pages: int) -> list[float]:
    import pypdfium2 as pdfium

    seconds: list[float] = []
    for path in paths:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            if len(seconds) >= max_pages:
                return seconds
            page = document[index]
            if len("".join(page.get_textpage().get_text_range().split())) < MIN_TEXT_CHARS:
                started = time.perf_counter()
                ocr.read_page(page, path.name, index + 1, len(document))
                seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description="OCR seconds per page on scanned PDFs.")
    parser.add_argument("folder", nargs="?", type=Path, help="PDFs to read (default: one invented scanned page)")
    parser.add_argument("--max-pages", type=int, default=20, help="stop after this many scanned pages")
    args = parser.parse_args()
    if not ocr.available():
        sys.exit(ocr.missing_reason())
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(args.folder.rglob("*.pdf")) if args.folder else [_invented_scan(Path(tmp))]
        seconds = measure(paths, args.max_pages)
    if not seconds:
        sys.exit("no page without a text layer found")
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"OCR at {ocr.DPI} dpi on {os.cpu_count()} cores: {len(seconds)} pages, "
          f"median {statistics.median(seconds):.1f} s/page, p95 {p95:.1f} s, mean {statistics.fmean(seconds):.1f} s")


if __name__ == "__main__":
    main()
