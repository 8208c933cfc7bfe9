"""English board-meeting words become the Swedish words protocols use, so BM25 finds Swedish §."""

import pytest

from index.lang.glossary import read_vocabulary, to_swedish_terms


def test_english_terms_get_their_swedish_words():
    assert to_swedish_terms("What did the board decide about the surplus?") == "styrelsen beslutar besluta beslut överskott"
    assert to_swedish_terms("Who will check the minutes?") == "justera justerare protokolljusterare"


def test_an_english_plural_finds_its_singular():
    assert to_swedish_terms("Which themes were discussed?") == "tema"


def test_an_item_number_is_a_paragraph_number():
    assert to_swedish_terms("Why was item 11 taken before section 10?") == "§11 §10"


def test_a_swedish_question_has_no_english_terms():
    assert to_swedish_terms("Vad beslutade styrelsen om överskottet?") == ""
    assert to_swedish_terms("Hur ska förbundet visa sitt resultat för man och mark?") == ""


def test_a_vocabulary_line_without_swedish_words_is_refused_by_line(tmp_path):
    path = tmp_path / "vocabulary.tsv"
    path.write_text("# comment\nsurplus\töverskott\nwinter road\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        read_vocabulary(path)
