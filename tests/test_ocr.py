"""Specification of OCR: a page without a text layer is rendered and read by Tesseract's Swedish
model, page by page, with progress in the log. The scanned page is made at test time: an invented
protocol drawn by reportlab, rasterised by PDFium, saved as an image-only PDF page by Pillow."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from index.read import ocr
from index.errors import UnreadableFile
from index.read.document import read_text
from test_pdf import PAGES, build_paged_pdf
from test_read import _blank_pdf

pytestmark = pytest.mark.skipif(not ocr.available(), reason="tesseract with the Swedish model (tesseract-ocr-swe) is not installed")


def _scan(source: Path, target: Path, dpi: int = 200) -> None:
    """Every page of `source` as a grey image only, the way a scanner would deliver it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(source)
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    images[0].save(target, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])


def _join(first: Path, second: Path, target: Path) -> None:
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    for part in (first, second):
        joined.import_pages(pdfium.PdfDocument(part))
    joined.save(target)


def test_a_scanned_page_is_read_by_ocr_between_text_pages(tmp_path: Path, caplog) -> None:
    text_page, drawn, scanned, mixed = (tmp_path / name for name in ("text.pdf", "drawn.pdf", "scanned.pdf", "blandad.pdf"))
    build_paged_pdf(PAGES[:1], text_page)
    build_paged_pdf(PAGES[1:2], drawn)
    _scan(drawn, scanned)
    _join(text_page, scanned, mixed)
    with caplog.at_level(logging.INFO, logger="index.read.ocr"):
        pages = read_text(mixed).split("\f")
    assert len(pages) == 2
    assert "Ordföranden Tove Lindqvist öppnar mötet." in pages[0]
    assert "Ekonomisk rapport" in pages[1] and "212 000 kronor" in pages[1]
    assert "Rapporten läggs till handlingarna." in pages[1]
    assert "blandad.pdf page 2 of 2: OCR in" in caplog.text


def test_the_pages_of_a_scan_are_read_side_by_side_and_kept_in_page_order(tmp_path: Path, monkeypatch, caplog) -> None:
    import threading
    import time

    drawn, scanned = tmp_path / "drawn.pdf", tmp_path / "skannad.pdf"
    build_paged_pdf(PAGES, drawn)
    _scan(drawn, scanned)
    recognise, running, most = ocr._recognise, [0], [0]
    lock = threading.Lock()

    def timed(image: bytes, name: str, number: int, count: int, seconds: float | None = None) -> str:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.5 if number == 1 else 0)  # the first page is the slowest: it still comes first
        try:
            return recognise(image, name, number, count, seconds)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(ocr, "_recognise", timed)
    monkeypatch.setattr(ocr, "WORKERS", 2)
    with caplog.at_level(logging.INFO, logger="index.read.ocr"):
        pages = read_text(scanned).split("\f")
    assert most[0] == 2  # two Tesseract processes at once on two workers
    assert ["Tove Lindqvist" in pages[0], "Ekonomisk rapport" in pages[1], "Steget vidare" in pages[2]] == [True] * 3
    assert all(f"skannad.pdf page {n} of 3: OCR in" in caplog.text for n in (1, 2, 3))


def test_a_scan_where_ocr_finds_nothing_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "svart.pdf"
    _blank_pdf(path)  # a black box: ink, but no text
    with pytest.raises(UnreadableFile) as caught:
        read_text(path)
    assert str(caught.value) == "svart.pdf: the PDF has no text layer (a scanned document?) and OCR found no text"


def test_a_white_scan_is_refused_without_ocr(tmp_path: Path, monkeypatch) -> None:
    from PIL import Image

    monkeypatch.setattr(ocr, "_recognise", lambda *args: pytest.fail("a page without ink was sent to OCR"))
    path = tmp_path / "vitt.pdf"
    Image.new("L", (400, 560), color=255).save(path, format="PDF", resolution=50)
    with pytest.raises(UnreadableFile) as caught:
        read_text(path)
    assert str(caught.value) == "vitt.pdf: the PDF's pages are blank (no text layer, and nothing drawn on them for OCR to read)"


def test_a_page_ocr_cannot_finish_refuses_the_file_instead_of_indexing_it_half(tmp_path: Path, monkeypatch) -> None:
    drawn, scanned = tmp_path / "drawn.pdf", tmp_path / "seg.pdf"
    build_paged_pdf(PAGES[1:2], drawn)
    _scan(drawn, scanned)
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 0.01)
    with pytest.raises(UnreadableFile, match=r"^seg.pdf: OCR of page 1 took over 0.01 s$"):
        read_text(scanned)


def test_paragraf_parse_shows_ocr_progress_page_by_page(tmp_path: Path) -> None:
    import subprocess
    import sys

    drawn, scanned = tmp_path / "drawn.pdf", tmp_path / "skannat.pdf"
    build_paged_pdf(PAGES[1:2], drawn)
    _scan(drawn, scanned)
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "parse", str(scanned)], capture_output=True, text=True, timeout=600)
    assert "INFO index.read.ocr: skannat.pdf page 1 of 1: OCR in" in done.stderr


def _poor_pages(path: Path, lost: list[int]) -> None:
    """Invented pages whose text layer a broken font map spoiled: on page k, `lost[k]` of every ten words come out
    with their letters 'l' and 'a' as 'j' and 'q' (the more, the poorer the page)."""
    words = ("Styrelsen beslutade att godkänna protokollet från förra mötet och lägga rapporten till handlingarna "
             "medan kassören redovisade föreningens ekonomi och årets resultat för alla medlemmarna").split()
    pages = []
    for spoiled in lost:
        line = [w.replace("l", "j").replace("a", "q") if k % 10 < spoiled else w for k, w in enumerate(words)]
        pages.append([f"§ {len(pages) + 1} Ärende"] + [" ".join(line[:12]), " ".join(line[12:])] * 4)
    build_paged_pdf(pages, path)


