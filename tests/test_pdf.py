"""Specification of PDF reading: pages separated by form feeds, running headers and footers
dropped with the letterhead kept once, garbled pages left out in place, and every hostile or
unreadable PDF refused by name before it costs memory. The PDFs are invented and made at test time."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.read.limits import MB, ReadLimits
from index.read.document import read_text
from test_read import _blank_pdf, _font

LETTERHEAD = ["Samordningsförbundet Vintersjö", "Styrelsen", "Sammanträdesdatum 2025-11-20"]
PAGES = [
    ["§ 1 Mötets öppnande", "Ordföranden Tove Lindqvist öppnar mötet.", "§ 2 Val av justerare", "Till justerare väljs Maja Berg."],
    ["§ 3 Ekonomisk rapport", "Förbundet redovisar ett överskott på 212 000 kronor.", "Beslut", "Rapporten läggs till handlingarna."],
    ["§ 4 Projektet Steget vidare", "Styrelsen beviljar 450 000 kronor för 2026.", "§ 5 Mötets avslutande", "Ordföranden avslutar mötet."],
]


def build_paged_pdf(pages: list[list[str]], path: Path, *, letterhead: list[str] = LETTERHEAD, garbled_cover: bool = False) -> None:
    """One PDF page per list of lines, each with the letterhead, 'Sida N av M' and a signature footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, (width, height) = _font(), A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    if garbled_cover:  # what a broken font map extracts as: symbols, no words
        pdf.setFont("Helvetica", 14)
        for row in range(12):
            pdf.drawString(60, height - 100 - 24 * row, "¤¦¨ ©ª« ¬®¯ °±² ³´µ ¶·¸ ¹º» ¼½¾ ×÷")
        pdf.showPage()
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(font, 9)
        for row, line in enumerate(letterhead):
            pdf.drawString(60, height - 40 - 12 * row, line)
        pdf.drawRightString(width - 60, height - 40, f"Sida {number} av {len(pages)}")
        pdf.setFont(font, 11)
        for row, line in enumerate(lines):
            pdf.drawString(60, height - 120 - 18 * row, line)
        pdf.setFont(font, 8)
        pdf.drawString(60, 40, "Justerandes sign")
        pdf.drawString(300, 40, "Utdragsbestyrkande")
        pdf.showPage()
    pdf.save()


def test_pdf_pages_are_separated_by_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "vintersjo.pdf"
    build_paged_pdf(PAGES, path)
    pages = read_text(path).split("\f")
    assert len(pages) == 3
    assert ["§ 1" in pages[0], "§ 3" in pages[1], "§ 4" in pages[2]] == [True, True, True]
    assert "Styrelsen beviljar 450 000 kronor för 2026." in pages[2]


def test_running_header_is_kept_once_and_footers_go(tmp_path: Path) -> None:
    path = tmp_path / "vintersjo.pdf"
    build_paged_pdf(PAGES, path)
    text = read_text(path)
    assert text.count("Samordningsförbundet Vintersjö") == 1 and text.count("Sammanträdesdatum 2025-11-20") == 1
    assert text.index("Samordningsförbundet Vintersjö") < text.index("§ 1")  # before the first §, for the parser
    assert "Sida" not in text and "Justerandes sign" not in text and "Utdragsbestyrkande" not in text


def test_garbled_cover_page_is_left_out_but_keeps_its_page_number(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr("index.read.ocr.available", lambda: False)
    path = tmp_path / "trasig-forsida.pdf"
    build_paged_pdf(PAGES, path, garbled_cover=True)
    pages = read_text(path).split("\f")
    assert len(pages) == 4 and not pages[0].strip()
    assert "§ 3 Ekonomisk rapport" in pages[2]
    assert "trasig-forsida.pdf page 1 of 4: the text layer is not readable" in caplog.text


def test_scanned_pdf_without_ocr_is_refused_with_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("index.read.ocr.available", lambda: False)
    path = tmp_path / "skannad.pdf"
    _blank_pdf(path)
    with pytest.raises(UnreadableFile, match="no text layer .* tesseract-ocr"):
        read_text(path)


def _pdf_with_stream(path: Path, compressed: bytes) -> Path:
    """A one-page PDF whose content stream is the given Flate data."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(compressed), compressed),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def _deflate(chunk: bytes, repeat: int) -> bytes:
    packer = zlib.compressobj(1)  # fast; 300 MB of spaces still fit in 1.3 MB
    return b"".join(packer.compress(chunk) for _ in range(repeat)) + packer.flush()


def test_pdf_stream_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = _pdf_with_stream(tmp_path / "bomb.pdf", _deflate(b" " * MB, 300))  # 300 MB of spaces in 1.3 MB
    assert path.stat().st_size < 2 * MB
    started = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile, match="inflates beyond"):
            read_text(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB  # inflated a step at a time, never held whole
    assert time.monotonic() - started < 10


def test_many_streams_that_inflate_beyond_the_total_are_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("index.read.limits.MAX_INFLATED_MB", 2)
    one = b"<< /Length 0 /Filter /FlateDecode >>\nstream\n" + _deflate(b" " * MB, 1) + b"\nendstream\n"
    path = tmp_path / "manga.pdf"
    path.write_bytes(b"%PDF-1.4\n" + one * 3)
    with pytest.raises(UnreadableFile, match="streams inflate beyond 2 MB"):
        read_text(path)


def test_pdf_page_and_text_limits(tmp_path: Path) -> None:
    path = tmp_path / "vintersjo.pdf"
    build_paged_pdf(PAGES, path)
    with pytest.raises(UnreadableFile, match="3 pages, more than 2"):
        read_text(path, ReadLimits(max_pdf_pages=2))
    with pytest.raises(UnreadableFile, match="more than 200 characters"):
        read_text(path, ReadLimits(max_text_chars=200))


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "oppen.pdf"
    build_paged_pdf(PAGES[:1], plain)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    locked = tmp_path / "last.pdf"
    writer.write(locked)
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_text(locked)


def test_pdf_without_pages_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    path = tmp_path / "inga-sidor.pdf"
    PdfWriter().write(path)
    with pytest.raises(UnreadableFile, match="no pages"):
        read_text(path)
