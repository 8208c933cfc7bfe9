"""English board-meeting words become the Swedish words protocols use, so BM25 finds Swedish §."""

import gzip

import pytest

from assistant.glossary import FREEDICT, read_freedict, read_vocabulary, to_swedish_terms
from index.tokens import HUNSPELL_SV

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def test_english_terms_get_their_swedish_words():
    assert to_swedish_terms("What did the board decide about the surplus?") == "styrelsen beslutar besluta beslut överskott"
    assert to_swedish_terms("Who will check the minutes?") == "justera justerare protokolljusterare"


def test_an_english_plural_finds_its_singular():
    assert to_swedish_terms("Which themes were discussed?") == "tema"


def test_an_item_number_is_a_paragraph_number():
    assert to_swedish_terms("Why was item 11 taken before section 10?") == "§11 §10"


@pytest.mark.skipif(not HUNSPELL_SV.is_file(), reason="Debian package hunspell-sv is not installed")
def test_a_swedish_question_has_no_english_terms():
    assert to_swedish_terms("Vad beslutade styrelsen om överskottet?") == ""
    assert to_swedish_terms("Hur ska förbundet visa sitt resultat för man och mark?") == ""


def test_a_vocabulary_line_without_swedish_words_is_refused_by_line(tmp_path):
    path = tmp_path / "vocabulary.tsv"
    path.write_text("# comment\nsurplus\töverskott\nwinter road\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        read_vocabulary(path)


def _number(n: int) -> str:
    digits = ""
    while True:
        digits = B64[n % 64] + digits
        n //= 64
        if not n:
            return digits


def _dictd(folder, entries: list[tuple[str, str]]):
    """An invented dictionary in dictd's format: an index of headword, base-64 offset and length, and gzip text."""
    body, rows = b"", []
    for headword, article in entries:
        text = f"{headword} /ipa/\n{article}\n".encode()
        rows.append(f"{headword}\t{_number(len(body))}\t{_number(len(text))}")
        body += text
    index = folder / "eng-swe.index"
    index.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "eng-swe.dict.dz").write_bytes(gzip.compress(body))
    return index


@pytest.mark.skipif(not HUNSPELL_SV.is_file(), reason="Debian package hunspell-sv is not installed")
def test_dictionary_headwords_give_their_one_word_translations_but_not_names_swedish_words_or_stop_words(tmp_path):
    index = _dictd(tmp_path, [("snowplough", "1. snöplog\n2. plog (fordon), röjare"), ("visa", "visum"), ("the", "den"),
                              ("winter road", "vinterväg"), ("snowplough", "plogbil"), ("Winter", "Vinterstaden")])
    assert read_freedict(index) == {"snowplough": "snöplog plog röjare plogbil", "winter road": "vinterväg"}


def test_without_the_dictionary_there_are_no_dictionary_translations(tmp_path, caplog):
    assert read_freedict(tmp_path / "missing.index") == {}
    assert "dict-freedict-eng-swe" in caplog.text


@pytest.mark.skipif(not FREEDICT.is_file(), reason="Debian package dict-freedict-eng-swe is not installed")
def test_an_english_word_outside_the_vocabulary_file_is_looked_up_in_the_dictionary():
    assert to_swedish_terms("When will the new library open?") == "ny bibliotek öppna öppnade öppnande"
