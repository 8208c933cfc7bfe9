"""Specification of the organisation a title block names (index/parse/letterhead.py)."""

from __future__ import annotations

from index.parse.letterhead import title_block, title_organisation


def test_the_title_block_ends_at_the_first_form_field() -> None:
    header = "Styrelsemöte\n\nEkbackens Schackklubb\n2024-01-08\nNärvarande:\nAnna Berg\nPer Ek"
    assert title_block(header) == ["Styrelsemöte", "Ekbackens Schackklubb", "2024-01-08"]


def test_a_title_names_the_organisation() -> None:
    assert title_organisation("Styrelsemöte\nEkbackens Schackklubb\n2024-01-08").value == "Ekbackens Schackklubb"
    assert title_organisation("Protokoll fört vid årsmöte Föreningen Ekgården\n2019-02-17").value == "Föreningen Ekgården"


def test_without_a_title_naming_the_meeting_capitalised_words_are_nobodys_name() -> None:
    assert title_organisation("Anna Berg\nPer Ek") is None
    assert title_organisation("Protokoll\t1/2023\nOrgan\tTekniska nämnden") is None


def test_a_title_that_dates_the_meeting_without_naming_it_names_the_organisation_in_two_words_or_more() -> None:
    assert title_organisation("Ekbackens Schackklubb 2024-01-08\nKallade: Anna Berg, Per Ek").value == "Ekbackens Schackklubb"
    assert title_organisation("Sundsvall 2024-01-08\nAnna Berg") is None


def test_a_transcript_that_runs_the_title_into_the_cover_keeps_the_title_up_to_the_first_field() -> None:
    header = "1 AIK Sammanträdesprotokoll 1/2024 Organ: Direktionen Närvarande: Per Ek (Skärhamra kommun)"
    assert title_block(header) == ["1 AIK Sammanträdesprotokoll 1/2024"]
    assert title_organisation(header).value == "AIK"


def test_a_club_over_a_record_word_is_named_by_its_title() -> None:
    assert title_organisation("IFK Norrvik\nSammanträdesprotokoll\nOrgan: Styrelsen").value == "IFK Norrvik"
