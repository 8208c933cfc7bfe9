"""Specification of meeting-date detection: the forms Swedish protocols write dates in, and
which date is the meeting's own when several appear."""

from __future__ import annotations

from datetime import date

import pytest

from index.lang.dates import MIN_BODY_STRENGTH, find_dates
from index.parse.header import meeting_date, meeting_date_found


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


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("PROTOKOLL 14.03.2021", "2021-03-14"),  # Finland-Swedish d.m.yyyy
        ("Sammanträdestid: Onsdagen 8.9.2021 kl. 18.00", "2021-09-08"),
        ("Styrelsemöte med föreningen tisd, den 22/10 1991.", "1991-10-22"),
        ("Ordföranden öppnade mötet 20190407.", "2019-04-07"),
        ("BSN 980326", "1998-03-26"),  # a two-digit year after the pivot is 19xx
        ("Möte med styrelsen den 17-18 mars 2023", "2023-03-17"),  # a two-day meeting: the first day
        ("Styrelsemöte 2019-03-04 till och med 2019-03-08", "2019-03-04"),
        ("Årsmöte den 27 febr 1991", "1991-02-27"),
    ],
)
def test_more_date_forms(header: str, expected: str) -> None:
    assert meeting_date(header) == expected


@pytest.mark.parametrize(
    "header",
    [
        "Justeringens plats och tid Kansliet 2019-03-18",
        "Anslaget sätts upp: 2019-05-16 Anslaget tas ned: 2019-06-07",
        "Datum för anslags uppsättande 2006-05-30",
        "Genomgång av föregående protokoll 2019-02-01",
        "Mötet avslutades fredagen den 8 mars 2019.",
    ],
)
def test_signing_posting_earlier_and_closing_dates_are_never_the_meeting_date(header: str) -> None:
    assert meeting_date(header) is None


def test_the_date_says_where_it_came_from() -> None:
    found = meeting_date_found("Organ Socialnämnden\nSammanträdesdatum 2019-03-11\nJusterat 2019-03-18")
    assert (found.value, found.source) == ("2019-03-11", "'Sammanträdesdatum' field")
    assert meeting_date_found("Protokoll 2019-03-11").source == "protocol heading"


def test_after_the_first_paragraph_only_a_date_named_as_the_meetings_counts() -> None:
    assert meeting_date_found("Beslut om bidrag 2019-04-01.", MIN_BODY_STRENGTH) is None
    assert meeting_date_found("Sammanträdet hölls den 3 maj 2019.", MIN_BODY_STRENGTH).value == "2019-05-03"
