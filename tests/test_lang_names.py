"""Specification of index/lang/names.py: people's names in attendance lists, running text and answers."""

from __future__ import annotations

import pytest

from index.lang.names import is_not_name, listed_name, names_in, people, stated_names


@pytest.mark.parametrize(("line", "name"), [
    ("Greta Lindqvist, ordförande", "Greta Lindqvist"),
    ("Greta Maria Lindqvist\tledamot", "Greta Maria Lindqvist"),
    ("Greta Lindqvist Mölnby kommun", "Greta Lindqvist"),
    ("Greta Lindqvist Region", "Greta Lindqvist"),
    ("Ordförande Greta", None),
    ("Plats och tid", None),
])
def test_a_name_in_an_attendance_list(line, name):
    assert listed_name(line) == name


def test_a_name_in_running_text_starts_with_an_attendees_first_name():
    assert people("Ordet gick till Karin Lindqvist och Försäkringskassan.", ["Karin Berg"]) == ["Karin Lindqvist"]
    assert people("Ordet gick till Karin Lindqvist och Försäkringskassan.", []) == []  # no first name is known
    assert people("Enligt Kommunal Utveckling föreslås Torsby Kansli.", ["Karin Berg"]) == []


def test_an_attendee_first_name_counts_and_a_lone_first_name_resolves():
    assert people("Ilse Brandt redogjorde. Ilse återkommer.", ["Ilse Brandt"]) == ["Ilse Brandt"]


def test_an_initial_resolves_to_the_one_attendee_it_fits():
    assert people("Tore L. föredrog ärendet.", ["Tore Lindgren", "Tore Sjöberg"]) == ["Tore Lindgren"]


def test_organisations_months_and_weekdays_are_no_names():
    assert all(is_not_name(w) for w in ("Samordningsförbundet", "Maj", "Monday", "Styrelsen"))
    assert not is_not_name("Lindqvist")


def test_the_names_a_sentence_states_leave_its_first_word_out():
    assert stated_names("Styrelsen valde Greta Lindqvist i maj.") == ["Greta", "Lindqvist"]


def test_a_name_in_the_genitive_is_the_name():
    assert names_in("Mölnbys", "kommunen Mölnby") and not names_in("Tunaby", "kommunen Mölnby")


def test_a_double_first_name_is_two_first_names_joined():
    assert people("Ann-Charlotte R. och Per-Olov Berg redogör.", ["Ann Lind", "Charlotte Ek", "Per Olsson", "Olov Ek"]) == [
        "Ann-Charlotte R.", "Per-Olov Berg"]
