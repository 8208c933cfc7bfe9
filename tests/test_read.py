"""Specification of file reading: a protocol parses the same from .txt, .pdf and .docx, and
every unreadable file fails with an UnreadableFile that names the file and the reason.

The PDF and DOCX are built at test time from the Sörmland protocol, the way office tools
would lay it out: wrapped lines, no blank lines between paragraphs, a page footer."""

from __future__ import annotations

import os
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.models import Meeting
from index.parse import parse_file
from index.limits import MB, ReadLimits
from index.read import read_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SOURCE = CORPUS / "sormland-rar-arbetsutskottet-2026-03-04.txt"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font() -> str:
    """A TTF font with å, ä, ö when the system has one; reportlab's Helvetica (WinAnsi) otherwise."""
    if DEJAVU.exists():
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
        return "DejaVuSans"
    return "Helvetica"


def build_pdf(text: str, path: Path) -> None:
    """Draw the text line by line, wrapped at the page width, with 'Sida N' footers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    font, size, margin = _font(), 10, 60
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y, page = height - margin, 1

    def footer() -> None:
        pdf.setFont(font, 8)
        pdf.drawString(margin, 30, f"Sida {page}")

    for source_line in text.replace("\t", "    ").split("\n"):
        wrapped = simpleSplit(source_line, font, size, width - 2 * margin) if source_line.strip() else [""]
        for line in wrapped:
            if y < margin + 20:
                footer()
                pdf.showPage()
                y, page = height - margin, page + 1
            pdf.setFont(font, size)
            pdf.drawString(margin, y, line)
            y -= size * (1.4 if line else 0.8)
    footer()
    pdf.save()


def build_docx(text: str, path: Path) -> None:
    """One Word paragraph per non-empty line; § headings in a heading style."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line.startswith("§"):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    document.save(str(path))


def summary(meeting: Meeting) -> tuple:
    return (
        meeting.organisation, meeting.body, meeting.date,
        [(p.number, p.title) for p in meeting.paragraphs],
        [p.decisions for p in meeting.paragraphs],
    )


@pytest.fixture(scope="module")
def txt_meeting() -> Meeting:
    return parse_file(SOURCE)


def test_the_text_version_is_what_the_other_formats_must_match(txt_meeting: Meeting) -> None:
    assert [p.number for p in txt_meeting.paragraphs] == list(range(18, 26))
    assert txt_meeting.paragraphs[3].decisions == ["Arbetsutskottet föreslår styrelsen att godkänna ansökan."]


def test_pdf_parses_like_the_text(tmp_path: Path, txt_meeting: Meeting) -> None:
    path = tmp_path / "sormland.pdf"
    build_pdf(SOURCE.read_text(encoding="utf-8"), path)
    meeting = parse_file(path)
    assert "Sörmland" in read_text(path)  # the Swedish letters survive the round trip
    assert summary(meeting) == summary(txt_meeting)
    assert all("Sida" not in p.text for p in meeting.paragraphs)


def test_pdf_keeps_paragraph_text_apart_from_wrapping(tmp_path: Path, txt_meeting: Meeting) -> None:
    path = tmp_path / "sormland.pdf"
    build_pdf(SOURCE.read_text(encoding="utf-8"), path)
    flat = [" ".join(p.text.split()) for p in parse_file(path).paragraphs]
    assert flat == [" ".join(p.text.split()) for p in txt_meeting.paragraphs]


def test_docx_parses_like_the_text(tmp_path: Path, txt_meeting: Meeting) -> None:
    path = tmp_path / "sormland.docx"
    build_docx(SOURCE.read_text(encoding="utf-8"), path)
    meeting = parse_file(path)
    assert summary(meeting) == summary(txt_meeting)
    assert meeting.paragraphs[-1].text == "Ordförande förklarar mötet avslutat."


def test_markdown_file_is_read_as_text(tmp_path: Path, txt_meeting: Meeting) -> None:
    path = tmp_path / "sormland.md"
    path.write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    assert summary(parse_file(path)) == summary(txt_meeting)


# --- Files that cannot be read --------------------------------------------------------------

