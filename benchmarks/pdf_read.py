"""Seconds a PDF takes to read and parse, a page and in all, as the indexer reads it (layout, furniture,
typography, OCR where a page needs it): every PDF of the given folders, and a long generated protocol.

    .venv/bin/python -m benchmarks.pdf_read [FOLDER ...] [--pages 200] [--no-ocr]

The generated protocol repeats the samordningsförbund layout of tests/layout_pdfs.py (letterhead, running
header, bold '§ N' headings, footers) to `--pages` pages. Prints one line per PDF (wall seconds, and the CPU
seconds of this process, which a loaded machine inflates less; Tesseract's own processes are not in it) and the worst.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from index.parse.protocol import parse_file
from index.read import ocr


def long_protocol(path: Path, pages: int) -> None:
    """An invented protocol of `pages` pages, three § a page, with letterhead, page numbers and footers."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(60, 792, "Samordningsförbundet Norrhavet")
        pdf.setFont("Helvetica", 9)
        pdf.drawString(60, 776, "Protokoll styrelsen 2026-05-29")
        pdf.drawRightString(535, 792, f"Sida {page} av {pages}")
        y = 720
        for k in range(3):
            number = 3 * (page - 1) + k + 1
            pdf.setFont("Helvetica-Bold", 12)
            pdf.drawString(60, y, f"§ {number} Ärende {number}: insatser för unga vuxna")
            pdf.setFont("Helvetica", 11)
            for row in range(8):
                pdf.drawString(60, y - 20 - 15 * row, "Förbundschefen redovisar läget i insatsen och styrelsen för en diskussion.")
            pdf.drawString(60, y - 150, "Styrelsen beslutar att lägga redovisningen till handlingarna.")
            y -= 200
        pdf.setFont("Helvetica", 8)
        pdf.drawString(60, 40, "Justerandes sign")
        pdf.drawString(300, 40, "Utdragsbestyrkande")
        pdf.showPage()
    pdf.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=200, help="pages of the generated protocol")
    parser.add_argument("--no-ocr", action="store_true", help="read text layers only (as without Tesseract)")
    args = parser.parse_args()
    if args.no_ocr:
        ocr.available = lambda: False
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as folder:
        generated = Path(folder) / f"generated-{args.pages}.pdf"
        long_protocol(generated, args.pages)
        paths = [generated] + sorted(p for f in args.folders for p in f.rglob("*.pdf"))
        worst = (0.0, "")
        for path in paths:
            pages = len(pdfium.PdfDocument(str(path)))
            started, cpu = time.perf_counter(), time.process_time()
            try:
                found = f"{len(parse_file(path).paragraphs)} §"
            except Exception as exc:  # a refused file is reported with its time
                found = f"refused ({type(exc).__name__})"
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            worst = max(worst, (seconds, path.name))
            print(f"{path.name:50s} {pages:4d} pages {seconds:7.2f} s {seconds / pages:6.3f} s/page "
                  f"(CPU of this process {cpu / pages:.3f} s/page)  {found}", flush=True)
        print(f"worst: {worst[1]} {worst[0]:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
