"""Structured facts of a §, extracted by rules at indexing time: typed decisions, amounts,
assignments, follow-ups and the people named.

Protocol phrasing is formulaic, so each fact type is a small set of patterns. `extract` is a
pure function of (Paragraph, Meeting) and returns JSON-able data stored with the §.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from index.lang.dates import MONTHS, to_date
from index.parse.decisions import sentences
from index.models import Meeting, Paragraph, slug

# --- decisions -------------------------------------------------------------------------
DECISION_TYPES = [  # (type, pattern), first match wins; anything else is a plain "decision"
    ("proposal", re.compile(r"\bföreslår\s+(?:att\s+)?(styrelsen|förbundsstyrelsen|nämnden|förbundsstämman|medlemmarna)\b", re.IGNORECASE)),
    ("postponed", re.compile(r"\bbordl(ägg|ades|agt)|\bskjuts upp\b", re.IGNORECASE)),
    ("rejected", re.compile(r"\bavsl(å|år|ås|og|ogs)\b|\b(inte|ej)\s+(bevilja|godkänn)", re.IGNORECASE)),
    ("information", re.compile(
        r"till handlingarna|informationen till protokollet|information till protokollet|tar .{0,30}information"
        r"|för informationen|\bnoterar\b", re.IGNORECASE)),
]


def decision_type(sentence: str) -> str:
    return next((name for name, pattern in DECISION_TYPES if pattern.search(sentence)), "decision")


# --- amounts ---------------------------------------------------------------------------
_NUM = r"\d{1,3}(?:[ \u00a0.]\d{3})+|\d+(?:,\d+)?"
_WORD_NUMBERS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10}
AMOUNT_RE = re.compile(
    rf"(?<![\d,.])({_NUM}|\b(?:{'|'.join(_WORD_NUMBERS)}))\s*(miljarder|miljard|miljoner|miljon|mnkr|mkr|msek|tkr|kkr|kronor|kr|sek)\b",
    re.IGNORECASE,
)
UNIT_FACTOR = {"miljarder": 10**9, "miljard": 10**9, "miljoner": 10**6, "miljon": 10**6, "mnkr": 10**6, "mkr": 10**6,
               "msek": 10**6, "tkr": 1000, "kkr": 1000, "kronor": 1, "kr": 1, "sek": 1}
RANGE_START_RE = re.compile(rf"(?<![\d,.])({_NUM})\s*(?:till|–|-)\s*$")  # 'från 10,7 till 12 miljoner'


def _number(text: str) -> float:
    word = _WORD_NUMBERS.get(text.lower())
    return float(word) if word else float(re.sub(r"[ \u00a0.]", "", text).replace(",", "."))


def amounts(text: str) -> list[dict]:
    """Amounts normalised to kronor: '12 miljoner' -> 12000000, '13 618 tkr' -> 13618000, '704.000 kr' -> 704000.
    The lower end of a range takes the unit of the upper end: 'från 10,7 till 12 miljoner' gives 10700000 too."""
    found = []
    for match in AMOUNT_RE.finditer(text):
        factor = UNIT_FACTOR[match[2].lower()]
        start = RANGE_START_RE.search(text[max(0, match.start() - 25): match.start()])
        if start:
            found.append({"text": f"{start[1]} {match[2]}", "kronor": int(round(_number(start[1]) * factor))})
        found.append({"text": match[0], "kronor": int(round(_number(match[1]) * factor))})
    return [dict(t) for t in dict.fromkeys(tuple(a.items()) for a in found)]  # each amount once


# --- people ----------------------------------------------------------------------------
_CAP = r"[A-ZÅÄÖÉ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉ][a-zåäöéüø]+)?"
NAME_SEQ_RE = re.compile(rf"\b{_CAP}(?:\s+{_CAP})*(?:\s+[A-ZÅÄÖ]\.)?")
FIRST_NAMES = set("""anna eva maria karin sara lena kerstin emma ingrid marie malin jenny hanna linda annika susanne helena
johanna elin camilla sofia sofie monica ulla birgitta inger åsa cecilia louise jessica therese lisa ida frida elisabeth
kristina margareta christina carina charlotta charlotte sandra madeleine madelene petra anneli annelie mette viola ann anne
ann-charlotte ann-sofie josefin amanda julia emelie vilma linnea maud marianne lars mikael anders johan erik per karl peter
thomas jan daniel fredrik hans bengt andreas stefan mats magnus mattias jonas niklas martin björn ulf henrik christer leif
bo sven göran roger joakim jonny lucas oleg sam owe nils klas jimmy joel emil oscar gustav axel david robert patrik tommy
kent roland rolf lennart kjell håkan tobias marcus alexander simon victor olof per-olov jesper ola ingemar""".split())
NOT_NAME = {"försäkringskassan", "arbetsförmedlingen", "region", "regionen", "kommun", "kommunen", "styrelsen", "förbundet",
            "samordningsförbundet", "nationella", "rådet", "östra", "västra", "norra", "södra"}


def people(text: str, attendees: list[str]) -> list[str]:
    """Full names of the people named, in order: 'Firstname Surname' with a known first name (attendees' or a
    common Swedish one), 'Oleg K.' and a lone first name, each resolved to an attendee, or to a name given
    in full in the same text, where exactly one fits."""
    firsts = FIRST_NAMES | {a.split()[0].lower() for a in attendees}
    mentions = []
    for match in NAME_SEQ_RE.finditer(text):
        words = match[0].split()
        while words and words[0].lower() not in firsts:
            words.pop(0)
        while len(words) > 1 and words[-1].lower() in NOT_NAME:
            words.pop()
        if words:
            mentions.append(words[:3])
    known = _Names(list(attendees) + [" ".join(w) for w in mentions if len(w) > 1 and not w[-1].endswith(".")])
    found: list[str] = []
    for words in mentions:
        name = _resolve(words, known) or (" ".join(words) if len(words) > 1 else None)
        if name and name not in found:
            found.append(name)
    return found


class _Names:
    """Known full names, indexed once so that resolving a mention takes the same time however many there are: by
    slug, by first name, and by first name with each start (up to SURNAME_START letters) of the surname's slug."""

    def __init__(self, known: list[str]):
        self.by_slug: dict[str, str] = {}
        self.by_first: dict[str, list[str]] = {}
        self.by_start: dict[tuple[str, str], list[str]] = {}
        for name in known:  # attendees come first and win over spellings in the text
            self.by_slug.setdefault(slug(name), name)
        for name in dict.fromkeys(known):
            words = name.split()
            if len(words) > 1:
                self.by_first.setdefault(words[0], []).append(name)
                surname = slug(words[1])
                for n in range(min(SURNAME_START, len(surname)) + 1):
                    self.by_start.setdefault((words[0], surname[:n]), []).append(name)


