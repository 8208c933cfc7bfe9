"""Specification of reading invented protocols rendered to PDF in real layouts (tests/layout_pdfs.py): each
is read by its layout to the organisation, organ, date and § labels a person reads on the page; page
furniture (running headers carrying the §, 'Justerandes sign' footers) is never a §."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.parse.protocol import parse_file
from layout_pdfs import LAYOUTS, Layout


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_an_invented_protocol_in_a_real_layout_reads_as_a_person_reads_it(layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / f"{layout.name}.pdf"
    layout.draw(path)
    meeting = parse_file(path)
    assert [p.label or p.title for p in meeting.paragraphs] == layout.labels
    assert (meeting.organisation, meeting.body, meeting.date) == (layout.organisation, layout.organ, layout.date)


def test_a_running_header_that_repeats_the_paragraph_is_furniture_not_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "kommun.pdf"
    LAYOUTS[1].draw(path)
    meeting = parse_file(path)
    assert all("Sida" not in p.text and "Protokoll" not in p.text for p in meeting.paragraphs)
    assert [p.page for p in meeting.paragraphs] == [2, 3, 4, 5, 6]


def test_a_protocol_without_numbers_is_cited_by_its_headings(tmp_path: Path) -> None:
    path = tmp_path / "forening.pdf"
    LAYOUTS[4].draw(path)
    meeting = parse_file(path)
    others = next(p for p in meeting.paragraphs if p.title == "Övriga frågor")
    assert "Utflykten går till Tåkern den 12 oktober." in others.text  # a sub-heading stays inside its section
    assert [p.id.rsplit("-", 1)[-1] for p in meeting.paragraphs] == ["h1", "h2", "h3", "h4", "h5"]
