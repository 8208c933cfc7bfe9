"""Specification of index/lang/sentences.py: the one splitter of minutes and answers."""

from __future__ import annotations

from index.lang.sentences import runs_on, sentences, split_line, without_list_mark


def test_a_sentence_ends_before_a_capital():
    assert split_line("Styrelsen beslutar att anta planen. Ordföranden tackar.") == [
        "Styrelsen beslutar att anta planen.", "Ordföranden tackar."]


def test_abbreviations_and_times_end_no_sentence():
    assert split_line("Mötet började kl. 13.00 och bl.a. budgeten ca. 5 000 kr diskuterades.") == [
        "Mötet började kl. 13.00 och bl.a. budgeten ca. 5 000 kr diskuterades."]


def test_quotes_and_citation_markers_stay_with_their_sentence():
    assert split_line('Han sa "nej." Beslutet står [1]. Nästa [2]') == ['Han sa "nej."', "Beslutet står [1].", "Nästa [2]"]


def test_lines_stay_apart_and_list_marks_go():
    assert sentences("- Punkt ett\n2) Punkt två. Mer text\n• o Underpunkt") == [
        "Punkt ett", "Punkt två.", "Mer text", "Underpunkt"]
    assert without_list_mark("  - o 3. Att godkänna") == "Att godkänna"


def test_more_than_one_sentence_runs_on():
    assert runs_on("Val av justerare. Anna valdes") and not runs_on("Val av justerare")
