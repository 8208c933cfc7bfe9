"""Every public parsing function takes time growing with its input, not with its square: each is timed on hostile
inputs (runs of blank lines, form feeds, spaces, tabs, '1.', brackets, long words and names, page-number lines,
scrambled headings, a table of contents) at 1x, 10x and 100x their size, and each tenfold step may cost at most
GROWTH times as much. A regular expression or a loop that backtracks or rescans (the findings: 10 000 form feeds
parsed in 20 s, 40 000 blank lines in 69 s, 80 KB of '1.' in 34 s) grows a hundredfold per step.

Times are CPU seconds of the test's thread with the collector paused (load from other processes and threads, and
the heap earlier tests leave, barely move them), the least of a few runs; a step whose larger run takes under FLOOR
seconds is not judged (too short to tell growth from noise)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from index.lang.labels import is_label
from index.lang.titles import title_name
from index.lang.tokens import tokenize
from index.models import Meeting, Paragraph
from index.parse import clean, decisions, extract, header, letterhead, markers, numbering, typography
from index.parse.protocol import parse_text, searchable_paragraphs
from index.read import furniture, quality, styles
from index.read.characters import normal_form
from index.read.layout import Line, PageLayout, Style, Word
from index.read.styles import StyledHeading

BASE_CHARS = 1500  # 1x; then 10x and 100x
GROWTH = 30  # linear is 10 a step, quadratic 100
FLOOR = 0.3  # CPU seconds


def _paragraph(text: str) -> Paragraph:
    return Paragraph(1, "Ärende", text, [], "p1")


def _meeting(text: str) -> Meeting:
    return Meeting(organisation="Samordningsförbundet Provlän", body="styrelsen", date="2026-02-03", source_file="x.txt",
                   paragraphs=[_paragraph(text)])


def _parsed(text: str) -> None:
    meeting = parse_text(text, "x.txt")
    meeting.paragraphs = searchable_paragraphs(meeting)
    for p in meeting.paragraphs:
        extract.extract(p, meeting)


def _lines(function: Callable[[list[str]], object]) -> Callable[[str], object]:
    return lambda text: function(text.split("\n"))


BODY, BOLD = Style(10.0, False, False), Style(12.0, True, False)
PAGE_LINES = 60  # lines of a page laid out from a text (and a page at each form feed)


def _laid_out(text: str) -> list[PageLayout]:
    """The text as a PDF reader lays it out: pages of lines of words, each word at its place; a line opening with
    '§' or a capital letter set in bold, so every hostile input also stands as headings and furniture."""
    pages: list[PageLayout] = []
    lines: list[Line] = []
    for raw in text.split("\n"):
        if raw == "\f" or len(lines) == PAGE_LINES:
            pages.append(PageLayout(len(pages) + 1, 595.0, 842.0, tuple(lines)))
            lines = []
        words, x, top = [], 50.0, 40.0 + 12 * len(lines)
        style = BOLD if raw[:1] == "§" or raw[:1].isupper() else BODY
        for token in raw.split():
            words.append(Word(token, x, x + 5 * len(token), top, top + 10, top + 8, style))
            x += 5 * len(token) + 3
        if words:
            lines.append(Line(tuple(words)))
    pages.append(PageLayout(len(pages) + 1, 595.0, 842.0, tuple(lines)))
    return pages


def _styled(text: str) -> object:
    pages = [[*page.lines] for page in _laid_out(text)]
    return styles.styled_headings(pages, [[line.text for line in lines] for lines in pages])


def _unmatched(text: str) -> object:
    """Headings of one page that the clean-up changed: none is found, each looked up among all the page's lines."""
    lines = text.replace("\f", "").split("\n")
    return typography.locate(lines, tuple(StyledHeading(1, f"{line} (rubrik)", 1, True) for line in lines))


def _typography(text: str) -> object:
    """Headings by typography placed among the cleaned lines, then the plain lines and the sections they give."""
    headings = tuple(_styled(text))  # type: ignore[arg-type]
    lines = clean.clean(text).split("\n")
    located = typography.locate(lines, headings)
    return typography.plain_lines(lines, located), typography.sections(located)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "normal_form": normal_form, "normalise": clean.normalise, "strip_furniture": clean.strip_furniture,
    "join_hyphens": clean.join_hyphens, "drop_running_heads": clean.drop_running_heads, "reflow": clean.reflow,
    "clean": clean.clean, "find_markers": _lines(markers.find_markers),
    "choose": _lines(lambda lines: numbering.choose(lines, markers.find_markers(lines))),
    "organisation": lambda text: header.organisation(text, text), "body": lambda text: header.body(text, text),
    "meeting_date": header.meeting_date, "attendees": header.attendees, "sentences": decisions.sentences,
    "decision_sentences": decisions.decision_sentences, "amounts": extract.amounts,
    "people": lambda text: extract.people(text, []), "due": lambda text: extract.due(text, "2026-02-03"),
    "extract": lambda text: extract.extract(_paragraph(text), _meeting(text)), "tokenize": tokenize,
    "parse_text": _parsed, "is_label": _lines(lambda lines: [is_label(line) for line in lines]),
    "title_name": _lines(lambda lines: [title_name(line) for line in lines]), "title_block": letterhead.title_block,
    "title_organisation": letterhead.title_organisation,
    "strip_running_lines": lambda text: furniture.strip_running_lines(_laid_out(text)), "styled_headings": _styled,
    "typography": _typography, "locate unmatched": _unmatched, "quality": lambda text: (quality.score(text), quality.broken_labels(text)),
}


