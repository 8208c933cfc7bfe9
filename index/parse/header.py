"""Who met, as an organ of which organisation, and who attended: read from the text before the first §.

Each name comes with where it was read (Evidence.source), strongest evidence first: a form field
('Organ', 'Nämnd'), the protocol's own heading ('sammanträde med styrelsen'), the letterhead
('TJÖRNS KOMMUN', 'Samordningsförbundet X', a förening's name), the organ's abbreviation in the
§ numbering ('KS § N'), and only then who decides in the text. A slogan or a field label is never
a name: a name is a capitalised word run ending in (or starting with) the kind of organisation.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from index.lang.dates import find_dates
from index.lang.names import listed_name
from index.lang.phrases import (ABBREVIATED_ORGANS, ATTENDANCE_END, ATTENDANCE_START, DECIDER_RE, ORGAN_CUE_RE,
                                ORGAN_FIELD_RE)
from index.lang.vocabulary import (ASSOCIATION_RES, COORDINATION_RE, MUNICIPALITY_RE, OWN_NAME_ORGAN_RE, OWNED_ORGAN_RE,
                                   REGION_RE, coordination_name, organ_named)
from index.lang.labels import COVER_FIELD_RE, is_label
from index.lang.titles import kind_first_at, without_meeting_words
from index.models import Evidence
from index.parse.letterhead import title_organisation

UNKNOWN_ORGANISATION = "Okänd organisation"
DEFAULT_BODY = "styrelsen"

LETTERHEAD_LINES = 6  # the first lines of a protocol: its letterhead
COVER_CHARS = 4000  # a cover page; beyond it a word naming an organ is running text
_WORD_START_RE = re.compile(r"\b\w")


def organisation_found(header: str, full_text: str) -> Evidence:
    """The organisation's name as the protocol writes it, with where it was read. The protocol names whose meeting it
    is in its letterhead and title, before anything else: a name there (of any kind, or without one: 'IFK Norrvik',
    'AIK' over 'Protokoll') outweighs a municipality, region or association the cover or the text names elsewhere
    (an attendee's 'Norrviks kommun', the hall a club meets in)."""
    match = COORDINATION_RE.search(header)
    if match:
        return Evidence(coordination_name(match), "samordningsförbund named before the first §")
    letterhead = _before_fields("\n".join([ln for ln in header.split("\n") if ln.strip()][:LETTERHEAD_LINES]))
    found = _letterhead_name(letterhead) or _association(_first_column(letterhead))
    if found:
        return Evidence(found, "letterhead")
    titled = title_organisation(header)
    if titled:
        return titled
    found = _municipality(header) or _association(header)
    if found:
        return Evidence(found, "before the first §")
    found = _owner_of_the_organ(full_text)
    if found:
        return Evidence(found, "association owning the organ in the text")
    match = COORDINATION_RE.search(full_text)
    if match:
        return Evidence(coordination_name(match), "samordningsförbund named in the text")
    found = _municipality(full_text)
    return Evidence(found, "municipality most named in the text") if found else Evidence(UNKNOWN_ORGANISATION, "")


def organisation(header: str, full_text: str) -> str:
    return organisation_found(header, full_text).value


def _before_fields(letterhead: str) -> str:
    """The letterhead up to its first form field ('Organ: Styrelsen', 'Närvarande: … (Norrviks kommun)'): what a
    field holds is the cover's, not the letterhead's, also where a transcript ran the cover into one line."""
    field = COVER_FIELD_RE.search(letterhead)
    return letterhead[:field.start()] if field else letterhead


def _first_column(letterhead: str) -> str:
    """The letterhead's left column read down as one line: a name set over two lines beside the place and date
    ('Norrby\tNorrby 2012-08-12' over 'Vägsamfällighet') is read across its lines; a line repeating the one above
    ('AIK' kept once from the running header, over the title 'AIK') is read once."""
    cells = [line.split("\t")[0].strip() for line in letterhead.split("\n")]
    return " ".join(cell for k, cell in enumerate(cells) if not k or cell != cells[k - 1])


def _letterhead_name(letterhead: str) -> str | None:
    """The name the letterhead sets first, an association's or a municipality's: 'KVARNÖ KOMMUN KOMMUNSTYRELSE' over
    a cover that names 'Kvarnö Ungdomsförening' further on is the municipality's protocol, and 'Norrvik IF' over
    'Plats: Norrviks kommuns sporthall' the club's."""
    association = _association_at(letterhead)
    place = MUNICIPALITY_RE.search(letterhead) or REGION_RE.search(letterhead)
    if place and (association is None or place.start() < association[0]):
        return _municipality(letterhead)
    return association[1] if association else None


def _association(text: str) -> str | None:
    found = _association_at(text)
    return found[1] if found else None


def _association_at(text: str) -> tuple[int, str] | None:
    """Where the text names an association, and its name: by the first of ASSOCIATION_RES that matches, else by a
    name opening with its kind ('Föreningen Ekgården')."""
    for pattern in ASSOCIATION_RES:
        match = pattern.search(text)
        if match:
            return match.start(1), _named(match[1])
    return kind_first_at(text)


def _named(found: str) -> str:
    """An association's name as a pattern caught it: on one line, without the meeting's words before it, capitalised."""
    name = without_meeting_words(re.sub(r"\s+", " ", found).strip())
    return name[0].upper() + name[1:]


def _owner_of_the_organ(text: str) -> str | None:
    """The association the text names most often as the owner of an organ ('Norrvik IF:s styrelse beslutade'): a
    club whose title is a logo names itself so in its text, while a municipality there is only talked about."""
    owners: Counter[str] = Counter()
    for pattern in ASSOCIATION_RES:
        for match in pattern.finditer(text):
            if OWNED_ORGAN_RE.match(text, match.end(1)):
                owners[_named(match[1])] += 1
    return owners.most_common(1)[0][0] if owners else None


def _municipality(text: str) -> str | None:
    """The municipality the text names most: its place counted wherever the text writes it ('Nykarlebyveckan',
    'i Nykarleby'), not only before 'stad' or 'kommun', so a scanner's garbled reading of a few lines
    ('Nksnruebk stad' on an appeals page) does not outvote the place the protocol is about."""
    names = Counter(f"{m[1][0]}{m[1][1:].lower()} {m[2].lower()}" for m in MUNICIPALITY_RE.finditer(text))
    region = REGION_RE.search(text)
    if names:
        mentions = _words_begun_by({name.split()[0] for name in names}, text)
        return max(names, key=lambda name: (mentions[name.split()[0]], names[name]))
    return re.sub(r"\s+", " ", region[0]) if region else None


def _words_begun_by(prefixes: set[str], text: str) -> Counter[str]:
    """How many words of the text each prefix begins, case aside, in one pass: from each word's first letter the
    prefixes are followed letter by letter through a trie of them, so the work grows with the text and the
    prefixes matched there, not with the number of prefixes times the text."""
    trie: dict[str, Any] = {}
    for prefix in prefixes:
        node = trie
        for char in prefix.lower():
            node = node.setdefault(char, {})
        node[""] = prefix  # a prefix ends here ('' is no character of the text)
    counts: Counter[str] = Counter()
    for word in _WORD_START_RE.finditer(text):
        node, i = trie, word.start()
        while i < len(text) and (step := node.get(text[i].lower())) is not None:
            node, i = step, i + 1
            if "" in node:
                counts[node[""]] += 1
    return counts


def body_found(header: str, full_text: str, numbering: str = "") -> Evidence:
    """The organ that met ('styrelsen', 'arbetsutskottet', 'kommunfullmäktige', a nämnd's own name),
    with where it was read."""
    prefix = numbering.split()[0] if numbering and numbering[0].isalpha() else ""
    if prefix and ABBREVIATED_ORGANS[0][0].search(prefix):  # an utskott's protocol carries its parent's name in 'Organ'
        return Evidence(ABBREVIATED_ORGANS[0][1], f"numbering '{numbering}'")
    field = ORGAN_FIELD_RE.search(header)
    named = organ_named(field[1]) if field else None
    if field and not is_label(field[1]):  # the field names the organ: by its kind ('Styrelse' -> 'styrelsen'), or by its own name ('Tekniska nämnden')
        value = field[1] if OWN_NAME_ORGAN_RE.search(field[1]) or not named else named
        return Evidence(value[0].lower() + value[1:], f"'{field[0].split()[0].rstrip(':')}' field")
    for cue in ORGAN_CUE_RE.finditer(header):
        words = cue[2].split()
        for named in (words[0], " ".join(words)):  # the organ in one word ('Styrelsemöte') or two ('allmänt möte')
            found = organ_named(named)
            if found:
                return Evidence(found, f"'{cue[1]} {named}'")
    for pattern, name in ABBREVIATED_ORGANS:
        if prefix and pattern.search(prefix):
            return Evidence(name, f"numbering '{numbering}'")
    deciders = Counter(m[1] for m in DECIDER_RE.finditer(full_text))
    if deciders:
        word = deciders.most_common(1)[0][0]
        return Evidence(organ_named(word) or DEFAULT_BODY, f"'{word} beslutar' in the text")
    for word in re.findall(r"[\wåäö-]+", header[:COVER_CHARS]):
        found = organ_named(word)
        if found:
            return Evidence(found, "word before the first §")
    return Evidence(DEFAULT_BODY, "assumed (no organ named)")


def body(header: str, full_text: str) -> str:
    return body_found(header, full_text).value


def attendees(header: str) -> list[str]:
    """Names listed under 'Närvarande', 'Beslutande', 'Övriga deltagare' and the like."""
    names: list[str] = []
    inside = False
    for line in header.split("\n"):
        if ATTENDANCE_END.match(line):
            inside = False
            continue
        start = ATTENDANCE_START.match(line)
        if start:
            inside = True
            line = line[start.end():].lstrip(" :\t")
        if inside:
            name = listed_name(line)
            if name and name not in names:
                names.append(name)
    return names


def meeting_date_found(text: str, min_strength: int = 1) -> Evidence | None:
    """The meeting's own date as ISO with where it came from, or None."""
    found = [d for d in find_dates(text) if d.strength >= max(min_strength, 1)]
    if not found:
        return None
    best = max(found, key=lambda d: (d.strength, -d.position))
    return Evidence(best.value.isoformat(), best.source)


def meeting_date(header: str) -> str | None:
    """The meeting's own date from a protocol's opening text, as ISO, or None."""
    found = meeting_date_found(header)
    return found.value if found else None
