"""Compare layout extractors, PDFium's text page (pypdfium2's raw API, as index/read/layout.py reads it) and
pdfplumber (pdfminer.six), on real PDFs and on the invented layouts of tests/layout_pdfs.py.

    python scripts/compare_layout_extractors.py FOLDER [FOLDER ...]

For each: seconds per page (characters with position, font size and font name, grouped into words), and on
the invented layouts, the share of their § heading lines whose first word each reads as bold and larger or
as bold (the typography the parser weighs). Needs pdfplumber installed beside the project (it is not a
dependency); prints a Markdown table.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from index.read.layout import BOLD_NAME_PARTS, page_layout  # noqa: E402


def pdfium_words(path: Path) -> tuple[int, list[list[tuple[str, bool]]]]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    pages = [page_layout(document[i], i + 1) for i in range(len(document))]
    return len(pages), [[(line.words[0].text, line.words[0].style.bold) for line in page.lines] for page in pages]


def plumber_words(path: Path) -> tuple[int, list[list[tuple[str, bool]]]]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
            lines: dict[int, list[dict]] = {}
            for word in words:
                lines.setdefault(round(word["bottom"]), []).append(word)
            out.append([(min(ws, key=lambda w: w["x0"])["text"],
                         any(p in min(ws, key=lambda w: w["x0"])["fontname"].lower() for p in BOLD_NAME_PARTS))
                        for _, ws in sorted(lines.items())])
        return len(pdf.pages), out


def seconds_per_page(read, paths: list[Path]) -> float:
    rates = []
    for path in paths:
        started = time.perf_counter()
        try:
            pages, _ = read(path)
        except Exception:  # an extractor that cannot read a file is left out of its timing
            continue
        if pages:
            rates.append((time.perf_counter() - started) / pages)
    return statistics.median(rates) if rates else float("nan")


def heading_share(read) -> float:
    """The share of the invented layouts' § heading lines whose first word the extractor reads as bold."""
    from layout_pdfs import LAYOUTS

    found = total = 0
    with tempfile.TemporaryDirectory() as folder:
        for layout in LAYOUTS:
            path = Path(folder) / f"{layout.name}.pdf"
            layout.draw(path)
            _, pages = read(path)
            firsts = {label.split()[0] for label in layout.labels}
            for page in pages:
                for word, bold in page:
                    key = word.rstrip("§")
                    if word in firsts or key in firsts or word in {"RS", "KS"}:
                        total += 1
                        found += bold
    return found / total if total else float("nan")


def main() -> None:
    paths = sorted(p for folder in sys.argv[1:] for p in Path(folder).rglob("*.pdf"))
    print("| extractor | s/page (median per file) | § heading lines read as bold (invented layouts) | licence |")
    print("|---|---|---|---|")
    for name, read, licence in (("pypdfium2 (PDFium text page)", pdfium_words, "Apache-2.0 / BSD-3 (PDFium)"),
                                ("pdfplumber (pdfminer.six)", plumber_words, "MIT")):
        print(f"| {name} | {seconds_per_page(read, paths):.3f} | {heading_share(read):.2f} | {licence} |")


if __name__ == "__main__":
    main()
