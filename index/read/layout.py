"""A PDF page as a person sees it: lines of words with their position, size and weight.

PDFium's text page gives every character's box and font (through pypdfium2's raw API). Characters
become words where a space or a gap separates them; words become lines where their boxes share a
baseline, in the order of the page from top to bottom and left to right, whatever order the file
drew them in (a § label drawn after its title, a running header drawn last). Inside a line, a gap
wider than a column gap separates cells (a cover grid's label and value, a running header's
fields); they are joined by a tab, the way the rest of the reader marks columns.

What the lines are used for: running headers and footers found by their place on the page
(index/read/furniture.py), headings found by their typography (index/read/styles.py), and the
page's text.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import NamedTuple

from index.read.ocr import OcrWord

# Words of one line: their baselines lie within this share of the smaller font size.
SAME_LINE_SHARE = 0.4
# Inside a word: a horizontal gap wider than this share of the font size starts a new word.
WORD_GAP_SHARE = 0.3
# Inside a line: a gap wider than this many font sizes separates two cells (columns of a grid).
CELL_GAP_SIZES = 1.5
# Font names that say bold: 'Calibri-Bold', 'Arial,Bold', 'CMBX10' (TeX's bold extended), 'Semibold', 'Black'.
BOLD_NAME_PARTS = ("bold", "black", "heavy", "demi", "semibold", "bx")
ITALIC_NAME_PARTS = ("italic", "oblique")
BOLD_WEIGHT = 600  # CSS weight from which a font is bold
_SPACES = {" ", "\t", "\r", "\n", "\u00a0", "\u2002", "\u2003", "\u2009"}
# PDFium's marks of a hyphen that broke a word at the line's end (its text gives U+FFFE, the character itself U+0002).
_HYPHENS = {"\ufffe", "\x02"}


class Style(NamedTuple):
    """A font as it matters to a reader: its size in points, and whether it is bold or italic. (Tuples: a page
    has thousands of words, each hashed by its style when the document's body style is counted.)"""

    size: float
    bold: bool
    italic: bool


class Word(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float  # distance from the page's top edge, in points
    bottom: float
    baseline: float  # of its first character, from the page's top edge
    style: Style


@dataclass(frozen=True)
class Line:
    """Words on one baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    def cells(self) -> list[tuple[Word, ...]]:
        """The line's cells: runs of words with no column gap between them."""
        out: list[list[Word]] = [[self.words[0]]]
        for before, word in zip(self.words, self.words[1:]):
            if word.x0 - before.x1 > CELL_GAP_SIZES * max(before.style.size, word.style.size):
                out.append([])
            out[-1].append(word)
        return [tuple(cell) for cell in out]

    @property
    def text(self) -> str:
        return "\t".join(" ".join(w.text for w in cell) for cell in self.cells())

    @property
    def style(self) -> Style:
        """The style most of the line's letters have."""
        return dominant_style([(w.style, len(w.text)) for w in self.words])


@dataclass(frozen=True)
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    hidden: bool = False  # most of its text is drawn invisible: an OCR layer over a scanned image, not typeset text

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def dominant_style(weighted: list[tuple[Style, int]]) -> Style:
    """The style carrying the most characters (the first such on a tie)."""
    counts: dict[Style, int] = {}
    for style, count in weighted:
        counts[style] = counts.get(style, 0) + count
    return max(counts, key=counts.__getitem__)


def page_layout(page, number: int) -> PageLayout:
    """Read one pypdfium2 page into lines of styled words."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words, hidden = _words(raw, textpage, height)
    finally:
        textpage.close()
    return PageLayout(number, width, height, tuple(group_lines(words)), hidden)


def _words(raw, textpage, height: float) -> tuple[list[Word], bool]:
    """The page's words in the order PDFium gives its characters, and whether most of its letters are invisible.
    A word's font is read at its first character (a font changes between words, not inside one)."""
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the basic plane: read them one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    char_box, char_origin = raw.FPDFText_GetCharBox, raw.FPDFText_GetCharOrigin
    left, right, bottom, top, x, y = (ctypes.c_double() for _ in range(6))
    matrix = raw.FS_MATRIX()
    styles: dict[int, tuple[Style, bool]] = {}  # text object -> its style, and whether it is drawn invisible
    letters = {True: 0, False: 0}
    words: list[Word] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0, 0.0]  # x0, x1, top, bottom, baseline of the word being read
    style, invisible = Style(0.0, False, False), False

    def close() -> None:
        nonlocal chars
        if chars:
            words.append(Word("".join(chars), box[0], box[1], box[2], box[3], box[4], style))
            letters[invisible] += len(chars)
        chars = []

    for i, char in enumerate(text):
        if char in _HYPHENS:
            char = "-"  # a hyphen that broke a word at the line's end
        elif char in _SPACES:
            close()
            continue
        char_box(handle, i, left, right, bottom, top)
        char_origin(handle, i, x, y)
        x0, x1, base = left.value, right.value, height - y.value
        if chars:
            size = max(style.size, 1.0)
            gap = x0 - box[1]
            if gap > WORD_GAP_SHARE * size or gap < -size or abs(base - box[4]) > SAME_LINE_SHARE * size:
                close()
        if chars:
            if x0 < box[0]:
                box[0] = x0
            if x1 > box[1]:
                box[1] = x1
            upper, lower = height - top.value, height - bottom.value
            if upper < box[2]:
                box[2] = upper
            if lower > box[3]:
                box[3] = lower
        else:
            box[:] = [x0, x1, height - top.value, height - bottom.value, base]
            obj = raw.FPDFText_GetTextObject(handle, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            if key not in styles:
                styles[key] = (_style(raw, handle, i, obj, matrix),
                               bool(obj) and raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            style, invisible = styles[key]
        chars.append(char)
    close()
    return words, letters[True] > letters[False]


def _style(raw, textpage, index: int, obj, matrix) -> Style:
    """The size (scaled by the text matrix), weight and slant of the font of character `index`."""
    raw.FPDFText_GetMatrix(textpage, index, matrix)
    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
    size = round(raw.FPDFText_GetFontSize(textpage, index) * scale, 1)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    name, weight, angle = _font_facts(raw, font) if font else ("", 0, 0)
    bold = weight >= BOLD_WEIGHT or any(part in name for part in BOLD_NAME_PARTS)
    italic = angle != 0 or any(part in name for part in ITALIC_NAME_PARTS)
    return Style(size, bold, italic)


def _font_facts(raw, font) -> tuple[str, int, int]:
    """A font's name without its subset prefix (lower case), its weight and its italic angle."""
    buffer = ctypes.create_string_buffer(256)
    length = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    name = buffer.raw[: max(0, min(length, len(buffer)) - 1)].decode("latin-1").rpartition("+")[2].lower()
    angle = ctypes.c_int()
    has_angle = raw.FPDFFont_GetItalicAngle(font, ctypes.byref(angle))
    return name, raw.FPDFFont_GetWeight(font), angle.value if has_angle else 0


def group_lines(words: list[Word]) -> list[Line]:
    """Words grouped by baseline, lines from top to bottom, words from left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.baseline, w.x0)):
        row = rows[-1] if rows else None
        if row and _same_line(row, word):
            row.append(word)
        else:
            rows.append([word])
    return [Line(tuple(sorted(row, key=lambda w: w.x0))) for row in rows]


def _same_line(row: list[Word], word: Word) -> bool:
    size = max(1.0, min(word.style.size, row[0].style.size))
    return abs(word.baseline - row[0].baseline) <= SAME_LINE_SHARE * size



def ocr_layout(words: list[OcrWord], number: int, width: float, height: float) -> PageLayout:
    """A page OCR read, as lines of words: Tesseract's own lines, top to bottom. OCR knows no fonts: every word
    has its line's height as size, neither bold nor italic."""
    grouped: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    lines = []
    for found in grouped.values():
        heights = sorted(w.bottom - w.top for w in found)
        style = Style(round(heights[len(heights) // 2], 1), False, False)
        baseline = max(w.bottom for w in found)
        lines.append(Line(tuple(Word(w.text, w.x0, w.x1, w.top, w.bottom, baseline, style)
                                for w in sorted(found, key=lambda w: w.x0))))
    return PageLayout(number, width, height, tuple(sorted(lines, key=lambda line: line.top)))