def repeated(unit: str) -> Callable[[int], str]:
    return lambda chars: "Protokoll\n§ 1 Öppnande\n" + unit * max(1, chars // len(unit)) + "\n§ 2 Slut\nText."


def scrambled(chars: int) -> str:
    n = max(3, chars // 120)
    return ("Protokoll\n" + "".join(f"§ {i} Ärende nummer {i}\n" for i in range(1, n + 1))
            + "".join(f"\nText om ärendet {i}.\nBeslut 2026-1 §{i}:1 Styrelsen beslutar att godkänna.\n" for i in range(1, n + 1)))


def table_of_contents(chars: int) -> str:
    n = max(3, chars // 60)
    return ("Innehåll\n" + "".join(f"§ {i} Ärende {i} ........ {i % 300 + 1}\n" for i in range(1, n + 1))
            + "".join(f"\n§ {i} Ärende {i}\nText {i}.\n" for i in range(1, n + 1)))


def names(chars: int) -> str:
    n = max(3, chars // 40)
    return ("Protokoll\nNärvarande:\n" + "".join(f"Anna Berg{i} ordförande\n" for i in range(n)) + "\n§ 1 Val\n"
            + " ".join(f"Anna Berg{i} ges i uppdrag att utreda." for i in range(n)))


def _place(i: int) -> str:
    """The i-th invented place name: its letters spell i in base 26 ('Aby', 'Bby', … 'Baby'), so no two share more
    than a few first letters."""
    letters = ""
    while True:
        i, digit = divmod(i, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not i:
            return letters.capitalize() + "by"


def municipalities(chars: int) -> str:
    """Many candidate municipalities, each named once after a letterhead naming none, in a long text: each is
    counted wherever the text writes it."""
    n = max(3, chars // 50)
    return "Protokoll\nSammanträde\nPlats: Rådhuset\nTid: 18.00\nNärvarande: se bilaga\nÄrenden\n" + "".join(f"{_place(i)} kommun yttrar sig om {_place(i)}vägen.\n" for i in range(n)) + "§ 1 Slut\nText."


INPUTS: dict[str, Callable[[int], str]] = {
    "form feeds": repeated("\f"), "blank lines": repeated("\n"), "spaces then a word": lambda c: repeated(" ")(c) + "x",
    "tabs then a word": lambda c: repeated("\t")(c) + "x", "space-newline": repeated(" \n"), "'1.'": repeated("1."),
    "'1.1'": repeated("1.1"), "'a.'": repeated("a."), "'['": repeated("["), "'[]('": repeated("[]("),
    "one long word": repeated("a"), "one long capital word": repeated("A"), "'AU-'": repeated("AU-"),
    "'üa'": repeated("üa"), "names and commas": repeated("Anna Berg, "), "dates": repeated("den 1 januari 2027 "),
    "numbered lines": repeated("\n1 "), "wrapped hyphens": repeated("a-\nb"), "combining marks": repeated("a\u0301\u0316"),
    "format characters": repeated("§\u200f 1\u200b"), "page numbers": repeated("Rubrik      3\n"),
    "scrambled headings": scrambled, "table of contents": table_of_contents, "many names": names,
    "many municipalities": municipalities,
}


def cpu_seconds(function: Callable[[str], object], text: str, runs: int) -> float:
    """CPU seconds of this thread alone (threads earlier tests left running, servers and the embedder's pools, are
    no part of the function's growth); the least of `runs`."""
    best = float("inf")
    for _ in range(runs):
        started = time.thread_time()
        function(text)
        best = min(best, time.thread_time() - started)
    return best


@pytest.fixture
def collector_paused():
    """The collector's passes over the heap earlier tests left (models, stores) are no part of a function's growth
    either: one collection before the timings, none during them."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_every_parsing_function_grows_near_linearly_on_hostile_input(kind, collector_paused):
    make = INPUTS[kind]
    texts = [make(BASE_CHARS * scale) for scale in (1, 10, 100)]
    tokenize(texts[0])  # the compound dictionary is read once per process, not in a timed run
    normal_form("")
    super_linear = []
    for name, function in FUNCTIONS.items():
        times = [cpu_seconds(function, text, runs) for text, runs in zip(texts, (3, 2, 1))]
        for smaller, larger in zip(times, times[1:]):
            if larger > FLOOR and larger > GROWTH * max(smaller, FLOOR / GROWTH):
                super_linear.append(f"{name}: {', '.join(f'{t:.3f}' for t in times)} s at 1x, 10x, 100x")
    assert not super_linear, f"{kind}: " + "; ".join(super_linear)
