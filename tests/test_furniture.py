"""Specification of running headers and footers found by their place on the page (index/read/furniture.py)."""

from __future__ import annotations

from index.read.furniture import strip_running_lines
from index.read.pages import line_key
from index.read.layout import Line, PageLayout, Style, Word

BODY = Style(11.0, False, False)


def _line(top: float, *cells: tuple[float, str]) -> Line:
    words = []
    for x, text in cells:
        for word in text.split():
            words.append(Word(word, x, x + 6 * len(word), top, top + 11, top + 9, BODY))
            x += 6 * len(word) + 4
    return Line(tuple(words))


def _page(number: int, label: str, body: list[str]) -> PageLayout:
    lines = [_line(40, (60, "Protokoll"), (200, label), (300, "24.05.2023"), (480, f"Sida {number}")),
             _line(54, (60, "Tekniska nämnden"))]
    lines += [_line(120 + 16 * k, (60, text)) for k, text in enumerate(body)]
    lines.append(_line(800, (60, "Justerandes sign"), (300, "Utdragsbestyrkande")))
    return PageLayout(number, 595, 842, tuple(lines))


def _texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_a_running_header_carrying_the_paragraph_goes_and_its_constant_cells_stay_once() -> None:
    pages = [_page(1, "10 §", ["10 § Val av justerare", "Anna Berg väljs."]),
             _page(2, "11 §", ["11 § Budget", "Budgeten antas."]),
             _page(3, "11 a §", ["Fortsättning på budgeten."])]
    kept = strip_running_lines(pages)
    assert _texts(kept[0]) == ["Protokoll\t24.05.2023", "Tekniska nämnden", "10 § Val av justerare", "Anna Berg väljs."]
    assert _texts(kept[1]) == ["11 § Budget", "Budgeten antas."]
    assert _texts(kept[2]) == ["Fortsättning på budgeten."]


def test_a_line_repeated_in_the_body_is_not_furniture() -> None:
    pages = [PageLayout(n, 595, 842, (_line(400, (60, "Beslut")), _line(420, (60, f"Text {n}.")))) for n in (1, 2, 3)]
    assert [_texts(lines) for lines in strip_running_lines(pages)] == [["Beslut", f"Text {n}."] for n in (1, 2, 3)]


def test_a_single_page_has_no_furniture() -> None:
    page = _page(1, "10 §", ["10 § Val"])
    assert len(strip_running_lines([page])[0]) == len(page.lines)


def test_line_keys_ignore_numbers_and_paragraph_labels() -> None:
    assert line_key("Protokoll  12 §  Sida 3") == line_key("protokoll 14 a § sida 4") == line_key("Protokoll 4½ § Sida 10")


def test_labels_alone_at_the_top_of_pages_are_not_furniture_but_page_numbers_are() -> None:
    body = {1: "Mötet öppnades.", 2: "Kassan redovisades.", 3: "Bävrarna jagas."}
    pages = [PageLayout(n, 595, 842, (_line(60, (60, label)), _line(80, (60, body[n])), _line(810, (290, f"{n}"))))
             for n, label in ((1, "1/"), (2, "7/"), (3, "14/"))]
    assert [_texts(lines) for lines in strip_running_lines(pages)] == [["1/", body[1]], ["7/", body[2]], ["14/", body[3]]]


def test_a_tall_footer_is_furniture_wherever_it_starts_and_text_between_header_lines_ends_the_header() -> None:
    """No band of fixed height: a signature box standing a fifth of the page above the edge goes whole, while a
    repeated line below the page's first own line of text stays."""
    def page(number: int, title: str) -> PageLayout:
        lines = [_line(40, (60, "Byalaget Norrviken"), (480, f"Sida {number}")),
                 _line(62, (60, f"{number}/ {title}")),
                 _line(80, (60, "Beslut")),
                 _line(96, (60, f"Mötet beslutade om {title.lower()}.")),
                 _line(660, (60, "Justerandes sign"), (300, "Utdragsbestyrkande")),
                 _line(690, (60, "Ordförande"), (300, "Sekreterare")),
                 _line(720, (60, "Byalaget Norrviken · Bygatan 1 · 123 45 Norrviken"))]
        return PageLayout(number, 595, 842, tuple(lines))

    kept = strip_running_lines([page(1, "Vägen"), page(2, "Bryggan"), page(3, "Festen")])
    assert _texts(kept[0]) == ["Byalaget Norrviken", "1/ Vägen", "Beslut", "Mötet beslutade om vägen."]
    assert _texts(kept[2]) == ["3/ Festen", "Beslut", "Mötet beslutade om festen."]


def test_a_heading_opening_every_page_is_no_furniture_however_alike_its_words() -> None:
    """'§ 4 Ärende 4' under the letterhead of page 2 and '§ 7 Ärende 7' under that of page 3: the same but for their
    numbers, yet one cell whose number neither counts the pages nor stands beside a cell that stays."""
    pages = [PageLayout(n, 595, 842, (_line(40, (60, "Samordningsförbundet Norrhavet")),
                                      _line(60, (60, f"§ {3 * n - 2} Ärende {3 * n - 2}: insatser")),
                                      _line(80, (60, text))))
             for n, text in ((1, "Mötet öppnas."), (2, "Budgeten antas."), (3, "Mötet avslutas."))]
    kept = strip_running_lines(pages)
    assert [_texts(lines) for lines in kept] == [
        ["Samordningsförbundet Norrhavet", "§ 1 Ärende 1: insatser", "Mötet öppnas."],
        ["§ 4 Ärende 4: insatser", "Budgeten antas."], ["§ 7 Ärende 7: insatser", "Mötet avslutas."]]


def test_page_numbers_go_though_a_footnote_number_stands_near_them_on_some_pages() -> None:
    """Each page ends with its number; on two pages a footnote's number stands a little above it, at about the same
    height. The page numbers still count the pages and go; the footnotes' numbers stay."""
    words = ["Räntan", "Kronan", "Inflationen", "Bostäderna", "Lönerna", "Exporten"]

    def page(n: int) -> PageLayout:
        lines = [_line(100, (60, f"{words[n - 1]} diskuterades.")), _line(120, (60, f"{words[n - 1]} följs upp."))]
        if n in (3, 5):
            lines += [_line(770, (60, "1")), _line(780, (70, "Källa: en rapport."))]
        lines.append(_line(806, (295, f"{n}")))
        return PageLayout(n, 595, 842, tuple(lines))

    kept = strip_running_lines([page(n) for n in range(1, 7)])
    assert all(_texts(lines)[-1] != str(n) for n, lines in enumerate(kept, start=1))
    assert _texts(kept[2])[-2:] == ["1", "Källa: en rapport."]
