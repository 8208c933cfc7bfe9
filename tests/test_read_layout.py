"""Specification of reading a PDF page by its layout (index/read/layout.py): words in page order whatever the
order the file drew them in, cells apart where a column gap separates them, each word's size and weight,
an invisible OCR layer told from typeset text, and OCR's words as lines. PDFs are drawn at test time."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from index.read.layout import ocr_layout, page_layout
from index.read.ocr import OcrWord, words_of


def _page(path: Path, draw) -> object:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    draw(pdf)
    pdf.save()
    return pdfium.PdfDocument(str(path))[0]


def test_words_are_read_in_page_order_whatever_the_order_they_were_drawn_in(tmp_path: Path) -> None:
    def draw(pdf):
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(150, 700, "Gatubelysning i centrum")  # the title first ...
        pdf.drawString(60, 700, "11 §")  # ... its label after it, left of it
        pdf.setFont("Helvetica", 10)
        pdf.drawString(60, 800, "Tekniska nämnden")  # the header last
    lines = page_layout(_page(tmp_path / "a.pdf", draw), 1).lines
    assert [line.text for line in lines] == ["Tekniska nämnden", "11 §\tGatubelysning i centrum"]


def test_a_column_gap_separates_cells_and_a_word_gap_does_not(tmp_path: Path) -> None:
    def draw(pdf):
        pdf.setFont("Helvetica", 11)
        pdf.drawString(60, 700, "Organ")
        pdf.drawString(220, 700, "Tekniska nämnden")
    (line,) = page_layout(_page(tmp_path / "b.pdf", draw), 1).lines
    assert [" ".join(w.text for w in cell) for cell in line.cells()] == ["Organ", "Tekniska nämnden"]


def test_each_word_has_its_size_and_weight(tmp_path: Path) -> None:
    def draw(pdf):
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(60, 700, "Ekonomi")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(60, 680, "Kassan är god.")
    heading, text = page_layout(_page(tmp_path / "c.pdf", draw), 1).lines
    assert (heading.style.size, heading.style.bold) == (14.0, True)
    assert (text.style.size, text.style.bold) == (10.0, False)


def test_an_invisible_text_layer_is_told_from_typeset_text(tmp_path: Path) -> None:
    def draw(pdf):
        text = pdf.beginText(60, 700)
        text.setTextRenderMode(3)  # what an OCR program lays over a scanned image
        text.setFont("Helvetica", 11)
        text.textLine("Protokoll fört vid årsmötet")
        pdf.drawText(text)
    assert page_layout(_page(tmp_path / "d.pdf", draw), 1).hidden
    assert not page_layout(_page(tmp_path / "e.pdf", lambda pdf: pdf.drawString(60, 700, "Text")), 1).hidden


def test_ocr_words_become_lines_in_points() -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t2\t1\t250\t500\t100\t40\t95\tBeslut\n"
           "5\t1\t1\t1\t1\t1\t250\t250\t50\t40\t96\t12/\n"
           "5\t1\t1\t1\t1\t2\t350\t250\t200\t40\t90\tKassan\n")
    words = words_of(tsv, scale=4.0)  # 288 dpi
    assert words[0] == OcrWord("Beslut", 62.5, 87.5, 125.0, 135.0, (1, 1, 2), 95.0)
    layout = ocr_layout(words, 1, 595, 842)
    assert [line.text for line in layout.lines] == ["12/ Kassan", "Beslut"]