def _blank_pdf(path: Path) -> None:
    """A scanned page stand-in: graphics only, no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.save()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("tomt.txt", lambda p: _write(p, b""), "empty"),
        ("tomt.pdf", lambda p: _write(p, b"  \n"), "empty"),
        ("trasig.pdf", lambda p: _write(p, os.urandom(2048)), "corrupt PDF"),
        ("halv.pdf", lambda p: _write(p, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "corrupt PDF"),
        ("skannad.pdf", _blank_pdf, "no text layer"),
        ("bild.txt", lambda p: _write(p, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8), "binary content"),
        ("trasig.docx", lambda p: _write(p, b"PK\x03\x04 not really a zip file"), "corrupt DOCX"),
        ("budget.xlsx", lambda p: _write(p, b"PK\x03\x04"), "unsupported file type '.xlsx'"),
        ("protokoll", lambda p: _write(p, b"text"), "unsupported file type 'none'"),
        ("kort.txt", lambda p: _write(p, b"hej"), "no readable text"),
    ],
)
def test_unreadable_files_name_the_file_and_the_reason(tmp_path: Path, name: str, make, reason: str) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(UnreadableFile) as caught:
        parse_file(path)
    assert caught.value.path == name
    assert str(caught.value).startswith(f"{name}: ")
    assert reason in caught.value.reason


# --- Pages, furniture and limits ------------------------------------------------------------

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
    monkeypatch.setattr("index.ocr.available", lambda: False)
    path = tmp_path / "trasig-forsida.pdf"
    build_paged_pdf(PAGES, path, garbled_cover=True)
    pages = read_text(path).split("\f")
    assert len(pages) == 4 and not pages[0].strip()
    assert "§ 3 Ekonomisk rapport" in pages[2]
    assert "trasig-forsida.pdf page 1 of 4: the text layer is not readable" in caplog.text


def test_scanned_pdf_without_ocr_is_refused_with_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("index.ocr.available", lambda: False)
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
    packer = zlib.compressobj(9)
    return b"".join(packer.compress(chunk) for _ in range(repeat)) + packer.flush()


def test_pdf_stream_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = _pdf_with_stream(tmp_path / "bomb.pdf", _deflate(b" " * MB, 300))  # 300 MB of spaces in 0.3 MB
    assert path.stat().st_size < MB
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="inflates beyond"):
        read_text(path)
    assert time.monotonic() - started < 10


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


def _docx_with_body(path: Path, paragraphs, repeat: int = 1) -> Path:
    """A DOCX whose body is the given paragraph XML repeated, written as a stream (small on disk)."""
    import docx

    skeleton = tmp = path.with_suffix(".skeleton.docx")
    docx.Document().save(str(tmp))
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
        with target.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(repeat):
                document.write(paragraphs)
            document.write(b"</w:body></w:document>")
    return path


def test_docx_that_expands_to_megabytes_of_text_is_refused_by_the_text_limit(tmp_path: Path) -> None:
    paragraph = b"<w:p><w:r><w:t>" + "Styrelsen beslutar att bevilja medel. ".encode() * 100 + b"</w:t></w:r></w:p>"
    path = _docx_with_body(tmp_path / "stor.docx", paragraph, repeat=11_000)  # 43 MB of text
    assert path.stat().st_size < 512 * 1024
    with pytest.raises(UnreadableFile, match="more than 2,000,000 characters"):
        read_text(path)


def test_docx_zip_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = _docx_with_body(tmp_path / "bomb.docx", b"<w:p/>" * 1024 * 1024, repeat=40)  # 240 MB of XML
    with pytest.raises(UnreadableFile, match="unpacks to 24[01] MB, more than 200 MB"):
        read_text(path)


def test_docx_with_broken_xml_is_refused(tmp_path: Path) -> None:
    path = _docx_with_body(tmp_path / "trasig.docx", b"<w:p><w:r><w:t>Beslut</w:r>")
    with pytest.raises(UnreadableFile, match="corrupt DOCX .broken XML"):
        read_text(path)


def test_docx_tables_are_read_in_document_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("§ 7 Närvaro")
    table = document.add_table(rows=2, cols=2)
    for row, (name, role) in enumerate([("Tove Lindqvist", "ordförande"), ("Maja Berg", "ledamot")]):
        table.cell(row, 0).text, table.cell(row, 1).text = name, role
    document.add_paragraph("§ 8 Avslutning")
    path = tmp_path / "tabell.docx"
    document.save(str(path))
    assert read_text(path) == "§ 7 Närvaro\nTove Lindqvist\tordförande\nMaja Berg\tledamot\n§ 8 Avslutning"


def test_docx_letterhead_in_the_page_header_comes_first_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Samordningsförbundet Vintersjö"
    header.add_paragraph("Protokoll 2025-11-20")
    document.add_paragraph("§ 1 Mötets öppnande")
    document.add_page_break()
    document.add_paragraph("§ 2 Val av justerare")
    path = tmp_path / "brevhuvud.docx"
    document.save(str(path))
    text = read_text(path)
    assert text.startswith("Samordningsförbundet Vintersjö\nProtokoll 2025-11-20\n§ 1 Mötets öppnande\n")
    assert text.count("Vintersjö") == 1 and text.endswith("§ 2 Val av justerare") and "\f" not in text
