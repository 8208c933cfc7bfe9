"""Specification of headings found by typography (index/read/styles.py)."""

from __future__ import annotations

from index.read.layout import Line, Style, Word
from index.read.styles import body_style, line_looks, styled_headings

BODY, BOLD, LARGE = Style(10.0, False, False), Style(10.0, True, False), Style(14.0, True, False)


def _line(text: str, style: Style, x: float = 60.0) -> Line:
    words, left = [], x
    for word in text.split():
        words.append(Word(word, left, left + 5 * len(word), 0, 10, 9, style))
        left += 5 * len(word) + 3
    return Line(tuple(words))


PAGE = [_line("Styrelsemöte", LARGE), _line("Mötets öppnande", LARGE), _line("Mötet öppnades klockan sju.", BODY),
        _line("Övriga frågor", LARGE), _line("Höstutflykten", BOLD), _line("Utflykten går till Tåkern.", BODY),
        _line("Beslut: Styrelsen godkänner planen och rapporten.", BODY),
        _line("Centrerad rubrik", LARGE, x=250), _line("Mer text som löper på.", BODY)]


def _texts(pages):
    return [[line.text for line in lines] for lines in pages]


def test_the_body_style_is_the_style_of_most_letters() -> None:
    assert body_style([PAGE]) == BODY


def test_headings_are_stronger_lines_at_the_margin_ranked_by_strength() -> None:
    found = styled_headings([PAGE], _texts([PAGE]))
    assert [(h.text, h.rank, h.followed_by_text) for h in found] == [
        ("Styrelsemöte", 1, False), ("Mötets öppnande", 1, True), ("Övriga frågor", 1, True), ("Höstutflykten", 2, True)]


def test_an_inline_bold_label_does_not_make_a_heading() -> None:
    line = Line(_line("Beslut:", BOLD).words + _line("Styrelsen godkänner planen.", BODY, x=100).words)
    assert styled_headings([[line, _line("Mer text.", BODY)]], [[line.text, "Mer text."]]) == []


def test_each_line_has_its_left_edge_and_whether_it_is_set_smaller_than_the_text() -> None:
    """A footnote's number read as a line of its own (a superscript) and a chart's axis are small print; a heading and
    the text are not."""
    small = Style(6.5, False, False)
    pages = [[_line("§1. Utvecklingen", LARGE), _line("Inflationen steg under våren och sommaren.", BODY),
              _line("1", small, x=337.0), _line("Räntan lämnades oförändrad i juni.", BODY)]]
    looks = line_looks(pages, _texts(pages))
    assert [(look.text, look.left, look.small) for look in looks] == [
        ("§1. Utvecklingen", 60.0, False), ("Inflationen steg under våren och sommaren.", 60.0, False),
        ("1", 337.0, True), ("Räntan lämnades oförändrad i juni.", 60.0, False)]
