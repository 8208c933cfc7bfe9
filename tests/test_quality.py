"""Specification of judging a page's text (index/read/quality.py) and of correcting a poor text layer by OCR
word by word (index/read/reread.py). Needs the Swedish dictionary (hunspell-sv)."""

from __future__ import annotations

import pytest

from index.lang import spelling
from index.read import quality
from index.read.layout import Line, PageLayout, Style, Word
from index.read.ocr import OcrWord
from index.read.reread import corrected

pytestmark = pytest.mark.skipif(not spelling.available(), reason="the Swedish dictionary (hunspell-sv) is not installed")

GOOD = ("Styrelsen beslutade att godkänna protokollet från förra mötet och att lägga rapporten till handlingarna. "
        "Kassören redovisade föreningens ekonomi och årets resultat för medlemmarna.")
BROKEN_FONT = ("Styrelsen beslutade att godkänna protokojjet från förra mötet och att jägga rapporten tjj handjingarna. "
               "Kassören redovisade föreningens ekonomi och årets resujtat för medjemmarna.")


def test_a_sound_text_layer_is_not_read_again_and_a_broken_one_is() -> None:
    assert not quality.is_poor(GOOD)
    assert quality.is_poor(BROKEN_FONT)
    assert quality.better(GOOD, BROKEN_FONT) and not quality.better(BROKEN_FONT, GOOD)


def test_lost_swedish_letters_and_broken_labels_lower_the_score() -> None:
    plain = " ".join(["Styrelsen beslutade att godkanna protokollet fran mote pa kansliet"] * 7)
    assert quality.score(plain) < (spelling.known_share(plain) or 0)
    assert quality.broken_labels("6/\nText.\ns/\ntL/\n13/\n§ 5\n12 a.") == 2


def test_too_little_text_is_not_judged() -> None:
    assert quality.score("§ 3 Budget") is None and not quality.is_poor("§ 3 Budget")


STYLE = Style(11.0, True, False)


def _word(text: str, x: float) -> Word:
    return Word(text, x, x + 8 * len(text), 100, 112, 110, STYLE)


def _ocr(text: str, x: float, confidence: float = 95) -> OcrWord:
    return OcrWord(text, x, x + 8 * len(text), 101, 113, (1, 1, 1), confidence)


def test_ocr_corrects_the_unsound_words_of_a_layer_and_keeps_its_style_and_place() -> None:
    layer = PageLayout(1, 595, 842, (Line((_word("16", 60), _word("§", 80), _word("beslutfrhet", 100))),))
    fixed, changed = corrected(layer, [_ocr("16", 60), _ocr("$", 80), _ocr("beslutförhet", 100)])
    assert changed == 1
    assert [w.text for w in fixed.lines[0].words] == ["16", "§", "beslutförhet"]
    assert fixed.lines[0].words[2].style == STYLE


def test_words_split_differently_are_compared_as_a_group() -> None:
    layer = PageLayout(1, 595, 842, (Line((_word("fö", 60), _word("reta", 80), _word("gets", 116))),))
    fixed, _ = corrected(layer, [OcrWord("företagets", 60, 148, 101, 113, (1, 1, 1), 90)])
    assert [w.text for w in fixed.lines[0].words] == ["företagets"]


def test_a_confident_sound_word_where_the_layer_has_none_is_added() -> None:
    layer = PageLayout(1, 595, 842, (Line((_word("Kassan", 200),)),))
    fixed, _ = corrected(layer, [_ocr("15/", 60), _ocr("Kassan", 200), _ocr("x%#", 400, confidence=30)])
    assert [w.text for w in fixed.lines[0].words] == ["15/", "Kassan"]


def test_no_page_of_sound_invented_minutes_is_judged_poor() -> None:
    """The score under which a layer is read again lies below every page-sized part of the invented protocols of
    evals/layouts (sound Swedish minutes in eight layouts): a sound text layer is never sent to OCR."""
    from pathlib import Path

    from benchmarks.text_quality import page_scores

    folder = Path(__file__).resolve().parent.parent / "evals" / "layouts"
    scores = [s for f in sorted(folder.glob("*.txt")) for s in page_scores(f.read_text(encoding="utf-8"))]
    assert len(scores) >= 10 and min(scores) > quality.REREAD_BELOW


def test_a_scanners_ocr_layer_must_read_as_well_as_typical_minutes_a_typeset_layer_as_the_poorest_sound_ones() -> None:
    """A scanner's invisible OCR layer is a machine's guess: read again unless it reads like typical sound minutes.
    A typeset layer is the author's text: read again only below every sound page."""
    text = ("Styrelsen beslutade att godkänna protokollet från förra mötet och att lägga rapporten till handlingarna. "
            "Kassören Gunnvor Tjällqvist redovisade föreningens ekonomi och årets resultat för medjemmarna i Bjässtorp.")
    assert quality.REREAD_BELOW < (quality.score(text) or 0) < quality.SCAN_LAYER_REREAD_BELOW
    assert quality.is_poor(text, scan_layer=True) and not quality.is_poor(text)
