"""Specification of reading invented protocols rendered to PDF in real layouts (tests/layout_pdfs.py): each
is read by its layout to the organisation, organ, date and § labels a person reads on the page; page
furniture (running headers carrying the §, 'Justerandes sign' footers) is never a §."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.parse.protocol import parse_file
from layout_pdfs import LAYOUTS, Layout, kyrkorad, stamma


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_an_invented_protocol_in_a_real_layout_reads_as_a_person_reads_it(layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / f"{layout.name}.pdf"
    layout.draw(path)
    meeting = parse_file(path)
    assert [p.label or p.title for p in meeting.paragraphs] == layout.labels
    assert (meeting.organisation, meeting.body, meeting.date) == (layout.organisation, layout.organ, layout.date)


def test_items_named_ärende_are_labelled_by_their_number_and_hold_their_list_and_their_text_over_the_page_break(
        tmp_path: Path) -> None:
    path = tmp_path / "kyrkorad.pdf"
    next(layout for layout in LAYOUTS if layout.name == "kyrkorad").draw(path)
    meeting = parse_file(path)
    budget, renovation = meeting.paragraphs[2], meeting.paragraphs[3]
    assert (budget.label, budget.title) == ("3", "Budget för år 2026") and "3. att uppdra åt kansliet" in budget.text
    assert "klart före advent" in renovation.text.replace("\n", " ")
    assert not any("Justerandes" in p.text or "Sida" in p.text for p in meeting.paragraphs)


def test_a_dash_between_the_label_and_the_title_parts_them(tmp_path: Path) -> None:
    path = tmp_path / "kyrkorad-dash.pdf"
    kyrkorad(path, dash=True)
    meeting = parse_file(path)
    assert [(p.label, p.title) for p in meeting.paragraphs][:2] == [("1", "Sammanträdets öppnande"), ("2", "Val av justerare")]
    assert [p.label for p in meeting.paragraphs] == [str(n) for n in range(1, 7)]


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


def test_an_opening_section_left_unnumbered_is_a_paragraph_but_a_cover_line_in_the_same_style_is_not(
        tmp_path: Path) -> None:
    """'Stämmans öppnande' is set like '1. Val av stämmoordförande' and followed by a sentence: a § cited by its
    heading. Without it, the cooperative's name over the cover's fields, in the same style, stays on the cover."""
    path = tmp_path / "stamma.pdf"
    LAYOUTS[6].draw(path)
    opening = parse_file(path).paragraphs[0]
    assert (opening.label, opening.title) == ("", "Stämmans öppnande")
    assert "hälsade alla välkomna" in opening.text
    stamma(path, opening=False)
    assert [p.label for p in parse_file(path).paragraphs] == [str(n) for n in range(1, 8)]


def test_a_sports_club_named_without_a_kind_word_is_the_organisation_in_pdf_and_in_text(tmp_path: Path) -> None:
    """The title names whose meeting it is ('… styrelsemöte i Ekbacka Hockey'); the municipality an attendee and the
    text name more often ('Norrviks kommun') is not the organisation, in the PDF and in its text alike."""
    from index.parse.protocol import parse_text
    from layout_pdfs import club_lines, idrottsklubb

    path = tmp_path / "idrottsklubb.pdf"
    idrottsklubb(path)
    for meeting in (parse_file(path), parse_text("\n".join(club_lines()), "idrottsklubb.txt")):
        assert (meeting.organisation, meeting.body, meeting.date) == ("Ekbacka Hockey", "styrelsen", "2025-03-11")
        assert [p.label for p in meeting.paragraphs] == [str(n) for n in range(1, 8)]
