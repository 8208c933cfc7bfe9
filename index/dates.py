"""Swedish dates in the forms protocols use, and which of them is the meeting's own date.

A header 'Datum: 230630' can name the previous meeting while the text says
'fredagen den 27 oktober 2023': each date found carries the strength of the cue
around it, and the strongest cue wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
}
WEEKDAYS = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?"
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

ISO_RE = re.compile(r"\b(20\d{2})-(\d{2})-(\d{2})\b")
COMPACT_RE = re.compile(r"\b(\d{2})(\d{2})(\d{2})\b")  # 251205
WORDS_RE = re.compile(rf"\b(\d{{1,2}})(?:\s*:?e)?\s+({_MONTH_RE})\s+(20\d{{2}})\b", re.IGNORECASE)

# Cues before a date, strongest first; the number is the cue's strength.
CUES = [
    (re.compile(rf"{WEEKDAYS}\s+(?:den\s+)?$", re.IGNORECASE), 5),
    (re.compile(r"(sammanträdesdatum|sammanträdesdag|mötesdatum|sammanträdet?\s+(?:den|hölls))\W*$", re.IGNORECASE), 5),
    (re.compile(r"(hölls|tid|datum och tid för mötet)\W*(?:\w+\s+)?$", re.IGNORECASE), 4),
    (re.compile(r"datum\W*$", re.IGNORECASE), 3),
]


@dataclass(frozen=True)
class FoundDate:
    value: date
    position: int
    strength: int


def to_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date in the text with the strength of the cue in front of it (1 when none)."""
    found: list[FoundDate] = []
    candidates = [(m, to_date(int(m[1]), int(m[2]), int(m[3]))) for m in ISO_RE.finditer(text)]
    candidates += [(m, to_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))) for m in WORDS_RE.finditer(text)]
    candidates += [(m, to_date(2000 + int(m[1]), int(m[2]), int(m[3]))) for m in COMPACT_RE.finditer(text)]
    for match, value in candidates:
        if value is None:
            continue
        before = text[max(0, match.start() - 40): match.start()]
        strength = next((s for cue, s in CUES if cue.search(before)), 1)
        found.append(FoundDate(value, match.start(), strength))
    return found


def meeting_date(header: str) -> str | None:
    """The meeting's own date from a protocol's opening text, as ISO, or None."""
    found = find_dates(header)
    if not found:
        return None
    best = max(found, key=lambda d: (d.strength, -d.position))
    return best.value.isoformat()
