"""Where a line of a protocol may start a §: every candidate marker, by one grammar of Swedish numbering.

'§ 12', '§12', '12 §', '12§', an organ's abbreviation before the sign or instead of it ('KS § 4', 'KF 74', 'Ks 118'),
bare numbers ('81 Titel', '1.', '§ 3/'), sub-paragraphs ('5 a') and OCR's '$', '8' or '&' for '§'. A marker inside a
sentence, a range ('§ 12 - § 14', '81-82') or a reference followed by a date or a protocol number ('5/18', '§10:1') is
no candidate, and numbers glued before a marker ('2 KF 74') are page numbers. Which candidates head § is decided in
index/parse/numbering.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lang.labels import ITEM_WORD
from index.models import label_key
from index.parse.clean import transcript_page_numbers

# An organ's own abbreviation: 'KS', 'KF', 'BUN', 'SSTYR', or a short capitalised one ('Ks', 'Au', 'Kst', 'Bsau').
_ABBR = r"(?:[A-ZÅÄÖ]{2,6}|[A-ZÅÄÖ][a-zåäö]{1,3})"
# What stands before a number in place of the sign: an organ's abbreviation ('KF 74') or a word naming an agenda
# item ('Punkt 3', 'Ärende 4', index/lang/labels.py ITEM_WORDS); either makes its own family of labels.
_PREFIX_WORD = rf"(?:{ITEM_WORD}|{_ABBR})"
# A label: its number, then a half ('4½'), a sub-number before a title ('14:1 Val av …'), or a letter ('3 a', '12b').
_NUMBER = (r"(?P<label>(?P<number>\d{1,4})(?P<tail>½|:\d{1,2}(?=[ \t]+[A-ZÅÄÖ]))?"
           r"(?:[ \t]?(?P<letter>[a-h])(?![\wåäö]))?)")


def _numbered(k: int) -> str:
    """The label's pattern with its groups named for alternative k of MARKER_RE."""
    return re.sub(r"\?P<(label|number|tail|letter)>", rf"?P<\g<1>{k}>", _NUMBER)


MARKER_RE = re.compile(
    rf"(?:(?P<prefix>{_ABBR})[ \t]*)?(?P<sign>[§$])[ \t]*{_numbered(1)}"  # § 12, KS § 4, $12
    rf"|(?:(?P<prefix2>{_ABBR})[ \t]+)?{_numbered(2)}[ \t]?(?P<sign2>[§$])"  # 12 §
    rf"|(?P<prefix3>{_PREFIX_WORD})[ \t]+{_numbered(3)}(?![ \t]*[§$])"  # KF 74, Punkt 3
    rf"|{_numbered(4)}(?![ \t]*[§$])"  # 81, 1., 3/
)
# What may follow a marker: its own punctuation, then a title, the end of the line or another marker.
# '|' is a table's column border ('1. | Title'); a dash between spaces parts a label from its title ('§ 4 – Budget',
# 'Punkt 3 - Val'), where a dash before a number makes a range (_NOT_AFTER).
_AFTER_RE = re.compile(r"[ \t]*(?P<punct>[.:/)]{1,2})?[ \t|]*(?:(?<=[ \t])[-–—]{1,2}[ \t]+)?")
_TITLE_START = re.compile(r"$|[A-ZÅÄÖÉ\"”'(«]|\d(?![\d-]*[-.]\d{2}\b)")
_NOT_AFTER = re.compile(r"[ \t]*(?:[-–][ \t]*(?:[§$][ \t]*)?\d|[:/,]\d|\.\d|,)")  # ranges, 10:1, 5/18, 14.3.2021, lists
_RANGE_BEFORE = re.compile(r"(?:\d|§)[ \t]*[-–][ \t]*$")
_OCR_SPECK = re.compile(r"[ \t]*[:;'`´’‘\"]{1,2}(?=\d{1,3}[/.)]?[ \t]*$)")  # ':2/' alone on its line
# OCR reads a § opening a line as '8' or '&' ('8 1. Val av …', '& 2. Val av …'): before a number, it is the sign.
OCR_SIGNS = ("8", "&")
_OCR_SIGN = re.compile(r"[ \t]*&[ \t]+(?=\d)")  # '8 ' is read as a page number's run (_line_starts) already
_PAGE_RUN = re.compile(r"[ \t]*(?:\d{1,3}[ \t]+)+")  # page numbers a web transcript puts before a heading
SENTENCE_END = re.compile(r"[.!?;:)][ \t]{1,2}$")
FLAT_LINE_CHARS = 200  # a page flattened into one line by a web transcript

SIGN, PREFIX, BARE = "sign", "prefix", "bare"
YEAR_MIN, YEAR_MAX = 1900, 2099
# Weight of a candidate by where it stands.
LINE_START, AFTER_SENTENCE, MID_FLAT_LINE = 1.0, 0.7, 0.4
PAGE_NUMBER_TAIL = 40
# A page number at the line's end after a tab, three spaces, three dots or an ellipsis. Each run of whitespace,
# dots or ellipses is read from its start only, and whole (possessive), so a line of 40 000 spaces costs one pass.
PAGE_NUMBER_RE = re.compile(r"(?<!\s)(?=[^\S\t]*\t)\s++\d{1,3}\s*$|(?<!\s)\s{3,}+\d{1,3}\s*$"
                            r"|(?<!\.)\.{3,}+\s*+\d{1,3}\s*$|(?<!…)…++\s*+\d{1,3}\s*$")


