"""English board-meeting words become the Swedish words protocols use, so BM25 finds Swedish §."""

from assistant.glossary import to_swedish_terms


def test_english_terms_get_their_swedish_words():
    assert to_swedish_terms("What did the board decide about the surplus?") == "styrelsen beslutar beslut överskott"
    assert to_swedish_terms("Who will check the minutes?") == "justera justerare protokolljusterare"


def test_an_item_number_is_a_paragraph_number():
    assert to_swedish_terms("Why was item 11 taken before section 10?") == "§11 §10"


def test_a_swedish_question_has_no_english_terms():
    assert to_swedish_terms("Vad beslutade styrelsen om överskottet?") == ""
