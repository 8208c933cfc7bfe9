"""Specification of the protocol parser (index/parse/protocol.py) on invented protocols: small variants of the
corpus's traps in other clothes, and invented protocols in the layouts of real archives (tests/fixtures/layouts),
so the parser is not fitted to five files. The five corpus protocols are in tests/test_parse.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.models import Meeting
from index.parse.protocol import parse_file, parse_text

from test_parse import SORMLAND, numbered_titles, paragraph, parsed


# --- Small invented variants: the same traps in other clothes -----------------------------

HEADER = "Protokoll fört vid sammanträde med styrelsen för Samordningsförbundet Västra Skaraborg\nDatum: 2024-02-14\n\n"


def parse(body: str) -> Meeting:
    return parse_text(HEADER + body, source_file="variant.txt")


def test_heading_forms_with_and_without_space_after_the_sign() -> None:
    meeting = parse("§ 35 Val av justerare\nAnna Andersson väljs.\n\n§36 Ekonomi\nRapporten läggs till handlingarna.\n")
    assert numbered_titles(meeting) == [(35, "Val av justerare"), (36, "Ekonomi")]
    assert meeting.paragraphs[1].text == "Rapporten läggs till handlingarna."
    assert (meeting.organisation, meeting.body, meeting.date) == ("Samordningsförbundet Västra Skaraborg", "styrelsen", "2024-02-14")


def test_heading_after_a_sentence_on_the_same_line() -> None:
    meeting = parse("§6 Ekonomi\nStyrelsen beslutar att lägga rapporten till handlingarna. §7 Nästa ärende\nTexten för sju.\n")
    assert numbered_titles(meeting) == [(6, "Ekonomi"), (7, "Nästa ärende")]
    assert meeting.paragraphs[0].text == "Styrelsen beslutar att lägga rapporten till handlingarna."
    assert meeting.paragraphs[1].text == "Texten för sju."


def test_reference_to_a_paragraph_in_running_text_is_not_a_heading() -> None:
    meeting = parse("§1 Öppnande\nMötet öppnas.\n\n§2 Budget\nSom sades i §1 Öppnande är allt bra.\n§ 3 Avslutning\nSlut.\n")
    assert [p.number for p in meeting.paragraphs] == [1, 2, 3]
    assert "i §1 Öppnande" in meeting.paragraphs[1].text


def test_title_over_two_lines() -> None:
    meeting = parse(
        "§ 4 Ansökan om medel för insatsen Steg framåt i samarbete med\nkommunerna i norra länet\n"
        "Ansökan har varit utsänd.\n\n§ 5 Avslutning\nMötet avslutas.\n"
    )
    assert meeting.paragraphs[0].title == "Ansökan om medel för insatsen Steg framåt i samarbete med kommunerna i norra länet"
    assert meeting.paragraphs[0].text == "Ansökan har varit utsänd."


def test_word_hyphenated_across_a_line_break_is_joined() -> None:
    meeting = parse("§ 4 Budget\nFörbundschefen redogör för budget-\nramen och tidplanen.\n")
    assert meeting.paragraphs[0].text == "Förbundschefen redogör för budgetramen och tidplanen."


def test_suspended_compound_keeps_its_hyphen() -> None:
    meeting = parse("§ 4 Budget\nBudget för kompetens-\noch organisationsutveckling ökas.\n")
    assert "kompetens- och organisationsutveckling" in meeting.paragraphs[0].text


def test_table_of_contents_with_page_numbers_is_dropped() -> None:
    meeting = parse(
        "Innehåll\n§ 1 Öppnande ........ 2\n§ 2 Budget 2025 ........ 3\n§ 3 Avslutning ........ 4\n\n"
        "§ 1 Öppnande\nOrdföranden öppnar mötet.\n\n§ 2 Budget 2025\nStyrelsen beslutar att fastställa budgeten.\n\n"
        "§ 3 Avslutning\nMötet avslutas.\n"
    )
    assert numbered_titles(meeting) == [(1, "Öppnande"), (2, "Budget 2025"), (3, "Avslutning")]
    assert meeting.paragraphs[0].text == "Ordföranden öppnar mötet."
    assert all("...." not in p.text for p in meeting.paragraphs)


def test_table_of_contents_with_tab_separated_page_numbers_is_dropped() -> None:
    meeting = parse(
        "§ 7\tÖppnande\t2\n§ 8\tBudget\t3\n§ 9\tAvslutning\t\n\n"
        "§ 7 Öppnande\nMötet öppnas.\n\n§ 8 Budget\nBudgeten fastställs.\n\n§ 9 Avslutning\nMötet avslutas.\n"
    )
    assert numbered_titles(meeting) == [(7, "Öppnande"), (8, "Budget"), (9, "Avslutning")]
    assert [p.text for p in meeting.paragraphs] == ["Mötet öppnas.", "Budgeten fastställs.", "Mötet avslutas."]


def test_same_number_twice_gives_two_paragraphs_with_distinct_ids() -> None:
    meeting = parse("§ 19 Övriga frågor\nInga.\n\n§ 19 Avslutning\nMötet avslutas.\n")
    assert numbered_titles(meeting) == [(19, "Övriga frågor"), (19, "Avslutning")]
    first, second = meeting.paragraphs
    assert first.id != second.id and first.id.endswith("-p19")


def test_protocol_without_any_paragraph_sign_keeps_its_text() -> None:
    meeting = parse_text(
        "Minnesanteckningar från nätverksträff, Samordningsförbundet Västra Skaraborg, den 14 februari 2024.\n"
        "Vi pratade om samverkan och om nästa träff i maj.\n",
        source_file="anteckningar.txt",
    )
    assert meeting.paragraphs == []
    assert "Vi pratade om samverkan" in meeting.text
    assert meeting.date == "2024-02-14"
    assert meeting.organisation == "Samordningsförbundet Västra Skaraborg"


def test_signature_lines_after_the_last_paragraph_are_not_text() -> None:
    meeting = parse(
        "§ 9 Avslutning\nOrdföranden avslutar mötet.\n\n_______________________\nAnna Andersson\nOrdförande\n\n"
        "______________________\nBo Berg\nSekreterare\n"
    )
    assert meeting.paragraphs[0].text == "Ordföranden avslutar mötet."


def test_roles_printed_over_the_signers_and_the_address_footer_are_not_text() -> None:
    meeting = parse(
        "§ 1 Val av ordförande\nMötet valde Anna Andersson.\n§ 2 Avslutning\nOrdföranden avslutade mötet.\n"
        "Sekreterare\tJusterare\nBo Berg\tCissi Ek\nNorrby Schackklubb, Storgatan 1, 123 45 Norrby\n"
    )
    assert meeting.paragraphs[-1].text == "Ordföranden avslutade mötet."


def test_markdown_bold_is_unwrapped_but_underscores_in_words_stay() -> None:
    meeting = parse("§ 2 Budget\nStyrelsen beslutar att **fastställa** budgeten för __2025__ enligt fil_namn.\n")
    assert meeting.paragraphs[0].text == "Styrelsen beslutar att fastställa budgeten för 2025 enligt fil_namn."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig"])
def test_legacy_encoded_text_file_parses_like_utf8(tmp_path: Path, encoding: str) -> None:
    title = "Ärenden för året" if encoding == "latin-1" else "Ärenden för året – sammanfattning"  # no en dash in latin-1
    text = HEADER + f"§ 3 {title}\nStyrelsen beslutar att godkänna årsredovisningen för Östra Göinge.\n"
    path = tmp_path / f"protokoll-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    meeting = parse_file(path)
    assert meeting.organisation == "Samordningsförbundet Västra Skaraborg"
    assert meeting.paragraphs[0].title == title
    assert meeting.paragraphs[0].decisions == ["Styrelsen beslutar att godkänna årsredovisningen för Östra Göinge."]


@pytest.mark.parametrize("separator", [" ", ". ", ": ", "\n"])
def test_heading_punctuation_and_title_on_its_own_line(separator: str) -> None:
    meeting = parse(f"§ 5{separator}Budget 2025\nBudgeten fastställs.\n\n§ 6{separator}Avslutning\nSlut.\n")
    assert numbered_titles(meeting) == [(5, "Budget 2025"), (6, "Avslutning")]
    assert [p.text for p in meeting.paragraphs] == ["Budgeten fastställs.", "Slut."]


def test_decision_label_is_not_a_heading() -> None:
    meeting = parse("§ 10 Budget\nStyrelsen beslutade:\n§10:1\nAtt anta budgeten.\n\n§ 11 Avslutning\nSlut.\n")
    assert [p.number for p in meeting.paragraphs] == [10, 11]


def test_windows_line_endings_and_page_furniture_between_heading_and_text() -> None:
    meeting = parse_text(
        (HEADER + "§ 5 Budget\nBudgeten\nJusterarens signatur\nSida 2 av 3\nfastställs.\n\n§ 6 Avslutning\nSlut.\n").replace("\n", "\r\n"),
        source_file="windows.txt",
    )
    assert [p.text for p in meeting.paragraphs] == ["Budgeten fastställs.", "Slut."]


# --- Invented protocols in the layouts of real archives (tests/fixtures/layouts) -----------

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"

LAYOUT_EXPECTED = {  # file: (organisation, organ, date, § numbers, numbering)
    "transcript-kf-glued-page-numbers.txt": ("Okänd organisation", "kommunfullmäktige", "", [31, 32, 33, 34, 35], "KF N"),
    "transcript-ks-running-head.txt": ("Storås kommun", "kommunstyrelsen", "", [210, 211, 212], "KS N"),
    "aland-agenda-line.txt": ("Lindö kommun", "kommunstyrelsen", "", [120, 121, 122, 123], "KS N"),
    "toc-bare-column.txt": ("Samordningsförbundet Västra Lunden", "styrelsen", "2022-11-14", [40, 41, 42, 43, 44, 45], "§ N"),
    "transcript-bare-numbers.txt": ("Samordningsförbundet Norra Fjärden", "styrelsen", "", [41, 42, 43, 44], "N"),
    "flat-table-of-contents.txt": ("Stenviks kommun", "styrelsen", "2020-02-12", [11, 12, 13, 14, 15, 16], "N"),
    "word-cover-dotted.txt": ("Okänd organisation", "arbetsutskottet", "2019-03-11", [7, 8, 9], "Snau § N"),
    "association-numbered.txt": ("Föreningen för öppen data i Norrland", "styrelsen", "2019-03-04", [1, 2, 3, 4, 5], "N."),
    "association-sign-alone.txt": ("Föreningen ”Gamla Bruket 1902”", "styrelsen", "2018-04-09", [1, 2, 3], "§ N"),
    "association-slash.txt": ("Okänd organisation", "styrelsen", "2017-08-15", [1, 2, 3, 4], "§ N"),
    "mixed-bare-numbers.txt": ("Västerdalens Hembygdsförbund", "styrelsen", "2016-09-12", [1, 2, 3, 4], "N"),
    "attendance-ranges.txt": ("Okänd organisation", "styrelsen", "2023-03-17", [31, 32, 33], "§ N"),
    "finland-number-first.txt": ("Österviks stad", "stadsstyrelsen", "2021-03-14", [88, 89, 90, 91], "N §"),
    "ocr-signs.txt": ("Samordningsförbundet Övre Dalen", "styrelsen", "2020-10-05", [12, 13, 14, 15], "§ N"),
    "table-columns.txt": ("Tallbackens samfällighetsförening", "styrelsen", "2023-09-20", [1, 2, 3, 4, 5], "N."),
}


def layout(name: str) -> Meeting:
    return parse_file(LAYOUTS / name)


@pytest.mark.parametrize("name", sorted(LAYOUT_EXPECTED))
def test_invented_protocol_in_a_real_layout(name: str) -> None:
    meeting = layout(name)
    organisation, body, date, numbers, numbering = LAYOUT_EXPECTED[name]
    assert (meeting.organisation, meeting.body, meeting.date) == (organisation, body, date)
    assert [p.number for p in meeting.paragraphs] == numbers
    assert meeting.provenance.numbering == numbering


def test_every_layout_fixture_is_specified() -> None:
    assert sorted(p.name for p in LAYOUTS.iterdir()) == sorted(LAYOUT_EXPECTED)


def test_transcript_heading_line_is_split_into_title_and_text_without_page_numbers() -> None:
    meeting = layout("transcript-kf-glued-page-numbers.txt")
    assert [p.title for p in meeting.paragraphs[:3]] == ["Sammanträdets öppnande", "Allmänhetens frågestund", "Årsredovisning 2020"]
    assert meeting.paragraphs[2].text == "Fullmäktige godkänner årsredovisningen för 2020. Resultatet blev 4,2 miljoner kronor."
    assert meeting.paragraphs[3].title == "Taxa för bygglov" and meeting.paragraphs[3].text.startswith("Dnr KS 2021/14")


def test_a_paragraph_known_only_from_the_agenda_keeps_its_title_and_no_text() -> None:
    last = layout("aland-agenda-line.txt").paragraphs[-1]
    assert (last.number, last.title, last.text) == (123, "Hamnavgifter 2022", "")


def test_signing_dates_and_posting_dates_are_not_the_meeting_date() -> None:
    assert layout("word-cover-dotted.txt").provenance.date == "'Sammanträdesdatum' field"
    assert layout("transcript-bare-numbers.txt").date == ""  # only posting dates: unknown stays unknown


def test_a_bare_sign_over_a_sentence_has_the_sentence_as_text() -> None:
    first = layout("association-sign-alone.txt").paragraphs[0]
    assert (first.title, first.text) == ("", "Att justera protokollet valdes Siv Holm.")
    assert "Bruksby" not in layout("association-sign-alone.txt").paragraphs[-1].text  # the signing place and date


def test_pages_of_a_pdf_text_give_each_paragraph_its_first_page() -> None:
    text = HEADER + "§ 1 Öppnande\nMötet öppnas.\n\f\n§ 2 Budget\nBudgeten\n\f\nfastställs.\n§ 3 Avslutning\nSlut.\n"
    meeting = parse_text(text, source_file="sidor.pdf")
    assert [(p.number, p.page) for p in meeting.paragraphs] == [(1, 1), (2, 2), (3, 3)]
    assert meeting.paragraphs[1].text == "Budgeten fastställs."


def test_text_without_pages_has_no_page_numbers() -> None:
    assert {p.page for p in parse("§ 1 Öppnande\nMötet öppnas.\n").paragraphs} == {None}


def test_parse_json_carries_pages_and_where_the_metadata_came_from() -> None:
    data = parsed(SORMLAND).to_json()
    assert data["provenance"]["numbering"] == "§ N" and data["provenance"]["date"]
    assert "page" in data["paragraphs"][0]
    assert parsed(SORMLAND).reading().startswith("8 § (§ N), date from ")


def test_table_layout_keeps_lettered_items_as_text_and_stops_at_the_signature_table() -> None:
    meeting = layout("table-columns.txt")
    underhall = paragraph(meeting, 4)
    assert underhall.title == "Underhåll" and underhall.text.startswith("a) Lekplatsen målas i oktober.")
    assert meeting.paragraphs[-1].text == ""
    assert meeting.provenance.date == "'Tid' field"
