"""Swedish dates in the forms protocols use, and which of them is the meeting's own date.

Protocols date many things: the meeting, the signing (justering), the posting on the notice board
(anslag), earlier meetings. Each date found carries the strength of the cue in front of it
('Sammanträdesdatum', 'måndagen den', 'Plats och tid'), or a veto when the cue names another event;
the strongest cue wins, and a meeting over several days is dated by its first day. A date with no
cue at all is only trusted before the first §: unknown stays unknown rather than a guess.
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
# Abbreviations as protocols write them ('27 febr 1991', '3 sept. 2019').
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?"
_MONTH_NAMES = {**MONTHS, **MONTH_ABBREVIATIONS}
_MONTH_RE = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
CENTURY_PIVOT = 40  # two-digit years up to 40 are 20xx ('251205'), later ones 19xx ('980326')

ISO_RE = re.compile(r"(?<![\d-])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?![\d-])")
LONG_COMPACT_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")  # 20050407
COMPACT_RE = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})(?![\d-])")  # 251205
# '27 oktober 2023', 'den 3:e maj 2019', '26-27 januari 2002' (the first day).
WORDS_RE = re.compile(rf"\b(\d{{1,2}})(?::?e)?(?:\s*[-–]\s*\d{{1,2}})?\.?\s+({_MONTH_RE})\.?\s+((?:19|20)\d{{2}})\b", re.IGNORECASE)
DOTTED_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?![\d.])")  # 14.03.2021, 8.9.2021
SLASHED_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})[ ]((?:19|20)\d{2})\b")  # 22/10 1991

# Cues in front of a date: (pattern, strength, where the date came from). Strength 0 vetoes the date:
# it dates another event (signing, posting, an earlier meeting, the end of the meeting).
CUES = [
    (re.compile(r"(justering|justera[st]?\b|anslag|uppsättande|nedtagande|sätts upp|tas ned|tas ner|nedtages|uppsättes"
                r"|föregående|tidigare|avslutades|överklagande|expedierat|utdrag)[^.\n]{0,40}$", re.IGNORECASE), 0, ""),
    (re.compile(r"(sammanträdesdatum|sammanträdesdag|mötesdatum|datum för sammanträdet)\W*$", re.IGNORECASE), 6, "'Sammanträdesdatum' field"),
    (re.compile(rf"{WEEKDAYS}\s+(?:den\s+)?$", re.IGNORECASE), 5, "weekday before the date"),
    (re.compile(r"(plats och tid|tid och plats|sammanträdestid)\b[^\n]{0,60}$", re.IGNORECASE), 5, "'Plats och tid' field"),
    (re.compile(r"\b(datum och tid|tid)\s*:\s*$", re.IGNORECASE), 5, "'Tid' field"),
    (re.compile(r"(hölls|sammanträdet?\s+(?:den|hölls)|mötet?\s+(?:den|hölls)|öppnades|öppnade[^.\n]{0,20})\W*(?:\w+\s+)?$", re.IGNORECASE), 4, "sentence naming the meeting"),
    (re.compile(r"(protokoll|möte|årsmöte|styrelsemöte)[^.\n]{0,60}?(?:den\s+)?$", re.IGNORECASE), 3, "protocol heading"),
    (re.compile(r"datum\W*$", re.IGNORECASE), 3, "'Datum' field"),
]
NO_CUE = (1, "first date before the first §")
MIN_BODY_STRENGTH = 4  # after the first §, only a date said to be the meeting's counts


@dataclass(frozen=True)
class FoundDate:
    value: date
    position: int
    strength: int
    source: str = ""


def to_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _century(yy: int) -> int:
    return 2000 + yy if yy <= CENTURY_PIVOT else 1900 + yy


def _candidates(text: str) -> list[tuple[re.Match, date | None]]:
    found = [(m, to_date(int(m[1]), int(m[2]), int(m[3]))) for m in ISO_RE.finditer(text)]
    found += [(m, to_date(int(m[1]), int(m[2]), int(m[3]))) for m in LONG_COMPACT_RE.finditer(text)]
    found += [(m, to_date(int(m[3]), _MONTH_NAMES[m[2].lower()], int(m[1]))) for m in WORDS_RE.finditer(text)]
    found += [(m, to_date(int(m[3]), int(m[2]), int(m[1]))) for m in DOTTED_RE.finditer(text)]
    found += [(m, to_date(int(m[3]), int(m[2]), int(m[1]))) for m in SLASHED_RE.finditer(text)]
    long_spans = {m.span() for m, _ in found}
    found += [(m, to_date(_century(int(m[1])), int(m[2]), int(m[3]))) for m in COMPACT_RE.finditer(text)
              if not any(a <= m.start() < b for a, b in long_spans)]
    return found


def find_dates(text: str) -> list[FoundDate]:
    """Every date in the text with the strength of the cue in front of it (1 when none, 0 when vetoed)."""
    found: list[FoundDate] = []
    for match, value in _candidates(text):
        if value is None:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 80): match.start()]
        strength, source = next(((s, label) for cue, s, label in CUES if cue.search(before)), NO_CUE)
        found.append(FoundDate(value, match.start(), strength, source))
    return found
