"""People's names in Swedish minutes: in attendance lists, in running text, and in an answer's claims.

A name is a run of capitalised words that starts with the first name of one of the protocol's attendees and holds no word that is never a name (`is_not_name`: organisations, organs, roles, form
labels, months, weekdays; data/not_names.txt). A mention ('Oleg K.', a lone first name) is resolved to the
one attendee or full name of the same text it fits.
"""

from __future__ import annotations

import re

from index.lang.dates import MONTHS, MONTH_ABBREVIATIONS, WEEKDAYS
from index.lang.tokens import slug
from index.lang.wordlists import alternation, words

NOT_NAMES: frozenset[str] = frozenset(words("not_names")) | set(MONTHS) | set(MONTH_ABBREVIATIONS) | set(WEEKDAYS)
"""Capitalised words that are never part of a person's name, lower-cased."""
ORGANISATION_KINDS = re.compile(rf"(?:{alternation(words('organisation_kinds'))})\b", re.IGNORECASE)
"""A word that makes the capitalised word before it an organisation's name ('Nybro kommun')."""
_CAP = r"[A-ZÅÄÖÉ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉ][a-zåäöéüø]+)?"
NAME_RUN_RE = re.compile(rf"\b{_CAP}(?:\s+{_CAP})*(?:\s+[A-ZÅÄÖ]\.)?")
"""Capitalised words in a row, perhaps closed by an initial: 'Anna Svensson', 'Oleg K.'."""
_LIST_CAP = r"[A-ZÅÄÖ][\wåäöéü-]+"
LISTED_NAME_RE = re.compile(rf"^({_LIST_CAP}(?:[ \t]+{_LIST_CAP}){{1,2}})(?=$|[ \t,(])")
"""A name opening a cell of an attendance list: two or three capitalised words."""
CAPITALISED_RE = re.compile(r"\b[A-ZÅÄÖÉÜ][\wÅÄÖåäöéü-]*")
"""A capitalised word (a name an answer's sentence may state)."""


def is_not_name(word: str) -> bool:
    return word.lower() in NOT_NAMES


def listed_name(line: str) -> str | None:
    """The person's name opening a line of an attendance list ('Anna Svensson, ordförande', 'Isabell Lindahl
    Nybro kommun'), or None. Words after the name that name an organisation are the person's affiliation."""
    cell = re.split(r"\t|\s{2,}|,", line.strip())[0]
    match = LISTED_NAME_RE.match(cell)
    if not match:
        return None
    found = match[1].split()
    while found and is_not_name(found[-1]):
        found.pop()
    rest = cell[match.end():].strip()
    if len(found) == 3 and ORGANISATION_KINDS.match(rest):
        found.pop()
    if len(found) < 2 or is_not_name(found[0]):
        return None
    return " ".join(found)


def people(text: str, attendees: list[str]) -> list[str]:
    """Full names of the people named, in order: 'Firstname Surname' with an attendee's first name, 'Oleg K.'
    and a lone first name, each resolved to an attendee, or to a name given in full in the same text, where
    exactly one fits. (A list of common Swedish first names made a person of capitalised words the minutes do not
    name as one: it cost four questions of the invented tune split, evals/README.md.)"""
    firsts = {a.split()[0].lower() for a in attendees}
    mentioned = []
    for match in NAME_RUN_RE.finditer(text):
        run = match[0].split()
        while run and not _first_name(run[0], firsts):
            run.pop(0)
        while len(run) > 1 and is_not_name(run[-1]):
            run.pop()
        if run:
            mentioned.append(run[:3])
    known = KnownNames(list(attendees) + [" ".join(w) for w in mentioned if len(w) > 1 and not w[-1].endswith(".")])
    found: list[str] = []
    for run in mentioned:
        name = resolve(run, known) or (" ".join(run) if len(run) > 1 else None)
        if name and name not in found:
            found.append(name)
    return found


def _first_name(word: str, firsts: frozenset[str] | set[str]) -> bool:
    """A first name, or a double first name of two ('Ann-Charlotte', 'Per-Olov')."""
    lower = word.lower()
    return lower in firsts or ("-" in lower and all(part in firsts for part in lower.split("-")))


class KnownNames:
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


SURNAME_START = 4
"""Letters of a surname that tell two people of one first name apart ('Oleg K.' takes one)."""


def resolve(mention: list[str], known: KnownNames) -> str | None:
    """The known full name a mention refers to: same slug, same first name and surname start, or a unique first name."""
    whole = slug(" ".join(mention))
    if whole in known.by_slug:
        return known.by_slug[whole]
    if len(mention) == 1:
        first = known.by_first.get(mention[0], [])
        return first[0] if len(first) == 1 else None
    prefix = slug(mention[1].rstrip("."))[: 1 if mention[1].endswith(".") else SURNAME_START]
    same = known.by_start.get((mention[0], prefix), [])
    return same[0] if len(same) == 1 else None


def stated_names(sentence: str) -> list[str]:
    """The capitalised words a sentence states as names, its first word (capitalised as any sentence's) left out."""
    rest = re.sub(r"^[\W\d_]+", "", sentence).split(maxsplit=1)
    return [n for n in CAPITALISED_RE.findall(rest[1] if len(rest) > 1 else "") if not is_not_name(n)]


def names_in(name: str, text: str) -> bool:
    """Whether a text writes a name, also in the genitive or without it ('Kalmars' ~ 'Kalmar')."""
    lower, word = text.lower(), name.lower()
    stem = re.sub(r"(?:['’]s|s)$", "", word)
    return word in lower or (len(stem) > 2 and stem in lower)
