"""Specification of DOCX reading: body in document order with tables in place, the page header's
letterhead once at the top, and zip bombs, text bombs and broken XML refused by name. The files are
invented and made at test time (small on disk)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from index.errors import UnreadableFile
from index.read.document import read_text

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


def test_a_docx_of_millions_of_unknown_elements_is_refused_at_once(tmp_path: Path) -> None:
    """The finding: a 292 KB DOCX holding 190 MB of <w:x/> was read for 100 s at 4.5 GB, and indexed."""
    from conftest import Raised, bounded

    path = _docx_with_body(tmp_path / "tomma.docx", b"<w:x/>" * 10_000, repeat=3_100)
    assert path.stat().st_size < 512 * 1024
    result, seconds, grown = bounded(read_text, path, seconds=60, memory_mb=512)
    assert result == Raised("UnreadableFile", "tomma.docx: the DOCX holds more than 2,000,000 XML tags (a zip bomb?)")
    assert seconds < 20 and grown < 100


def test_every_element_is_let_go_once_read(tmp_path: Path) -> None:
    """Unknown elements between paragraphs, just under the tag limit: memory stays at a few elements."""
    from conftest import bounded

    unknown = b"<w:x/>" * 1_000 + "<w:p><w:r><w:t>Styrelsen beslutar att godkänna.</w:t></w:r></w:p>".encode()
    path = _docx_with_body(tmp_path / "blandat.docx", unknown, repeat=1_800)
    result, seconds, grown = bounded(read_text, path, seconds=120, memory_mb=512)
    assert isinstance(result, str) and result.count("Styrelsen beslutar att godkänna.") == 1_800
    assert grown < 60, grown  # 1.8 million elements kept would take hundreds of MB