SURNAME_START = 4  # letters of a surname that tell two people of one first name apart ('Oleg K.' takes one)


def _resolve(words: list[str], known: _Names) -> str | None:
    """The known full name a mention refers to: same slug, same first name and surname start, or a unique first name."""
    whole = slug(" ".join(words))
    if whole in known.by_slug:
        return known.by_slug[whole]
    if len(words) == 1:
        first = known.by_first.get(words[0], [])
        return first[0] if len(first) == 1 else None
    prefix = slug(words[1].rstrip("."))[: 1 if words[1].endswith(".") else SURNAME_START]
    same = known.by_start.get((words[0], prefix), [])
    return same[0] if len(same) == 1 else None


# --- assignments -----------------------------------------------------------------------
_ROLE = (r"(?:styrelsens\s+|förbundets\s+|vice\s+)?(?:förbundschef(?:en)?|ordförande(?:n)?|presidiet|(?:förbunds)?kansliet"
         r"|arbetsutskottet|styrelsen|ekonom(?:en)?|verksamhetsutvecklare(?:n)?|samordnare(?:n)?|processledare(?:n)?"
         r"|beredningsgrupp(?:en)?|sekreterare(?:n)?)")
_WHO = rf"(?P<who>{_ROLE}|{_CAP}(?:\s+{_CAP})?)"
# The same, a name starting where a word does: case-insensitive, a name could otherwise start at every letter of a
# long word, and the search would take time growing with the square of its length.
_WHO_AT_WORD = rf"(?P<who>{_ROLE}|(?<![a-zåäöéüø]){_CAP}(?:\s+{_CAP})?)"
ASSIGNMENT_PATTERNS = [  # (kind, pattern); each has the groups who and task
    ("assignment", re.compile(r"\b(?:ger|gav|ge)\s+(?:(?:arbetsutskottet|styrelsen|au|presidiet)\s+)?(?P<who>.{1,60}?)\s+i\s+uppdrag\s+(?:att\s+)?(?P<task>.+)", re.IGNORECASE)),
    ("assignment", re.compile(rf"{_WHO_AT_WORD}\s+(?:ges|får)\s+i\s+uppdrag\s+(?:att\s+)?(?P<task>.+)", re.IGNORECASE)),
    ("assignment", re.compile(r"\b(?:uppdrag(?:et)?\s+(?:till|åt)|uppdrar\s+(?:åt\s+)?)\s*(?P<who>.{1,60}?)\s+att\s+(?P<task>.+)", re.IGNORECASE)),
    ("mandate", re.compile(r"\bbemyndiga[rs]?\s+(?P<who>.{1,60}?)\s+att\b[\s,]*(?P<task>.+)", re.IGNORECASE)),
    ("commitment", re.compile(rf"{_WHO}\s+kommer\s+(?:att\s+)?(?P<task>(?:framföra|återkomma|ta fram|undersöka|kontakta|skicka|meddela|bjuda in|informera|presentera|lämna)\b.+)")),
    ("commitment", re.compile(rf"{_WHO}\s+(?:ber att få\s+)?(?P<task>återkomm\w*\s+med\b.+)")),
]
_ORGAN_SUBJECT = re.compile(r"^(?:att\s+)?(styrelsen|arbetsutskottet|presidiet)\b", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[-–•*]\s*)?(?:o\s+)?(?:\d{1,2}[.)]\s*)?")


