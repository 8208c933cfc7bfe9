"""Swedish dates in every form minutes and questions write them, and which of them is the meeting's own date.

Forms: ISO '2025-12-05', compact '20251205' and '251205', words 'den 3 maj 2019', '3:e maj', '26-27 januari 2002'
(the first day), English 'May 3, 2019' and '3rd May', Finland-Swedish '14.3.2021', '22/10 1991'. One century
rule reads two-digit years (`century`). `mentions` gives every written date, with or without its year;
`find_dates` the full dates with the strength of the cue in front of each.

Protocols date many things: the meeting, the signing (justering), the posting on the notice board (anslag),
earlier meetings. Each date found carries the strength of the cue in front of it ('Sammanträdesdatum',
'måndagen den', 'Plats och tid', data/date_cues.tsv), or a veto when the cue names another event; the
strongest cue wins, and a meeting over several days is dated by its first day. A date with no cue at all is
only trusted before the first §: unknown stays unknown rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.lang.wordlists import alternation, rows, words

MONTHS: dict[str, int] = {name: int(n) for name, n, kind in rows("months") if kind == "name"}
"""Whole month names, Swedish and English -> the month's number."""
MONTH_ABBREVIATIONS: dict[str, int] = {name: int(n) for name, n, kind in rows("months") if kind == "abbreviation"}
"""Abbreviated month names as protocols write them ('febr', 'sept') -> the month's number."""
WEEKDAYS: tuple[str, ...] = words("weekdays")
"""Days of the week, Swedish and English."""
_MONTH_NAMES = {**MONTHS, **MONTH_ABBREVIATIONS}
MONTH = alternation(_MONTH_NAMES)
"""A month's name or abbreviation, as a pattern (longest first)."""
WHOLE_MONTH = alternation(MONTHS)
"""A month's whole name, as a pattern."""
CENTURY_PIVOT = 40
"""Two-digit years up to this are 20xx ('251205'), later ones 19xx ('980326')."""
YEAR = r"(?:19|20)\d{2}"
"""A year of minutes: 1900 to 2099."""
WRITTEN_DATE = rf"(?:\d{{1,2}}\s+(?:{MONTH})\.?\s+{YEAR}|{YEAR}-\d{{2}}-\d{{2}})"
"""A full date in words or ISO, as a pattern: '12 april 2018', '2019-03-12'."""

ISO_RE = re.compile(rf"(?<![\d-])({YEAR})-(\d{{1,2}})-(\d{{1,2}})(?![\d-])")
"""'2025-12-05'."""
LONG_COMPACT_RE = re.compile(rf"(?<!\d)({YEAR})(\d{{2}})(\d{{2}})(?!\d)")
"""'20050407'."""
COMPACT_RE = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})(?![\d-])")
"""'251205': year, month and day in two digits each (the year read by `century`)."""
DAY_MONTH_RE = re.compile(
    rf"\b(\d{{1,2}})(?::?[ae]|st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\.?\s+(?:of\s+)?({MONTH})\b\.?(?:,?\s+({YEAR})\b)?",
    re.IGNORECASE)
"""'27 oktober 2023', 'den 3:e maj 2019', '26-27 januari 2002' (the first day), '3rd May', '20 november' (no year)."""
MONTH_DAY_RE = re.compile(rf"\b({WHOLE_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b,?(?:\s+({YEAR})\b)?", re.IGNORECASE)
"""English order: 'May 3, 2019', 'November 20'."""
DOTTED_RE = re.compile(rf"(?<![\d.])(\d{{1,2}})\.(\d{{1,2}})\.({YEAR})(?![\d.])")
"""Finland-Swedish '14.03.2021', '8.9.2021'."""
SLASHED_RE = re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})[ ]({YEAR})\b")
"""'22/10 1991'."""
DAY_SLASH_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
"""'22/5': a day and a month without the year."""

CUES = [(re.compile(pattern, re.IGNORECASE), int(strength), "" if strength == "0" else label)
        for pattern, strength, label in rows("date_cues")]
"""Cues in front of a date: (pattern, strength, where the date came from), strongest evidence first."""
NO_CUE = (1, "first date before the first §")
MIN_BODY_STRENGTH = 4
"""After the first §, only a date said to be the meeting's counts."""


@dataclass(frozen=True)
class FoundDate:
    value: date
    position: int
    strength: int
    source: str = ""


