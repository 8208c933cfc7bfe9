"""Specification of the protocol parser, read off the five real protocols in corpus/ and
off small invented variants of the same traps (so the parser is not fitted to five files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.models import Meeting
from index.parse.protocol import parse_file, parse_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def parsed(name: str) -> Meeting:
    return parse_file(CORPUS / name)


def numbered_titles(meeting: Meeting) -> list[tuple[int, str]]:
    return [(p.number, p.title) for p in meeting.paragraphs]


def paragraph(meeting: Meeting, number: int, occurrence: int = 0):
    return [p for p in meeting.paragraphs if p.number == number][occurrence]


# --- The five real protocols: who met, when, and the exact § list -----------------------

KALMAR_AU = "kalmar-arbetsutskottet-2025-12-05.txt"
KALMAR_STYRELSEN = "kalmar-styrelsen-2023-10-27.txt"
BLEKINGE = "blekinge-styrelsen-2025-09-29.txt"
OSTERGOTLAND = "ostra-ostergotland-styrelsen-2026-05-29.txt"
SORMLAND = "sormland-rar-arbetsutskottet-2026-03-04.txt"
ALL = [KALMAR_AU, KALMAR_STYRELSEN, BLEKINGE, OSTERGOTLAND, SORMLAND]

EXPECTED = {
    KALMAR_AU: (
        "Samordningsförbundet i Kalmar län", "arbetsutskottet", "2025-12-05",
        [
            (1, "Godkännande av dagordning"),
            (2, "Val av protokolljusterare"),
            (3, "Protokoll från arbetsutskott 251017"),
            (4, "Protokoll från styrelsemöte 251024"),
            (5, "Minnesanteckningar från möte med revisorerna 251107"),
            (6, "Minnesanteckningarna från LSG 251104 samt 251113"),
            (7, "Minnesanteckningar från beredningsgrupp 251120"),
            (8, "Slutgiltig medelstilldelning för 2026"),
            (9, "Information från NNS medlemsmöte den 20 november"),
            (10, "Ekonomirapport uppföljning fram tills november månads utgång"),
            (11, "Information om Fasträntekontot på 1 000 000 kr"),
            (12, "Information om nya överenskommelser"),
            (13, "Kontrollrapporter över internkontroll genomförd av ordförande"),
            (14, "Förbundet informerar"),
            (15, "Information från myndigheterna"),
            (16, "Styrelsemötet den 19 december"),
            (17, "Nytt dataskyddsombud"),
            (18, "2026 – vad vill vi, vart ska vi -Tema?"),
            (19, "AU tillsammans med insatspersonal den 22/5"),
            (20, "Övriga frågor"),
            (20, "Avslutning"),
        ],
    ),
    KALMAR_STYRELSEN: (
        "Samordningsförbundet i Kalmar län", "styrelsen", "2023-10-27",
        [
            (64, "Godkännande av dagordningen"),
            (65, "Val av protokolljusterare"),
            (66, "Protokoll från styrelsemötet 230630"),
            (67, "Muntlig information från ägardialog med Regionens arbetsutskott 29 augusti samt "
                 "kommunfullmäktige i Hultsfreds kommun 25 september"),
            (68, "Minnesanteckningar från Beredningsgruppsmöte 230922"),
            (69, "Protokoll från AU sammanträde 231006 samt information om dialogen med "
                 "riksdagsledamöter i anslutning till AU-sammanträdet"),
            (70, "Preliminär medelstilldelning 2024"),
            (71, "Miljonen – sammanställning av beviljade insatser fram tills idag"),
            (72, "NNS medlemsmöte – vårt förbunds ombud samt förslaget om höjd serviceavgift till NNS"),
            (73, "Ekonomirapport september månads utgång 2022 vs 2023"),
            (74, "Rapport om internkontroll"),
            (75, "Anmälan om delegationsbeslut"),
            (76, "Förbundet informerar"),
            (77, "Information från myndigheterna"),
            (78, "Ansökan miljonen – möjligheternas hus i Emmaboda"),
            (79, "Ansökan miljonen – Psykiatrin/FK i södra länet, målgrupp aktivitetsersättning "
                 "vid nedsatt arbetsförmåga"),
            (80, "Delårsrapport 2023"),
            (81, "Kommunikationsplan – förslag till revidering"),
            (82, "Policy för ersättning vid förlorad arbetsinkomst i samband med "
                 "Samordningsförbundets styrelsemöte"),
            (83, "Åtgärder utifrån revisorernas kommentarer i revisionsberättelsen"),
            (84, "Aktiviteter och nytt uppföljningssystem"),
            (85, "Övriga frågor"),
            (86, "Avslutning"),
        ],
    ),
    BLEKINGE: (
        "Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29",
        [
            (1, "Mötets öppnande"),
            (2, "Val av justerare"),
            (3, "Förslag till dagordning"),
            (4, "Föregående mötesprotokoll"),
            (5, "Inledning och aktuellt från NNS"),
            (6, "Ombud NNS medlemsmöte"),
            (7, "Ekonomi och intern kontroll"),
            (8, "Delårsrapport"),
            (9, "Analys av läget och möjligheter för framtiden"),
            (10, "Utökning budgetram för FINSAM-planer 2026"),
            (11, "Lärande genomlysning av konsultationsteamen"),
            (12, "Reflektioner kring RUF 18 september"),
            (13, "FINSAM Blekinge 20-årsjubileum"),
            (14, "Inbjudan Riksdagsledamöter november"),
            (16, "Övriga frågor"),
            (17, "Mötet avslutas"),
        ],
    ),
    OSTERGOTLAND: (
        "Samordningsförbundet Östra Östergötland", "styrelsen", "2026-05-29",
        [
            (35, "Fastställande av föredragningslista"),
            (36, "Uppföljning från senaste styrelsemötet"),
            (37, "Genomförd internkontroll 12 maj"),
            (38, "Medeltilldelning 2027 ställningstagande"),
            (39, "Representation i styrgrupper"),
            (40, "Styrelseutbildning 2027"),
            (41, "Samverkansmöte 25 september"),
            (42, "Genomfört medlemssamråd 24 april"),
            (43, "Budgetuppföljning april 2026"),
            (44, "Gemensam stegmodell dialog"),
            (45, "Insatser 2026 – 2027 dialog"),
            (46, "Aktuell information från förbundskansliet"),
            (47, "Verksamhetsplan uppföljning"),
            (48, "Inför samverkansmöte – dialog"),
            (49, "Övrigt"),
        ],
    ),
    SORMLAND: (
        "Samordningsförbundet RAR i Sörmland", "arbetsutskottet", "2026-03-04",
        [
            (18, "Mötets öppnande"),
            (19, "Dagordningens godkännande"),
            (20, "Val av protokolljusterare"),
            (21, "Ansökan från regionen, kompletteringar"),
            (22, "Årsredovisning 2025"),
            (23, "Styrelseledamotens personliga mandat"),
            (24, "Medlemmars beslutsordning"),
            (25, "Mötet avslutas"),
        ],
    ),
}


@pytest.mark.parametrize("name", ALL)
def test_organisation_organ_and_date(name: str) -> None:
    meeting = parsed(name)
    organisation, body, date, _ = EXPECTED[name]
    assert (meeting.organisation, meeting.body, meeting.date) == (organisation, body, date)


@pytest.mark.parametrize("name", ALL)
def test_exact_paragraph_numbers_and_titles(name: str) -> None:
    assert numbered_titles(parsed(name)) == EXPECTED[name][3]


@pytest.mark.parametrize("name", ALL)
def test_every_paragraph_has_a_distinct_id(name: str) -> None:
    ids = [p.id for p in parsed(name).paragraphs]
    assert len(ids) == len(set(ids)) and all(ids)


def test_kalmar_au_section_20_twice_keeps_both_with_distinct_ids() -> None:
    meeting = parsed(KALMAR_AU)
    first, second = paragraph(meeting, 20, 0), paragraph(meeting, 20, 1)
    assert first.id != second.id
    assert first.text == "Inga övriga frågor finns."
    assert second.text.startswith("Nästa möte blir den 20 februari")


def test_kalmar_styrelsen_date_comes_from_the_text_not_the_header() -> None:
    """'Datum: 230630' is the previous meeting; 'fredagen den 27 oktober 2023' is this one."""
    assert parsed(KALMAR_STYRELSEN).date == "2023-10-27"


def test_kalmar_styrelsen_two_line_title_does_not_leak_into_the_text() -> None:
    meeting = parsed(KALMAR_STYRELSEN)
    assert paragraph(meeting, 67).text.startswith("Förbundschefen föredrar informationstillfällena.")
    assert paragraph(meeting, 69).text.startswith("Protokoll från AU sammanträdet 231006 har varit utsänt.")


def test_kalmar_styrelsen_sentence_wrapped_before_a_year_is_one_sentence() -> None:
    """'… mot 197 deltagare\\n2022. Utöver …' is a wrapped sentence, not a list item '2022.'."""
    assert "mot 197 deltagare 2022. Utöver det" in paragraph(parsed(KALMAR_STYRELSEN), 80).text


def test_ostergotland_table_of_contents_is_not_content() -> None:
    meeting = parsed(OSTERGOTLAND)
    # The ToC says 'föredragningslistan' and 'Medelstillelning 2027'; the headings do not.
    assert paragraph(meeting, 35).text.startswith("Beslut")
    assert paragraph(meeting, 35).decisions == ["Föredragningslistan fastställs."]
    for p in meeting.paragraphs:
        assert "Innehållsförteckning" not in p.text
        assert not re.search(r"§ ?\d+\t", p.text)


def test_ostergotland_hyphenated_title_is_joined() -> None:
    assert paragraph(parsed(OSTERGOTLAND), 38).title == "Medeltilldelning 2027 ställningstagande"


# --- Furniture stays out of every paragraph --------------------------------------------

FURNITURE = [
    "Justerarens signatur", "Protokollsutdraget bestyrks", "Comfact", "Referensnummer",
    "@", "www.", "Trädgårdsgatan", "elektroniskt undertecknat", "BankID", "Transaktions-ID",
    "Underskrift", "eIDAS", "Identifieringsmetod", "Vid protokollet", "Justeras", "___", "BESLUTSLISTA",
]


@pytest.mark.parametrize("name", ALL)
def test_no_furniture_inside_any_paragraph(name: str) -> None:
    for p in parsed(name).paragraphs:
        for word in FURNITURE:
            assert word not in p.text, f"§{p.number} contains {word!r}"
            assert word not in p.title
        assert not p.text.endswith("_")


def test_kalmar_au_footer_in_the_middle_of_section_11_is_removed_and_the_decision_kept() -> None:
    p = paragraph(parsed(KALMAR_AU), 11)
    assert "Kalmar Län" not in p.text and "39235" not in p.text
    assert p.text.endswith("Arbetsutskottet beslutar att lägga informationen till handlingarna.")


@pytest.mark.parametrize(
    ("name", "number", "last_words"),
    [
        (SORMLAND, 25, "Ordförande förklarar mötet avslutat."),
        (KALMAR_STYRELSEN, 86, "Ordförande Jonas Erlandsson avslutar dagens sammanträde."),
        (KALMAR_AU, 20, "Ordförande tackar för mötet och önskar alla en God Jul och ett Gott Nytt År!"),
        (OSTERGOTLAND, 49, "Bilaga - Valdemarsvik kommun fyllnadsval av ersättare 2026-04-20"),
    ],
)
def test_last_paragraph_ends_before_the_signatures(name: str, number: int, last_words: str) -> None:
    last = parsed(name).paragraphs[-1]
    assert last.number == number
    assert last.text.endswith(last_words)


# --- Blekinge: text given back to its § after the scrambled PDF extraction --------------

BLEKINGE_LABELS = re.compile(r"Beslut 2025-5 §(\d+):\d+")


def test_blekinge_every_decision_label_sits_in_its_own_paragraph_only() -> None:
    meeting = parsed(BLEKINGE)
    raw = (CORPUS / BLEKINGE).read_text(encoding="utf-8")
    labels = {m[0] for m in BLEKINGE_LABELS.finditer(raw)}
    assert len(labels) == 8
    for label in labels:
        number = int(BLEKINGE_LABELS.match(label)[1])
        holders = [p.number for p in meeting.paragraphs if label in p.text]
        assert holders == [number], f"{label} found in {holders}"


def test_blekinge_decisions_belong_to_their_paragraph() -> None:
    meeting = parsed(BLEKINGE)
    assert any("400 000 kr" in d for d in paragraph(meeting, 11).decisions)
    assert len(paragraph(meeting, 11).decisions) == 3
    assert paragraph(meeting, 10).decisions == ["Att ramen för FINSAM-planer utökas till 12 miljoner kronor."]
    assert any("Johanna Månsson" in d for d in paragraph(meeting, 6).decisions)
    assert len(paragraph(meeting, 13).decisions) == 2
    assert any("riksdagsledamöter bjuds in" in d for d in paragraph(meeting, 14).decisions)


def test_blekinge_decision_list_at_the_end_repeats_nothing() -> None:
    holders = [p.number for p in parsed(BLEKINGE).paragraphs if "utökas till 12 miljoner" in p.text]
    assert holders == [10]


def test_blekinge_texts_of_the_first_nine_headings() -> None:
    meeting = parsed(BLEKINGE)
    assert paragraph(meeting, 1).text == "Ordförande Ingrid Hermansson förklarade mötet öppnat."
    assert paragraph(meeting, 2).text == "Styrelsen valde Karin Blomdahl till justerare."
    assert paragraph(meeting, 4).text == "Föregående mötes protokoll lades till handlingarna."
    assert paragraph(meeting, 8).text.startswith("Förbundets ekonom föredrog delårsrapporten")


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
