"""Relative dates and periods: what a sentence of minutes says is due ('i oktober 2026', 'vecka 12',
'kvartal 3', 'nästa möte'), and the period a question asks about ('i december 2025', 'hösten 2023',
'Och året innan?').

A date or period without its year lies after the meeting that wrote it: the meeting's year, or the next
when that day has passed (`year_for`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.lang.dates import MONTHS, WHOLE_MONTH, YEAR, find_dates, mentions, month_number, to_date
from index.lang.registry import rules
from index.lang.wordlists import table

_QUESTION = {kind: pattern for pattern, kind in table("question_dates").items()}

WEEK_RE = re.compile(rf"\b(?:vecka|v\.)\s*(\d{{1,2}})(?:\s+(?:år\s+)?({YEAR}))?\b", re.IGNORECASE)
"""'vecka 12', 'v. 12 2026'."""
QUARTER_RE = re.compile(rf"\bkvartal\s+([1-4])(?:\s+(?:år\s+)?({YEAR}))?\b", re.IGNORECASE)
"""'kvartal 3', 'kvartal 3 år 2026'."""
MONTH_RE = re.compile(rf"\b({WHOLE_MONTH})(?:\s+(?:månad\s+)?({YEAR}))?\b", re.IGNORECASE)
"""'oktober', 'oktober 2026', 'oktober månad 2026'."""
NEXT_MEETING_RE = re.compile(r"\b(?:nästa|nästkommande|kommande)\s+\w*(?:möte|sammanträde)", re.IGNORECASE)
"""'nästa möte', 'kommande styrelsemöte': a matter is due at the next meeting."""

YEAR_RE = re.compile(rf"(?:\b(?:{_QUESTION['year_cue']})\s+({YEAR})\b|\b({YEAR})\s*[?.!]*\s*$)", re.IGNORECASE)
"""A year that dates the meeting a question asks about: after 'i', 'hösten', 'in' ... or closing the question."""
MONTH_YEAR_RE = re.compile(rf"\b({WHOLE_MONTH})(?:{_QUESTION['meeting_suffix']})?\s+({YEAR})\b", re.IGNORECASE)
"""'december 2025', 'septembermötet 2025'."""
LATEST_RE = re.compile(rf"\b({_QUESTION['latest']})\b\s*({_QUESTION['latest_noun']})?", re.IGNORECASE)
"""'senaste mötet', 'the latest meeting': words of when, no subject a § must name. (They filtered a question to
the organisation's latest meeting; 'sista ansökningsdag' read so cost a question of the invented tune split,
evals/README.md.)"""
YEAR_SHIFTS = [(re.compile(rf"\b({_QUESTION['earlier']})\b", re.IGNORECASE), -1),
               (re.compile(rf"\b({_QUESTION['later']})\b", re.IGNORECASE), 1)]
"""'Och året innan?': the previous question a year earlier (-1) or later (+1)."""
ANY_YEAR_RE = re.compile(rf"\b({YEAR})\b")


@dataclass(frozen=True)
class Period:
    label: str  # '2026-10-05', '2026-W12', '2026-Q3', '2026-10'
    start: date
    end: date


def year_for(month: int, day: int, held: date) -> int:
    """The year of a day named without one in minutes of a meeting held on `held`: the meeting's, or the next."""
    return held.year if (month, day) >= (held.month, held.day) else held.year + 1


def periods(sentence: str, held: date) -> list[tuple[int, Period]]:
    """Every date or period a sentence names, with where it stands: days first, then weeks, quarters and months
    (a place read as a day is not read again as a month)."""
    found: list[tuple[int, Period]] = []
    starts: set[int] = set()
    taken = bytearray(len(sentence) + 1)  # 1 where a date already read stands (constant time per match)
    for m in mentions(sentence):
        if m.start in starts:
            continue
        starts.add(m.start)
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        day = to_date(m.year if m.year is not None else year_for(m.month, m.day, held), m.month, m.day)
        if day:
            found.append((m.start, Period(day.isoformat(), day, day)))
    for pattern, reader in ((WEEK_RE, _week), (QUARTER_RE, _quarter), (MONTH_RE, _month)):
        for match in pattern.finditer(sentence):
            if taken[match.start()]:
                continue
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
            period = reader(match, held)
            if period:
                found.append((match.start(), period))
    return found


