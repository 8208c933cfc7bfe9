"""Specification of the header reader: which organisation, which of its organs, who attended."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.models import Evidence
from index.parse import header as hdr
from index.parse.protocol import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(
    ("text", "organisation", "body"),
    [
        (
            "Protokoll fört vid sammanträde med arbetsutskottet för Samordningsförbundet i \n"
            "Kalmar län fredagen den 5 december 2025.",
            "Samordningsförbundet i Kalmar län", "arbetsutskottet",
        ),
        ("Protokoll Styrelsemöte i Samordningsförbundet i Blekinge", "Samordningsförbundet i Blekinge", "styrelsen"),
        (
            "PROTOKOLL\n\nfört vid sammanträde med Arbetsutskottet, Samordningsförbundet RAR i Sörmland",
            "Samordningsförbundet RAR i Sörmland", "arbetsutskottet",
        ),
        ("Nämnd\nSamordningsförbundet Östra Östergötland\nSammanträdesdag", "Samordningsförbundet Östra Östergötland", "styrelsen"),
        (
            "Protokoll fört vid presidiets sammanträde, Samordningsförbundet Centrala Östergötland",
            "Samordningsförbundet Centrala Östergötland", "presidiet",
        ),
        ("Protokoll från beredningsgruppen i Finsamförbundet i Norra Bohuslän", "Finsamförbundet i Norra Bohuslän", "beredningsgruppen"),
        ("Protokoll fört vid sammanträde med Socialnämnden i Nybro kommun", "Nybro kommun", "socialnämnden"),
        ("Tallmo församling\nPROTOKOLL 3/2024\nfört vid sammanträde med kyrkorådet i Tallmo församling", "Tallmo församling",
         "kyrkorådet"),
    ],
)
def test_organisation_and_organ(text: str, organisation: str, body: str) -> None:
    assert hdr.organisation(text, text) == organisation
    assert hdr.body(text, text) == body


def test_unknown_organisation_is_said_plainly() -> None:
    assert hdr.organisation("Mötesanteckningar", "Mötesanteckningar") == "Okänd organisation"


def test_organ_from_who_decides_when_the_header_does_not_say() -> None:
    text = "Protokoll\n\n§1 Budget\nArbetsutskottet beslutar att godkänna budgeten.\nArbetsutskottet föreslår styrelsen att anta planen."
    assert hdr.body("Protokoll", text) == "arbetsutskottet"


def test_attendees_from_a_tabbed_list_stop_at_the_guests() -> None:
    header = (
        "Närvarande\n\nHelena Koch\tOrdförande (Region Sörmland)\nOwe Ek\tFörsta vice ordförande\n\n"
        "Gäster §21\n\nAnn-Charlotte Rydberg\tRegion Sörmland"
    )
    assert hdr.attendees(header) == ["Helena Koch", "Owe Ek"]


def test_attendees_from_the_real_protocols() -> None:
    sormland = parse_file(CORPUS / "sormland-rar-arbetsutskottet-2026-03-04.txt")
    assert sormland.attendees == [
        "Helena Koch", "Owe Ek", "Anna Gripenberg", "Oleg Kosovic", "Sam Farsani",
        "Charlotta Skålén", "Nils Perers", "Viola Westberg",
    ]
    kalmar = parse_file(CORPUS / "kalmar-arbetsutskottet-2025-12-05.txt")
    assert kalmar.attendees == [
        "Jonas Erlandsson", "Madelene Rosenqvist", "Lucas Lodge", "Roger Holmberg", "Jeanette Gustafsson", "Joakim Ivarsson",
    ]
    kalmar_styrelsen = parse_file(CORPUS / "kalmar-styrelsen-2023-10-27.txt")
    assert "Isabell Lindahlen" in kalmar_styrelsen.attendees  # not 'Isabell Lindahlen Nybro'
    assert "Per-Olov Johansson" in kalmar_styrelsen.attendees
    assert len(kalmar_styrelsen.attendees) == 23


@pytest.mark.parametrize(
    ("header", "organisation", "source"),
    [
        ("STORÅS KOMMUN SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen", "Storås kommun", "letterhead"),
        ("ÖSTERVIKS STAD\nStadsstyrelsen", "Österviks stad", "letterhead"),
        ("Protokoll\nVästerdalens Hembygdsförbund\nStyrelsemöte", "Västerdalens Hembygdsförbund", "letterhead"),
        ("Årsmöte med föreningen ”Gamla Bruket 1902” den 9 april 2018.", "Föreningen ”Gamla Bruket 1902”", "letterhead"),
        ("Styrelsemöte 2 i Förening för öppen data i Norrland\n2019-03-04", "Förening för öppen data i Norrland", "letterhead"),
        ("Protokoll fört vid styrelsemöte\nNärvarande\nAnna Berg (Lunda kommun)", "Okänd organisation", ""),
        ("Vattenförbundet Nordmyran\nSammanträdesprotokoll 2/2024\nOrgan: Direktionen\nNärvarande: Per Ek, ordförande "
         "(Lunda kommun)", "Vattenförbundet Nordmyran", "letterhead"),
        ("Brf Tallbacken 7\nProtokoll styrelsemöte\nNärvarande: Per Ek (Lunda kommun)", "Brf Tallbacken 7", "letterhead"),
    ],
)
def test_organisation_from_letterhead_never_from_a_member_in_brackets(header: str, organisation: str, source: str) -> None:
    found = hdr.organisation_found(header, header)
    assert (found.value, found.source) == (organisation, source)


def test_the_municipality_is_the_place_the_text_names_most_not_a_garbled_reading() -> None:
    """A scanner's OCR may garble a few lines ('Nksnruebk stad' three times on an appeals page) while the protocol
    names its place everywhere else ('i Norrvike', 'Norrvikeveckan'): the place named most wins."""
    text = ("Ärende om idrottsplanen i Norrvike.\nNorrvike stad ser helst att föreningarna ordnar tider.\n"
            "Under Norrvikeveckan hölls evenemang i Norrvike.\n"
            "Begäran lämnas till Nksnruebk stads registratur.\nKontakt: Nksnruebk stad\nPB 29 Nksnruebk stad\n")
    assert hdr.organisation("Protokoll", text) == "Norrvike stad"


def test_a_slogan_is_not_the_organisation() -> None:
    header = "Storås – ön för hela livet\nSAMMANTRÄDESPROTOKOLL\n\n\n\n\n\nOrgan Kommunstyrelsen\nStorås kommun"
    assert hdr.organisation_found(header, header).value == "Storås kommun"


@pytest.mark.parametrize(
    ("header", "numbering", "body", "source"),
    [
        ("Organ Kommunfullmäktige Sammanträdesdatum", "", "kommunfullmäktige", "'Organ' field"),
        ("Organ Barn- och skolnämnden\nSammanträdesdatum 2006-05-22", "§ N", "barn- och skolnämnden", "'Organ' field"),
        ("Organ Socialnämnden", "Snau § N", "arbetsutskottet", "numbering 'Snau § N'"),  # an utskott files under its nämnd
        ("Plats och tid Kommunhuset", "KS N", "kommunstyrelsen", "numbering 'KS N'"),
        ("Kommunstyrelseförvaltningen, kansliet", "", "styrelsen", "assumed (no organ named)"),
        ("Protokoll från Höstmöte för Byns förening", "N.", "höstmöte", "'Protokoll från Höstmöte'"),
        ("Protokoll från allmänt möte i Norrby byalag", "N/", "allmänt möte", "'Protokoll från allmänt möte'"),
        ("Protokoll fört vid ordinarie bolagsstämma med aktieägarna", "N.", "bolagsstämman",
         "'Protokoll fört vid ordinarie bolagsstämma'"),
    ],
)
def test_organ_with_where_it_was_read(header: str, numbering: str, body: str, source: str) -> None:
    found = hdr.body_found(header, header, numbering)
    assert (found.value, found.source) == (body, source)


@pytest.mark.parametrize(("header", "organisation"), [
    ("Protokoll från årsmöte 2021-08-15\nmed deltagarna i ”Norrby Dikningsföretag av år 1931”",
     "Norrby Dikningsföretag av år 1931"),
    ("Protokoll från årsmöte i Norrby Torrläggningsföretag år 1962", "Norrby Torrläggningsföretag år 1962"),
    ("Protokoll från allmänt möte i Norrby Skifteslag 2020-08-15.", "Norrby Skifteslag"),
    ("Protokoll från allmänt möte i Norrby Skifteslag/Byalag 2020-08-15.", "Norrby Skifteslag/Byalag"),
    ("Ekeby Byalag\tPROTOKOLL\nMötesform\nÅrsmöte\nsamt 12 medlemmar i Ekeby Villaägareförening", "Ekeby Byalag"),
    ("Norrby\tNorrby 2024-08-17\nVägsamfällighet\nProtokoll från Norrby Vägsamfällighets årsmöte 2024-08-17.",
     "Norrby Vägsamfällighet"),
    ("Norrby\tNorrby 2012-08-12\nVägsamfällighet\nProtokoll från styrelsemöte 2012-08-12.\nNärvarande:\tAnna Berg",
     "Norrby Vägsamfällighet"),
    ("Årsmöte Sjöviks BK 2024\nNärvarande:", "Sjöviks BK"),
    ("Protokoll styrelsemöte\nSjöstadens studentkår\n2024-03-01", "Sjöstadens studentkår"),
    ("Protokoll fört vid styrelsemöte i Brf Linden 2024-05-02\nNärvarande:", "Brf Linden"),
    ("Styrelseprotokoll Vintergatans vägförening\n2024-05-02", "Vintergatans vägförening"),
    ("PROTOKOLL\nProtokoll fört vid ordinarie bolagsstämma med aktieägarna i Norrvik Energi Holding\nAB, 556000-0000",
     "Norrvik Energi Holding AB"),
    ("Protokoll fört vid ordinarie bolagsstämma med aktieägarna i NORRVIK ENERGI\nHOLDING AB (publ), 556000-0000",
     "NORRVIK ENERGI HOLDING AB"),
])
def test_associations_of_every_kind_are_named_by_their_letterhead_or_title(header: str, organisation: str) -> None:
    """A village's 'lag', the water law's 'företag', a student union, a bostadsrättsförening by its abbreviation, a
    sports club by its own and a company ('AB', at times on the next line) are organisations like a förening: the name
    as written (also in the genitive of a title, by two kinds, or set over two lines of a letterhead's left column),
    quotes aside; a water-law företag keeps the year
    it is registered under."""
    assert hdr.organisation_found(header, header).value == organisation



@pytest.mark.parametrize("header, organisation", [
    ("IFK Norrvik\nSammanträdesprotokoll\nOrgan: Styrelsen\nNärvarande: Per Ek, ledamot\nAnna Berg, ersättare, "
     "Skärhamra kommun", "IFK Norrvik"),
    ("AIK\nPROTOKOLL 1/2024\nfört vid sammanträde med styrelsen i AIK den 16 februari 2024\nPlats: Norrviks kommuns "
     "sporthall\nNärvarande: Per Ek, ersättare, Skärhamra kommun", "AIK"),
    ("AIK\tPROTOKOLL Styrelsen\nAIK\nSammanträdesprotokoll 1/2024\nOrgan: Styrelsen", "AIK"),
    ("1 AIK Sammanträdesprotokoll 1/2024 Organ: Styrelsen Närvarande: Per Ek, ersättare, Skärhamra kommun", "AIK"),
    ("Styrelsemöte Norrviks GoIF 2024-03-05\nNärvarande: Per Ek (Skärhamra kommun)", "Norrviks GoIF"),
    ("Norrvik IF — protokoll från årsmöte\nPlats: Skärhamra kommunhus", "Norrvik IF"),
    ("Protokoll fört vid styrelsemöte med Sällskapet Gamla Norrvik\nNärvarande: Per Ek (Skärhamra kommun)",
     "Sällskapet Gamla Norrvik"),
    ("SKÄRHAMRA KOMMUN KOMMUNSTYRELSE\nTranskript\n1 KALLELSE KS 4 Bidrag till Skärhamra Ungdomsförening",
     "Skärhamra kommun"),
    ("Avskrift av protokoll/Per Ek:\nStyrelsemöte fört med Bygdeföreningen ”Norrvik” den 21 juni 2026.", "Bygdeföreningen Norrvik"),
])
def test_the_title_and_letterhead_name_the_club_before_any_municipality_the_cover_names(header: str, organisation: str) -> None:
    """The protocol's title and letterhead name whose meeting it is, by a kind word, an abbreviation or none
    ('AIK'); a municipality the cover or the text names elsewhere (an attendee's, the hall's) never outweighs it."""
    text = header + "\n§ 1 Bidrag\nSkärhamra kommun beviljade bidraget. Skärhamra kommun bjöd in till möte."
    assert hdr.organisation_found(header, text).value == organisation


def test_a_samordningsforbund_named_only_in_the_text_does_not_outweigh_the_title() -> None:
    header = "Styrelsemöte Norrviks BK 2024-03-05\nNärvarande: Per Ek"
    text = header + "\n§ 4 Bidrag\nSamordningsförbundet Skärhamra beviljade bidraget till fritidsprojektet."
    assert hdr.organisation_found(header, text).value == "Norrviks BK"



def test_a_club_the_text_names_as_the_owner_of_its_organ_outweighs_a_municipality_the_text_talks_about() -> None:
    """A title without the club's name (its logo an image): 'Norrvik IF:s styrelse beslutade' names whose meeting it
    was; 'Skärhamra kommun', named more often, is only talked about."""
    header = "Protokoll\nNärvarande: Per Ek, Anna Berg"
    text = header + ("\n§ 1 Bidrag\nNorrvik IF:s styrelse beslutade att söka bidrag från Skärhamra kommun. Skärhamra "
                     "kommun svarar i maj. Skärhamra kommun äger hallen.")
    assert hdr.organisation_found(header, text) == Evidence("Norrvik IF", "association owning the organ in the text")
    assert hdr.organisation_found(header, text.replace("Norrvik IF:s styrelse", "Styrelsen")).value == "Skärhamra kommun"