def _sentences(paragraph: Paragraph) -> list[str]:
    return [_LIST_MARK.sub("", s, count=1).strip() for s in sentences(paragraph.text)]


def _who(raw: str, sentence: str, meeting: Meeting, names: _Names) -> str:
    raw = raw.strip(" ,")
    if raw.lower() in {"sig själv", "sig själva"}:
        subject = _ORGAN_SUBJECT.match(sentence)
        return subject[1].lower() if subject else meeting.body
    if re.fullmatch(_ROLE, raw, re.IGNORECASE):
        role = raw.lower()
        return {"förbundschef": "förbundschefen", "ordförande": "ordföranden", "ekonom": "ekonomen"}.get(role, role)
    return _resolve(raw.split(), names) or raw


def assignments(paragraph: Paragraph, meeting: Meeting, names: list[str]) -> list[dict]:
    """Who was asked to do what: 'ger förbundschefen i uppdrag att …', 'uppdrag till förbundschef att …',
    'Förbundschefen ges i uppdrag att …', 'bemyndiga ordförande att …', 'Förbundschefen kommer framföra …'."""
    found: list[dict] = []
    known = _Names(names)
    for sentence in _sentences(paragraph):
        for kind, pattern in ASSIGNMENT_PATTERNS:
            match = pattern.search(sentence)
            if not match:
                continue
            task = re.sub(r"^att\s+", "", match["task"].strip(" ,").rstrip("."))
            item = {"kind": kind, "who": _who(match["who"], sentence, meeting, known), "task": task, "text": sentence,
                    "kronor": [a["kronor"] for a in amounts(sentence)]}
            if not any(f["who"] == item["who"] and f["task"] == task for f in found):
                found.append(item)
            break
    return found


# --- follow-ups ------------------------------------------------------------------------
FOLLOWUP_CUE = re.compile(
    r"följ(?:s|as|a|er)?\s+upp|återkomm|återrapport|redovisa[sr]?\b|\bnästa\s+\w*(?:möte|sammanträde)"
    r"|\b(?:nästkommande|kommande)\s+\w*(?:möte|sammanträde)|beslutas\s+om|\btas\s+upp|\bta[rs]?\s+ställning|\bsenast\b"
    r"|\bbesluta\s+i\b|presenteras\s+(?:på|vid)", re.IGNORECASE)
NEXT_MEETING_RE = re.compile(r"\b(?:nästa|nästkommande|kommande)\s+\w*(?:möte|sammanträde)", re.IGNORECASE)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
WHEN_PATTERNS = [  # (precision, pattern), tried in order; the first date after the meeting wins
    ("day", re.compile(r"\b(20\d{2})-(\d{2})-(\d{2})\b")),
    ("day", re.compile(rf"\b(\d{{1,2}})(?:\s*:?e)?\s+({_MONTH})(?:\s+(20\d{{2}}))?\b", re.IGNORECASE)),
    ("week", re.compile(r"\bvecka\s+(\d{1,2})(?:\s+(?:år\s+)?(20\d{2}))?\b", re.IGNORECASE)),
    ("quarter", re.compile(r"\bkvartal\s+([1-4])(?:\s+(?:år\s+)?(20\d{2}))?\b", re.IGNORECASE)),
    ("month", re.compile(rf"\b({_MONTH})(?:\s+(?:månad\s+)?(20\d{{2}}))?\b", re.IGNORECASE)),
]
FOLLOWER_RE = re.compile(r"följs\s+upp(?:\s+igen)?\s+av\s+(\w+)", re.IGNORECASE)


