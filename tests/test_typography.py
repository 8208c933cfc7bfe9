"""Specification of headings by typography in the parser (index/parse/typography.py and its use by the numbering)."""

from __future__ import annotations

from index.parse.protocol import parse_reading
from index.parse.typography import locate, plain_lines, sections
from index.read.reading import Reading
from index.read.styles import StyledHeading


def _h(page: int, text: str, rank: int = 1, followed: bool = True) -> StyledHeading:
    return StyledHeading(page, text, rank, followed)


def test_headings_are_found_on_their_page_in_order_also_when_a_hyphen_was_joined() -> None:
    lines = ["Titel", "Val av justerare", "Text.", "\f", "Val av justerare", "4 Val av två personer att jämte mötesordföranden", "x"]
    found = locate(lines, (_h(2, "Val av justerare"), _h(2, "4 Val av två personer att jämte mötesordföran-")))
    assert sorted(found) == [4, 5]


def test_the_sections_are_the_strongest_style_heading_three_with_text_labels_aside() -> None:
    located = {0: _h(1, "Styrelsemöte 3 mars", 1), 1: _h(1, "Närvarande", 2), 3: _h(1, "Dagordning", 1),
               5: _h(1, "Webbsidan", 2), 7: _h(1, "Ekonomi", 2), 9: _h(1, "Övrigt", 2), 11: _h(1, "Med till nästa möte", 1)}
    assert sections(located) == [5, 7, 9]


def test_lines_on_a_page_with_headings_are_plain_text_and_a_page_of_labels_only_is_not_judged() -> None:
    lines = ["1 Öppnande", "Text.", "\f", "Beslut:", "3. En punkt"]
    assert plain_lines(lines, {0: _h(1, "1 Öppnande"), 3: _h(2, "Beslut:")}) == frozenset({1})


def test_numbers_in_plain_text_beside_numbered_headings_are_no_paragraphs() -> None:
    text = "\n".join(["1 Mötets öppnande", "Mötet öppnades.", "2 Stadgar", "Stadgarna antogs:",
                      "1. Namn", "Föreningens namn är Ekbacken.", "2. Ändamål", "Föreningen främjar schack.",
                      "3. Säte", "Föreningen har sitt säte i Ekby.", "3 Mötets avslutande", "Mötet avslutades."])
    headings = (_h(1, "1 Mötets öppnande"), _h(1, "2 Stadgar"), _h(1, "3 Mötets avslutande"))
    meeting = parse_reading(Reading(text, headings), "ekbacken.pdf")
    assert [p.label for p in meeting.paragraphs] == ["1", "2", "3"]
    assert parse_reading(Reading(text), "ekbacken.txt").paragraphs != meeting.paragraphs  # without typography: 1-3 twice


def test_a_protocol_without_numbers_has_one_paragraph_per_heading() -> None:
    text = "Styrelsemöte - Ekbacken\nWebbsidan\nDen nya sidan är klar.\nEkonomi\nKassan är god.\nÖvrigt\nInget."
    headings = (_h(1, "Styrelsemöte - Ekbacken", 1), _h(1, "Webbsidan", 2), _h(1, "Ekonomi", 2), _h(1, "Övrigt", 2))
    meeting = parse_reading(Reading(text, headings), "ekbacken.pdf")
    assert [(p.label, p.title, p.text) for p in meeting.paragraphs] == [
        ("", "Webbsidan", "Den nya sidan är klar."), ("", "Ekonomi", "Kassan är god."), ("", "Övrigt", "Inget.")]
    assert meeting.organisation == "Ekbacken" and meeting.reading().startswith("3 § by their headings")
