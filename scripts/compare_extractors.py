"""Compare PDF text extractors (pypdf, pypdfium2, pdfminer.six) on a folder of PDFs.

    python scripts/compare_extractors.py FOLDER [FOLDER ...]

For each extractor: seconds per page over the PDFs that have a text layer, characters found,
ligatures left as code points (ﬁ, ﬀ: search cannot find 'finansiering' in 'ﬁnansiering'),
characters that are not text (private-use glyphs, U+FFFD, pdfminer's '(cid:N)', control bytes),
and, on an invented protocol the script draws itself with a two-column form grid (label left, value right, as in a protocol's header box), the share of
labels whose value follows on the same or the next line (reading order). Needs the three
libraries and reportlab installed; prints a Markdown table.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

GRID = [
    ("Sammanträdesdatum", "2025-11-20"),
    ("Plats", "Kommunhuset i Vintersjö"),
    ("Beslutande", "Tove Lindqvist, Maja Berg, Sune Ek"),
    ("Sekreterare", "Alva Holm"),
    ("Justerare", "Maja Berg"),
]
LIGATURES = re.compile(r"[\ufb00-\ufb06]")
JUNK = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0e-\x1f]|\(cid:\d+\)")


def pypdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdfium_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def pdfminer_pages(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    pages = extract_text(path).split("\f")
    return pages[:-1] if len(pages) > 1 and not pages[-1].strip() else pages  # it ends every page with a form feed


EXTRACTORS = {"pypdf": pypdf_pages, "pypdfium2": pdfium_pages, "pdfminer.six": pdfminer_pages}


def draw_grid_protocol(path: Path) -> None:
    """An invented protocol page: a header grid in two columns, then a § with a decision."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    for row, (label, value) in enumerate(GRID):
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(60, height - 80 - 30 * row, label)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(220, height - 80 - 30 * row, value)
        pdf.rect(55, height - 88 - 30 * row, 480, 26)
    pdf.drawString(60, height - 260, "§ 4 Projektet Steget vidare")
    pdf.drawString(60, height - 280, "Styrelsen beviljar 450 000 kronor för 2026.")
    pdf.save()


def reading_order(text: str) -> float:
    """Share of grid labels whose value is on the same line or the next non-empty line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    hits = 0
    for label, value in GRID:
        at = next((i for i, line in enumerate(lines) if label in line), None)
        hits += at is not None and value in " ".join(lines[at:at + 2])
    return hits / len(GRID)


def main(folders: list[Path]) -> None:
    files = sorted(p for folder in folders for p in folder.rglob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        grid = Path(tmp) / "grid.pdf"
        draw_grid_protocol(grid)
        print(f"{len(files)} PDFs in {', '.join(map(str, folders))}\n")
        print("| extractor | text PDFs | pages | s/page (median per file) | s/page (total) | characters | ligatures left as ﬁ/ﬀ | other non-text characters | form grid in reading order |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name, extract in EXTRACTORS.items():
            pages = chars = ligatures = junk = read = 0
            seconds, per_file = 0.0, []
            for path in files:
                started = time.perf_counter()
                try:
                    texts = extract(path)
                except Exception as exc:  # a library's own failure counts as nothing read
                    print(f"{name}: {path.name}: {type(exc).__name__}", file=sys.stderr)
                    continue
                elapsed = time.perf_counter() - started
                if sum(len(t.strip()) for t in texts) < 20 * len(texts):
                    continue  # a scan: no text layer to compare
                read += 1
                pages += len(texts)
                seconds += elapsed
                per_file.append(elapsed / len(texts))
                joined = "".join(texts)
                chars += len(joined)
                ligatures += len(LIGATURES.findall(joined))
                junk += len(JUNK.findall(joined))
            order = reading_order("\n".join(extract(grid)))
            median = statistics.median(per_file) if per_file else float("nan")
            print(f"| {name} | {read} | {pages} | {median:.4f} | {seconds / max(pages, 1):.4f} | {chars} | {ligatures} | {junk} | {order:.0%} |")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]] or [Path(".")])
