"""Specification of which words are Swedish as written (index/lang/spelling.py). Needs hunspell-sv."""

from __future__ import annotations

import pytest

from index.lang import spelling

pytestmark = pytest.mark.skipif(not spelling.available(), reason="the Swedish dictionary (hunspell-sv) is not installed")


def test_words_are_known_as_they_are_by_their_stem_or_as_compounds() -> None:
    assert spelling.is_known("protokoll") and spelling.is_known("protokollet") and spelling.is_known("styrelsemötet")
    assert not spelling.is_known("protokojjet") and not spelling.is_known("funktinnshndrade")


def test_the_known_share_and_the_share_with_swedish_letters() -> None:
    text = "Styrelsen beslutade att godkänna protokollet och lägga rapporten till handlingarna på mötet idag"
    assert spelling.known_share(text) == 1.0
    assert spelling.known_share("för kort") is None  # too few words to judge
    assert spelling.swedish_letter_share("på mötet och idag") == 0.5
