"""Specification of meeting-date detection: the forms Swedish protocols write dates in, and
which date is the meeting's own when several appear."""

from __future__ import annotations

from datetime import date

import pytest

from index.dates import find_dates, meeting_date


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Datum: 251205", "2025-12-05"),
        ("Protokoll fört vid sammanträde med arbetsutskottet fredagen den 5 december 2025.", "2025-12-05"),
        ("Protokoll Nr. 2025-5\nSammanträdesdatum 2025-09-29", "2025-09-29"),
        ("Datum: 2026-03-04, kl. 8-10", "2026-03-04"),
        ("Tid Datum 2026-05-29. Kl. 08.30-12.00", "2026-05-29"),
        ("Sammanträdesdag\n2026-05-29", "2026-05-29"),
        ("Styrelsemötet hölls Måndag 2025-09-29 kl. 09.00 - 12.00", "2025-09-29"),
        ("Tid: onsdagen den 1 mars 2023, kl. 13.00", "2023-03-01"),
        ("Mötet ägde rum den 3:e juni 2024.", "2024-06-03"),
    ],
)
def test_date_forms(header: str, expected: str) -> None:
    assert meeting_date(header) == expected


def test_weekday_date_in_the_text_beats_a_header_date_of_the_previous_meeting() -> None:
    """Kalmar: 'Datum: 230630' names the previous meeting; the weekday cue names this one."""
    header = "Datum: 230630\n\nProtokoll fört vid sammanträde med styrelsen.\n\nTid: fredagen den 27 oktober 2023\n"
    assert meeting_date(header) == "2023-10-27"


def test_sammantradesdatum_beats_a_later_signing_date() -> None:
    header = "Sammanträdesdatum 2024-02-14\nJustering 2024-02-20\nAnslag 2024-02-21"
    assert meeting_date(header) == "2024-02-14"


def test_without_any_cue_the_first_date_wins() -> None:
    assert meeting_date("Protokoll 2024-02-14\nBilaga daterad 2024-01-30") == "2024-02-14"


def test_impossible_dates_are_ignored() -> None:
    assert meeting_date("Diarienummer 251399\nDatum: 2024-13-40") is None
    assert [d.value for d in find_dates("Datum 240230 och 2024-02-29")] == [date(2024, 2, 29)]


def test_no_date() -> None:
    assert meeting_date("Protokoll utan datum") is None
