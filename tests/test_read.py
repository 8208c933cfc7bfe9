"""Specification of file reading: a protocol parses the same from .txt, .pdf and .docx, and
every unreadable file fails with an UnreadableFile that names the file and the reason.

The PDF and DOCX are built at test time from the Sörmland protocol, the way office tools
would lay it out: wrapped lines, no blank lines between paragraphs, a page footer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.models import Meeting
from index.parse.protocol import parse_file
from index.read.document import read_text

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
