"""Specification of the protocol parser (index/parse/protocol.py), read off the five real protocols in corpus/: who
met, when, the exact § list, furniture kept out, Blekinge's scrambled text given back to its §. Small invented
variants of the same traps, so the parser is not fitted to five files, are in tests/test_parse_invented.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.models import Meeting
from index.parse.protocol import parse_file

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