@dataclass(frozen=True)
class Mention:
    """A date as written: its year when given, month and day, and where it stands in the text."""

    year: int | None
    month: int
    day: int
    start: int
    end: int

    def value(self) -> date | None:
        return to_date(self.year, self.month, self.day) if self.year is not None else None


def to_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def century(yy: int) -> int:
    """The one century rule: '25' is 2025, '98' is 1998 (CENTURY_PIVOT)."""
    return 2000 + yy if yy <= CENTURY_PIVOT else 1900 + yy


def iso_day(value: str) -> str:
    """A date typed by a user as YYYY-MM-DD, checked and normalised; ValueError when it is none."""
    return date.fromisoformat(value.strip()).isoformat()


def month_number(name: str) -> int:
    return _MONTH_NAMES[name.lower().rstrip(".")]


def mentions(text: str) -> list[Mention]:
    """Every date the text writes, in text order: full dates in any form, and a day with a month ('20 november',
    'May 3') whose year is not given. A place already read as one date is not read again."""
    found: list[Mention] = []
    taken = bytearray(len(text) + 1)  # 1 where a date already read stands: one look per match, however many dates

    def add(match: re.Match[str], year: int | None, month: int, day: int) -> None:
        if taken[match.start()] or not 1 <= month <= 12 or not 1 <= day <= 31:
            return
        taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
        found.append(Mention(year, month, day, match.start(), match.end()))

    for m in ISO_RE.finditer(text):
        add(m, int(m[1]), int(m[2]), int(m[3]))
    for m in LONG_COMPACT_RE.finditer(text):
        add(m, int(m[1]), int(m[2]), int(m[3]))
    for m in DAY_MONTH_RE.finditer(text):
        add(m, int(m[3]) if m[3] else None, month_number(m[2]), int(m[1]))
    for m in MONTH_DAY_RE.finditer(text):
        add(m, int(m[3]) if m[3] else None, month_number(m[1]), int(m[2]))
    for m in DOTTED_RE.finditer(text):
        add(m, int(m[3]), int(m[2]), int(m[1]))
    for m in SLASHED_RE.finditer(text):
        add(m, int(m[3]), int(m[2]), int(m[1]))
    for m in COMPACT_RE.finditer(text):
        add(m, century(int(m[1])), int(m[2]), int(m[3]))
    return sorted(found, key=lambda f: f.start)


def find_dates(text: str) -> list[FoundDate]:
    """Every full date in the text with the strength of the cue in front of it (1 when none, 0 when vetoed)."""
    found: list[FoundDate] = []
    for mention in mentions(text):
        value = mention.value() or year_by_weekday(text, mention)
        if value is None:
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        before = text[max(line_start, mention.start - 80): mention.start]
        strength, source = next(((s, label) for cue, s, label in CUES if cue.search(before)), NO_CUE)
        found.append(FoundDate(value, mention.start, strength, source))
    return found


YEAR_REACH = 300
"""How far before a date without its year the year it takes may be written (the protocol's title)."""
_WEEKDAY_BEFORE = re.compile(rf"\b({'|'.join(WEEKDAYS)})(?:en)?\s+(?:den\s+)?$", re.IGNORECASE)
_YEAR_RE = re.compile(rf"(?<!\d)({YEAR})(?!\d)")


def year_by_weekday(text: str, mention: Mention) -> date | None:
    """A date written without its year after its weekday ('Onsdagen den 26 mars' under 'Protokoll från årsmöte år
    2014'): the nearest year written before it, within YEAR_REACH characters, on which that day is that weekday."""
    day = _WEEKDAY_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if mention.year is not None or day is None:
        return None
    weekday = WEEKDAYS.index(day[1].lower()) % 7
    years = [int(y) for y in _YEAR_RE.findall(text, max(0, mention.start - YEAR_REACH), mention.start)]
    for year in reversed(years):
        value = to_date(year, mention.month, mention.day)
        if value is not None and value.weekday() == weekday:
            return value
    return None


def date_in_name(name: str) -> str | None:
    """The ISO date a file name carries ('styrelsen-2025-09-29.pdf'), or None."""
    match = re.search(rf"({YEAR})-(\d{{2}})-(\d{{2}})", name)
    value = to_date(int(match[1]), int(match[2]), int(match[3])) if match else None
    return value.isoformat() if value else None