def _period(precision: str, match: re.Match, held: date) -> tuple[str, date, date] | None:
    """(label, first day, last day) of a date or period; a missing year is the meeting's, or the next if that lies before it."""
    def year_for(month: int, day: int, given: str | None) -> int:
        if given:
            return int(given)
        return held.year if (month, day) >= (held.month, held.day) else held.year + 1

    if precision == "day" and match.re.pattern.startswith(r"\b(20"):
        start = to_date(int(match[1]), int(match[2]), int(match[3]))
        return (start.isoformat(), start, start) if start else None
    if precision == "day":
        month, day = MONTHS[match[2].lower()], int(match[1])
        start = to_date(year_for(month, day, match[3]), month, day)
        return (start.isoformat(), start, start) if start else None
    if precision == "week":
        year = int(match[2]) if match[2] else held.year + (int(match[1]) < held.isocalendar()[1])
        start = date.fromisocalendar(year, int(match[1]), 1) if 1 <= int(match[1]) <= 52 else None
        return (f"{year}-W{int(match[1]):02d}", start, start + timedelta(days=6)) if start else None
    if precision == "quarter":
        quarter = int(match[1])
        year = int(match[2]) if match[2] else year_for(quarter * 3, 31, None)
        return f"{year}-Q{quarter}", date(year, quarter * 3 - 2, 1), date(year, quarter * 3, monthrange(year, quarter * 3)[1])
    month = MONTHS[match[1].lower()]
    year = year_for(month, 31, match[2])
    return f"{year}-{month:02d}", date(year, month, 1), date(year, month, monthrange(year, month)[1])


def due(sentence: str, meeting_date: str) -> dict | None:
    """The first date or period in a sentence that lies after the meeting, as {'due', 'due_from', 'due_to'}."""
    held = date.fromisoformat(meeting_date) if meeting_date else date.min
    taken = bytearray(len(sentence) + 1)  # 1 where an earlier pattern's date already stands
    candidates = []
    for precision, pattern in WHEN_PATTERNS:
        for match in pattern.finditer(sentence):
            if taken[match.start()]:
                continue
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
            period = _period(precision, match, held)
            if period and period[2] > held:
                candidates.append((match.start(), period))
    if not candidates:
        return None
    label, start, end = min(candidates)[1]
    return {"due": label, "due_from": start.isoformat(), "due_to": end.isoformat()}


def followups(paragraph: Paragraph, meeting: Meeting) -> list[dict]:
    """What is due back and when: 'Följs upp igen av internkontrollen i oktober 2026' -> due '2026-10';
    'Nästa möte blir den 20 februari' -> the next 20 February after the meeting. Undated ones are kept
    only when they point at the next meeting."""
    found = []
    for sentence in _sentences(paragraph):
        if not FOLLOWUP_CUE.search(sentence):
            continue
        when = due(sentence, meeting.date)
        next_meeting = bool(NEXT_MEETING_RE.search(sentence))
        if when or next_meeting:
            by = FOLLOWER_RE.search(sentence)
            found.append({"text": sentence, **(when or {"due": None, "due_from": None, "due_to": None}),
                          "next_meeting": next_meeting, "by": by[1].lower() if by else None})
    return found


def extract(paragraph: Paragraph, meeting: Meeting) -> dict:
    names = people(f"{paragraph.title}\n{paragraph.text}", meeting.attendees)
    decided = [{"text": d, "type": decision_type(d), "kronor": [a["kronor"] for a in amounts(d)]} for d in paragraph.decisions]
    decided_texts = {a["text"] for d in paragraph.decisions for a in amounts(d)}
    return {
        "decisions": decided,
        "amounts": [{**a, "decided": a["text"] in decided_texts} for a in amounts(f"{paragraph.title}\n{paragraph.text}")],
        "assignments": assignments(paragraph, meeting, names),
        "followups": followups(paragraph, meeting),
        "people": names,
    }
