"""Specification of how a protocol's title names its organisation (index/lang/titles.py)."""

from __future__ import annotations

import pytest

from index.lang.titles import kind_first_name, names_meeting, title_name, without_meeting_words


@pytest.mark.parametrize("line, name", [
    ("Styrelsemöte - Fågelsångens vänner", "Fågelsångens vänner"),
    ("Årsmöte - Ekbackens Schackklubb", "Ekbackens Schackklubb"),
    ("Gröna Partiet\tStyrelsemöte\t3 mars 2024", "Gröna Partiet"),
    ("Protokoll från årsmöte 2023-08-19 i Norrby Dikningsföretag av år 1931", "Norrby Dikningsföretag"),
    ("Protokoll från årsmöte med deltagarna i ”Norrby Dikningsföretag”", "Norrby Dikningsföretag"),
    ("Protokoll från allmänt möte i Ekbackens byalag", "Ekbackens byalag"),
    ("Verksamhetsåret 2023 Ekbackens Schackklubb", "Ekbackens Schackklubb"),
    ("Styrelsemöte", None),
    ("Möte med föreningens styrelse den 17-18 mars 2023", None),
    ("PROTOKOLL NR 4/2023", None),
    ("Plats och tid Kommunhuset", None),
    ("EKBACKENS SCHACKKLUBB", "Ekbackens Schackklubb"),
    ("ÅRSMÖTE I EKBACKENS SCHACKKLUBB", "Ekbackens Schackklubb"),
    ("Ekbackens Schackklubbs vårmöte - Protokoll (2024-05-24)", "Ekbackens Schackklubb"),
    ("JUSTERAT PROTOKOLL", None),
    ("Styrelsen, nr 3\tEKBACKENS SCHACKKLUBB", "Ekbackens Schackklubb"),
    ("Justerat protokoll 2024-05-24", None),
])
def test_a_title_line_leaves_the_organisations_name(line: str, name: str | None) -> None:
    assert title_name(line) == name


def test_a_name_opening_with_its_kind_and_a_name_caught_with_a_meeting_word() -> None:
    assert kind_first_name("Protokoll fört vid årsmöte Föreningen Ekgården 2019") == "Föreningen Ekgården"
    assert without_meeting_words("Årsmöte Trollbäckens Judoklubb") == "Trollbäckens Judoklubb"


def test_a_kind_first_name_keeps_its_house_number_and_a_kommunalforbund_its_place() -> None:
    assert kind_first_name("Brf Tallbacken 7\nStyrelsemöte 2025-03-04") == "Brf Tallbacken 7"
    assert kind_first_name("Bostadsrättsföreningen Eken 12 Protokoll") == "Bostadsrättsföreningen Eken 12"
    assert kind_first_name("Föreningen Ekgården 2019-02-17") == "Föreningen Ekgården"
    assert kind_first_name("Föreningen Ekgården 14.30") == "Föreningen Ekgården"
    assert kind_first_name("Vattenförbundet Nordmyran\nSammanträdesprotokoll 2/2024") == "Vattenförbundet Nordmyran"
    assert names_meeting("Styrelsemöte") and not names_meeting("Fågelsångens vänner")


def test_any_forenings_kind_opens_its_name_which_loses_its_genitive_before_the_meeting() -> None:
    """'Protokoll fört vid Kollektivhusföreningen Ekbackens årsmöte': a förening of any kind names itself kind first,
    and in the genitive before the meeting's word the name loses its -s."""
    assert kind_first_name("Protokoll fört vi Kollektivhusföreningen Ekbackens årsmöte") == "Kollektivhusföreningen Ekbacken"
    assert kind_first_name("Hyresgästföreningen Tallbacken\nStyrelsemöte") == "Hyresgästföreningen Tallbacken"
    assert kind_first_name("Föreningen Ekgårdens") == "Föreningen Ekgårdens"  # no meeting after it: no genitive to drop
    assert kind_first_name("Kollektivhusföreningen Protokoll fört vid årsmötet") is None  # a logo's kind over the title
    assert kind_first_name("Föreningen Ekgårdens Årsmöte 2019") == "Föreningen Ekgården"


@pytest.mark.parametrize("line, name", [
    ("IFK Norrvik", "IFK Norrvik"),
    ("AIK Sammanträdesprotokoll 1/2024", "AIK"),
    ("Protokoll 2024-02-16 · Sida 1", None),
    ("Sammanträdesprotokoll 1/2024", None),
])
def test_a_club_named_without_a_kind_word_and_a_page_count_that_names_nobody(line: str, name: str | None) -> None:
    """A club's name is a name without a kind word ('IFK Norrvik'); an acronym before the record's word is the name,
    not a word qualifying the record ('AIK Sammanträdesprotokoll'); 'Sida 1' counts pages."""
    assert title_name(line) == name


def test_a_compound_closing_with_a_meeting_word_names_the_meeting() -> None:
    from index.lang.titles import is_meeting_word

    assert names_meeting("Sammanträdesprotokoll") and names_meeting("Extraårsmöte")
    assert is_meeting_word("styrelsemötesprotokoll") and not is_meeting_word("Norrvik") and not is_meeting_word("möte s")
    assert kind_first_name("IFK Norrvik Sammanträdesprotokoll") == "IFK Norrvik"


def test_a_kind_written_in_lower_case_inside_a_title_opens_the_name() -> None:
    assert kind_first_name("Protokoll fört vid kollektivhusföreningen Ekbackens årsmöte 18 februari") == \
        "Kollektivhusföreningen Ekbacken"