def ends_with_page_number(line: str) -> bool:
    """'§ 3 Budget ........ 4' or '§ 3\tBudget\t4': a table-of-contents entry (only the line's end is read)."""
    return bool(PAGE_NUMBER_RE.search(line[-PAGE_NUMBER_TAIL:]))


@dataclass
class Marker:
    """One candidate heading marker in the text."""

    line: int
    col: int  # where the marker starts in its line
    title_col: int  # where the text after it starts
    number: int
    label: str  # as printed: '12', '3 a', '14:1', '4½'
    shape: str  # sign | prefix | bare
    prefix: str  # 'KS', 'KF', '' …
    form: str  # how it is written, e.g. 'KS § N', 'N §', 'N.'
    weight: float
    listed: bool = False  # in a list of headings without text of its own (a table of contents)

    @property
    def family(self) -> str:
        return self.shape if self.shape != PREFIX else f"{PREFIX}:{self.prefix.lower()}"

    @property
    def key(self) -> tuple[int, float, int, str]:
        return label_key(self.label)


def find_markers(lines: list[str]) -> list[Marker]:
    """Every candidate marker, in text order."""
    found: list[Marker] = []
    page_numbered = transcript_page_numbers(lines)
    for i, line in enumerate(lines):
        flat = len(line) > FLAT_LINE_CHARS
        starts = _line_starts(line)
        for k in range(page_numbered.get(i, 0)):  # numbers opening a transcript's page line count pages
            starts.discard(_token_start(line, k))
        taken = 0  # a marker's own characters hold no second marker ('KS § 4' is not also '§ 4')
        positions = {match.start() for match in re.finditer(r"(?<![\w§$.,:/-])(?=[§$\dA-ZÅÄÖ])", line)}
        speck = _OCR_SPECK.match(line) or _OCR_SIGN.match(line)
        if speck:  # OCR's speck or misread sign before a label at the line's start (':2/', '& 2.') does not hide it
            starts.add(speck.end())
            positions.add(speck.end())
        for col in sorted(positions):
            if col < taken:
                continue
            if col in starts:
                weight = LINE_START
            elif SENTENCE_END.search(line, max(0, col - 3), col):
                weight = AFTER_SENTENCE
            elif flat and not line[:col].rstrip().endswith(","):  # 'Görel, 8': a list, not a heading
                weight = MID_FLAT_LINE
            else:
                continue
            marker = _marker_at(line, i, col, weight)
            if marker:
                found.append(marker)
                taken = marker.title_col
    return _without_glued_numbers(found)


def _token_start(line: str, k: int) -> int:
    return [m.start() for m in re.finditer(r"\S+", line)][k]


def _line_starts(line: str) -> set[int]:
    """Positions that count as the start of a line: after indentation and after a run of page numbers."""
    indent = len(line) - len(line.lstrip())
    starts = {indent}
    run = _PAGE_RUN.match(line, indent)
    if run:
        starts.update(m.start() + indent for m in re.finditer(r"\d+", line[indent: run.end()]))
        starts.add(run.end())
    return starts


def _marker_at(line: str, i: int, col: int, weight: float) -> Marker | None:
    match = MARKER_RE.match(line, col)
    if not match or _RANGE_BEFORE.search(line, max(0, col - 6), col) or _NOT_AFTER.match(line, match.end()):
        return None
    groups = match.groupdict()
    k = next(k for k in range(1, 5) if groups[f"number{k}"])
    number, label, tail, letter = (groups[f"{name}{k}"] or "" for name in ("number", "label", "tail", "letter"))
    prefix = groups["prefix"] or groups["prefix2"] or groups["prefix3"] or ""
    after = _AFTER_RE.match(line, match.end())
    assert after is not None  # each of its parts is optional: it always matches
    if groups["sign"] or groups["sign2"]:
        shape = SIGN
        form = (f"{prefix} " if prefix else "") + ("§ N" if groups["sign"] else "N §")
    elif prefix:
        shape, form = PREFIX, f"{prefix} N"
    else:
        shape, form = BARE, "N" + (after["punct"] or "")
    if not _TITLE_START.match(line, after.end()) or (shape != SIGN and line[after.end(): after.end() + 1].isdigit()):
        return None
    if shape == PREFIX and YEAR_MIN <= int(number) <= YEAR_MAX and after["punct"] == "/":  # 'Dnr 2020/ …' files a case
        return None
    if int(number) == 0 or (shape == BARE and (letter or tail)):  # no § 0; '0h', '2b', '14:30' are amounts, labels, times
        return None
    if shape == BARE and line[:col].strip() in OCR_SIGNS:
        shape, form = SIGN, "§ N"
    return Marker(i, col, after.end(), int(number), re.sub(r"[ \t]+", " ", label), shape, prefix, form, weight)


def _without_glued_numbers(markers: list[Marker]) -> list[Marker]:
    """A bare number directly followed by another marker is a page or item number ('2 KF 74', '1. Kst 157')."""
    starts = {(m.line, m.col) for m in markers}
    return [m for m in markers if not (m.shape == BARE and (m.line, m.title_col) in starts)]
