"""Specification of index/lang/dates.py and periods.py: every form a Swedish date is written in, the one
century rule, and the periods minutes and questions name. Invented examples."""

from __future__ import annotations

from datetime import date

import pytest

from index.lang.dates import century, date_in_name, find_dates, iso_day, mentions, year_by_weekday
from index.lang.periods import AskedPeriod, asked_period, first_period_after, mentioned_forms, shift_years, without_date_phrases, year_shift


@pytest.mark.parametrize(("text", "expected"), [
    ("Sammanträdet 2024-11-07", (2024, 11, 7)),
    ("Datum 20241107", (2024, 11, 7)),
    ("Datum: 241107", (2024, 11, 7)),
    ("onsdagen den 7 november 2024", (2024, 11, 7)),
    ("den 7:e nov. 2024", (2024, 11, 7)),
    ("6-7 november 2024", (2024, 11, 6)),
    ("November 7, 2024", (2024, 11, 7)),
    ("the 7th of November 2024", (2024, 11, 7)),
    ("Tid 7.11.2024 kl. 18", (2024, 11, 7)),
    ("Tid 7/11 2024", (2024, 11, 7)),
])
def test_every_form_of_a_full_date(text, expected):
    assert [(m.year, m.month, m.day) for m in mentions(text)] == [expected]


def test_a_day_and_month_without_a_year_is_a_mention_but_no_meeting_date():
    assert [(m.year, m.month, m.day) for m in mentions("Nästa möte den 20 februari.")] == [(None, 2, 20)]
    assert find_dates("Nästa möte den 20 februari.") == []


@pytest.mark.parametrize(("yy", "year"), [(0, 2000), (25, 2025), (40, 2040), (41, 1941), (98, 1998)])
def test_one_century_rule_for_two_digit_years(yy, year):
    assert century(yy) == year


def test_a_compact_date_follows_the_century_rule():
    assert [m.value() for m in mentions("Datum: 980326")] == [date(1998, 3, 26)]


def test_impossible_dates_are_no_dates():
    assert [m.value() for m in mentions("Dnr 2024-13-45 och 31.2.2023")] == [None]


def test_a_signing_date_is_vetoed_and_a_meeting_field_wins():
    found = {d.value.isoformat(): d.strength for d in find_dates("Sammanträdesdatum 2024-03-05\nJusteras 2024-03-12")}
    assert found["2024-03-12"] == 0 and found["2024-03-05"] > 1


def test_an_iso_day_is_checked_and_normalised():
    assert iso_day(" 2024-03-05 ") == "2024-03-05"
    with pytest.raises(ValueError):
        iso_day("5 mars 2024")


def test_a_file_name_may_carry_the_date():
    assert date_in_name("protokoll-1998-03-26.pdf") == "1998-03-26"
    assert date_in_name("protokoll-2024-02-31.pdf") is None


@pytest.mark.parametrize(("sentence", "label"), [
    ("Ärendet följs upp i oktober 2026.", "2026-10"),
    ("Återrapport senast vecka 12.", "2026-W12"),
    ("Redovisas under kvartal 3.", "2026-Q3"),
    ("Nästa möte blir den 20 februari.", "2027-02-20"),
    ("Redovisas 2026-06-01.", "2026-06-01"),
])
def test_a_due_date_lies_after_the_meeting(sentence, label):
    period = first_period_after(sentence, date(2026, 3, 4))
    assert period is not None and period.label == label


def test_a_date_before_the_meeting_is_not_due():
    assert first_period_after("Beslutet togs den 1 februari 2026.", date(2026, 3, 4)) is None


@pytest.mark.parametrize(("question", "period"), [
    ("Vad beslutades 2024-11-07?", ("2024-11-07", "2024-11-07")),
    ("Vad beslutades i november 2024?", ("2024-11-01", "2024-11-30")),
    ("Vad hände på novembermötet 2024?", ("2024-11-01", "2024-11-30")),
    ("Vad beslutades hösten 1999?", ("1999-01-01", "1999-12-31")),
    ("What was decided in 2024?", ("2024-01-01", "2024-12-31")),
    ("Hur mycket fick de för 2025 och 2026?", (None, None)),
])
def test_the_period_a_question_names(question, period):
    asked = asked_period(question)
    assert (asked.date_from, asked.date_to) == period


def test_the_latest_meeting_is_no_period_and_no_subject():
    assert asked_period("Vad beslutades på senaste mötet?") == AskedPeriod()
    assert without_date_phrases("Vad beslutades på senaste mötet?") == "Vad beslutades på ?"


def test_dates_that_became_filters_leave_the_topic():
    assert without_date_phrases("Vad beslutades om cykelpoolen i november 2024?") == "Vad beslutades om cykelpoolen i ?"


def test_the_year_before_moves_every_year_of_the_previous_question():
    assert year_shift("Och året innan?") == -1 and year_shift("And the year after?") == 1
    assert year_shift("Och ett år senare?") == 1 and year_shift("Och året tidigare?") == -1
    assert year_shift("Vad beslutades senare?") == 0 and year_shift("Och två år senare?") == 0
    assert shift_years("Budgeten för 2025 och 2026", -1) == "Budgeten för 2024 och 2025"


def test_how_a_paragraph_writes_a_date_a_question_names():
    assert "20 november" in mentioned_forms("2024-11-20", "2024-11-20")
    assert mentioned_forms("2024-11-01", "2024-11-30")[:2] == ("2024-11", "november")


def test_a_date_without_its_year_after_its_weekday_takes_the_titles_year_on_which_that_day_is_that_weekday():
    """26 March 2014 was a Wednesday, 26 March 2013 a Tuesday: 'Onsdagen den 26 mars' under a title of 2014 is
    2014-03-26; under a title of 2013 the weekday does not fit and no year is taken."""
    text = "Protokoll från ordinarie årsmöte år 2014\nOnsdagen den 26 mars kl 18.30 Plats: skolans matsal."
    assert [(d.value, d.source) for d in find_dates(text)] == [(date(2014, 3, 26), "weekday before the date")]
    assert find_dates(text.replace("2014", "2013")) == []
    mention = mentions("Årsmöte 2014. Nästa möte den 20 februari.")[0]
    assert year_by_weekday("Årsmöte 2014. Nästa möte den 20 februari.", mention) is None  # no weekday: no year
