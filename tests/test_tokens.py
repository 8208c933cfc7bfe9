"""Swedish tokens: the same words on both sides of every lexical comparison, compounds also by their parts."""

import logging

import pytest

from index.lang.tokens import HUNSPELL_SV, Lexicon, _hunspell, compound_parts, tokenize, words

needs_hunspell = pytest.mark.skipif(not HUNSPELL_SV.is_file(), reason="Debian package hunspell-sv is not installed")


def test_a_hyphenated_compound_is_given_whole_and_in_parts():
    assert words("IT-system") == ["itsystem", "it", "system"]


def test_an_acronym_also_yields_its_spelled_out_words():
    assert "arbetsförmedlingen" in words("AF")


@needs_hunspell
def test_a_closed_compound_also_yields_its_first_and_last_part():
    assert words("Snöröjningsavtalet") == ["snöröjningsavtalet", "snöröjning", "avtalet"]
    assert tokenize("Snöröjningsavtalet") == ["snöröjningsavtal", "snöröjning", "avtal"]
    assert compound_parts("barnomsorgsavgiften") == ("barnomsorg", "avgiften")


@needs_hunspell
def test_a_compound_with_or_without_its_linking_s_shares_its_head_with_the_other_spelling():
    asked, written = set(tokenize("Vattentilldelning")), set(tokenize("vattenstilldelningen"))
    assert {"tilldelning", "vatt"} <= asked & written


@needs_hunspell
def test_a_word_that_is_no_compound_stays_whole():
    assert compound_parts("styrelsen") == ()
    assert compound_parts("budget") == ()


def test_without_the_dictionary_compounds_stay_whole_and_the_log_says_why(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert _hunspell(tmp_path / "sv_SE.dic") == Lexicon({}, frozenset())
    assert "hunspell-sv" in caplog.text
