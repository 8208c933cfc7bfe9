"""Specification of index/lang/numbers.py: one normaliser of Swedish numbers, amounts in kronor, counts."""

from __future__ import annotations

import pytest

from index.lang.numbers import Amount, amounts, has_count, normalise, number_tokens, numbers, value, writes_number


@pytest.mark.parametrize(("written", "plain"), [("7 799 000", "7799000"), ("7.799.000", "7799000"),
                                                ("7\u00a0799\u00a0000", "7799000"), ("10,5", "10,5"), ("1.5", "1.5")])
def test_one_normaliser_takes_the_grouping_out(written, plain):
    assert normalise(written) == plain


def test_values_of_numbers_and_number_words():
    assert (value("10,7"), value("13 618"), value("två")) == (10.7, 13618.0, 2.0)


@pytest.mark.parametrize(("text", "kronor"), [
    ("Budgeten är 12 miljoner kronor.", [12_000_000]),
    ("Ramen blir 13 618 tkr.", [13_618_000]),
    ("Fakturan på 704.000 kr betalas.", [704_000]),
    ("Höjningen från 10,7 till 12 miljoner.", [10_700_000, 12_000_000]),
    ("Bidraget är två miljoner.", [2_000_000]),
    ("Ett anslag på 3,5 mkr.", [3_500_000]),
])
def test_amounts_in_kronor(text, kronor):
    assert [a.kronor for a in amounts(text)] == kronor


def test_each_amount_once():
    assert amounts("50 000 kr och åter 50 000 kr") == [Amount("50 000 kr", 50_000)]


def test_a_year_is_no_amount():
    assert amounts("Verksamhetsplan 2026 antogs.") == []


@pytest.mark.parametrize("text", ["42 deltagare kom", "andelen var 15 %", "3 st platser", "12 personer"])
def test_counts(text):
    assert has_count(text)


def test_a_number_in_any_grouping_is_the_same_number():
    assert writes_number("7 799 000", "totalt 7.799.000 kronor")
    assert not writes_number("7 800 000", "totalt 7.799.000 kronor")
    assert numbers("12 500 kr och 3,5 mkr") == {"12500", "3,5"}


def test_number_tokens_keep_dates_and_labels_whole():
    assert number_tokens("§ 10:1 den 2024-11-07") == {"10:1", "2024-11-07"}