def first_period_after(sentence: str, held: date) -> Period | None:
    """The first date or period in a sentence that ends after the meeting: when a matter is due."""
    later = [(start, period) for start, period in periods(sentence, held) if period.end > held]
    return min(later, key=lambda item: item[0])[1] if later else None


def _week(match: re.Match[str], held: date) -> Period | None:
    week = int(match[1])
    year = int(match[2]) if match[2] else held.year + (week < held.isocalendar()[1])
    if not 1 <= week <= 52:
        return None
    start = date.fromisocalendar(year, week, 1)
    return Period(f"{year}-W{week:02d}", start, start + timedelta(days=6))


def _quarter(match: re.Match[str], held: date) -> Period:
    quarter = int(match[1])
    year = int(match[2]) if match[2] else year_for(quarter * 3, 31, held)
    last = calendar.monthrange(year, quarter * 3)[1]
    return Period(f"{year}-Q{quarter}", date(year, quarter * 3 - 2, 1), date(year, quarter * 3, last))


def _month(match: re.Match[str], held: date) -> Period:
    month = month_number(match[1])
    year = int(match[2]) if match[2] else year_for(month, 31, held)
    return Period(f"{year}-{month:02d}", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class AskedPeriod:
    """The meeting dates a question restricts itself to (ISO, inclusive)."""

    date_from: str | None = None
    date_to: str | None = None


def asked_period(text: str) -> AskedPeriod:
    """An exact date, a month with its year, a year that dates the meeting (one year only: 'decembermötena 2023
    och 2025' span years)."""
    on = rules().question
    exact = find_dates(text) if on.exact_date else []
    if exact:
        day = exact[0].value.isoformat()
        return AskedPeriod(day, day)
    month = MONTH_YEAR_RE.search(text) if on.month_filter else None
    if month:
        year, number = int(month[2]), month_number(month[1])
        last = calendar.monthrange(year, number)[1]
        return AskedPeriod(f"{year}-{number:02d}-01", f"{year}-{number:02d}-{last:02d}")
    named = YEAR_RE.search(text) if on.year_filter else None
    if named and len(set(ANY_YEAR_RE.findall(text))) == 1:
        value = named[1] or named[2]
        return AskedPeriod(f"{value}-01-01", f"{value}-12-31")
    return AskedPeriod()


def without_date_phrases(text: str) -> str:
    """The text without the dates and periods a question names (they became filters)."""
    for mention in sorted(mentions(text), key=lambda m: -m.start):
        text = text[:mention.start] + " " + text[mention.end:]
    for pattern in (MONTH_YEAR_RE, YEAR_RE, LATEST_RE):
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def year_shift(text: str) -> int:
    """-1 when a follow-up asks for the year before, +1 for the year after, else 0."""
    if not rules().question.year_shift:
        return 0
    return next((step for pattern, step in YEAR_SHIFTS if pattern.search(text)), 0)


def shift_years(text: str, step: int) -> str | None:
    """The text with each year moved by `step`, or None when it names no year."""
    if not ANY_YEAR_RE.search(text):
        return None
    return ANY_YEAR_RE.sub(lambda m: str(int(m[1]) + step), text)


def mentioned_forms(date_from: str, date_to: str | None) -> tuple[str, ...]:
    """How a § writes a date a question names: a day ('20 november', '2025-11-20', '20/11'), a month's name,
    or a year."""
    year, month, day = date_from.split("-")
    names = [name for name, number in MONTHS.items() if number == int(month)]
    if date_to == date_from:
        return (date_from, f"{int(day)}/{int(month)}", *(f"{int(day)} {name}" for name in names))
    if date_to and date_to[:7] == date_from[:7]:
        return (date_from[:7], *names)
    return (year,)