def test_only_the_poorest_pages_are_read_again_each_within_its_budget(tmp_path: Path, monkeypatch) -> None:
    """A text layer is read again by OCR only where it reads poorly, the poorest pages first and no more of them than
    the limit; a page OCR cannot read within its seconds keeps its own text layer and the file is read."""
    from index.read.limits import ReadLimits

    path = tmp_path / "trasig.pdf"
    _poor_pages(path, [9, 0, 5, 7])
    asked: list[tuple[int, float | None]] = []

    def slow(image: bytes, name: str, number: int, count: int, seconds: float | None = None) -> str:
        asked.append((number, seconds))
        raise ocr.OcrTimeout(name, f"OCR of page {number} took over {seconds:g} s")

    monkeypatch.setattr(ocr, "_recognise", slow)
    text = read_text(path, ReadLimits(max_reread_pages=2, reread_seconds=5.0))
    assert sorted(asked) == [(1, 5.0), (4, 5.0)]  # pages 1 and 4 are the poorest; page 2 is sound
    assert "protokojjet" in text and "qtt" in text  # the layers kept as they are


def test_a_scanners_damaged_ocr_layer_is_read_again_and_its_point_labels_come_back(tmp_path: Path) -> None:
    """A scan whose own OCR layer (invisible text over the image) broke the point labels ('t/', '2l', 'Jl') and lost
    å/ä/ö: the layer reads poorly, Tesseract reads the page again, and every label is found."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from index.parse.protocol import parse_file
    from layout_pdfs import BYALAG_POINTS, HEIGHT, WIDTH, _text

    drawn, scanned = tmp_path / "drawn.pdf", tmp_path / "skannad.pdf"
    pdf = canvas.Canvas(str(drawn), pagesize=(WIDTH, HEIGHT))
    _text(pdf, 60, HEIGHT - 60, "Protokoll från allmänt möte 2020-08-15 i Norrby Byalag", "Helvetica-Bold", 13)
    for number, sentence in enumerate(BYALAG_POINTS[:5], 1):
        _text(pdf, 60, HEIGHT - 110 - 44 * number, f"{number}/", "Helvetica-Bold", 12)
        _text(pdf, 60, HEIGHT - 126 - 44 * number, sentence, "Helvetica", 12)
    pdf.save()
    image = pdfium.PdfDocument(drawn)[0].render(scale=200 / 72, grayscale=True).to_pil()
    damaged = ["t/", "2l", "Jl", "4l", "s/"]
    pdf = canvas.Canvas(str(scanned), pagesize=(WIDTH, HEIGHT))
    pdf.drawImage(ImageReader(image), 0, 0, WIDTH, HEIGHT)
    layer = pdf.beginText()
    layer.setTextRenderMode(3)  # invisible: the scanner's OCR over its image
    layer.setFont("Helvetica", 12)
    lost = str.maketrans("åäöÅÄÖ", "aaoAAO")
    layer.setTextOrigin(60, HEIGHT - 60)
    layer.textLine("Protokoll fran allmant mote 2020-08-15 i Norrby Byalag")
    for number, sentence in enumerate(BYALAG_POINTS[:5], 1):
        layer.setTextOrigin(60, HEIGHT - 110 - 44 * number)
        layer.textLine(damaged[number - 1])
        layer.setTextOrigin(60, HEIGHT - 126 - 44 * number)
        layer.textLine(sentence.translate(lost).replace("l", "j"))
    pdf.drawText(layer)
    pdf.save()
    meeting = parse_file(scanned)
    assert [p.label for p in meeting.paragraphs] == ["1", "2", "3", "4", "5"]
    assert meeting.reread_pages == (1,)


def test_pages_with_nothing_drawn_on_them_are_never_read_by_ocr(tmp_path: Path, monkeypatch) -> None:
    """The finding: a 117 KB PDF of 999 pages each holding a white 1x1 fill was OCR'd at 1.9 s a page."""
    import time

    from test_bounds_read import pdf

    monkeypatch.setattr(ocr, "_recognise", lambda *args: pytest.fail("a page without ink was sent to OCR"))
    path = tmp_path / "vita.pdf"
    path.write_bytes(pdf([], None, 999))
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="pages are blank"):
        read_text(path)
    assert time.monotonic() - started < 30


def test_a_poor_text_layer_over_a_page_without_ink_is_not_read_again_by_ocr(tmp_path: Path, monkeypatch) -> None:
    """Every page OCR reads passes one ink check, the pages read again to correct a poor text layer too: an
    invisible text layer over white paper (a thousand such pages cost seconds each before) is kept as it is."""
    from reportlab.pdfgen import canvas

    from index.read import quality

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(quality, "is_poor", lambda text: True)
    monkeypatch.setattr(ocr, "_recognise", lambda *args: pytest.fail("a page without ink was sent to OCR"))
    path = tmp_path / "osynlig.pdf"
    page = canvas.Canvas(str(path))
    text = page.beginText(72, 760)
    text.setTextRenderMode(3)  # invisible, as a scanner's OCR layer
    for line in ("Protokoll styrelsen 2026-02-03", "§ 1 Öppnande", "Ordföranden öppnade mötet och hälsade alla välkomna."):
        text.textLine(line)
    page.drawText(text)
    page.save()
    assert "Ordföranden öppnade mötet" in read_text(path)
