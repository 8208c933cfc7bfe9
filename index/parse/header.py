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

from index.lang.dates import find_dates
from index.models import Evidence

UNKNOWN_ORGANISATION = "Okänd organisation"
DEFAULT_BODY = "styrelsen"

_CAP = r"[A-ZÅÄÖ][\wåäöéü-]+"
# 'Samordningsförbundet i \nKalmar län', 'Samordningsförbundet RAR i Sörmland', 'Samordningsförbundet Östra Östergötland'.
ORG_RE = re.compile(
    rf"(Samordningsförbundet|Finsamförbundet|Samordningsförbund)(?:[ \t]+|[ \t]*\n\s*)((?:RAR[ \t]+)?(?:i(?:[ \t]+|[ \t]*\n\s*))?{_CAP}(?:[ \t]+(?:{_CAP}|län))?)"
)

BODIES = [  # (pattern, canonical organ name), most specific first; None keeps the organ's own word
    (re.compile(r"arbetsutskott(?:et|ets)?\b|\bAU\b", re.IGNORECASE), "arbetsutskottet"),
    (re.compile(r"presidi(?:um|et|ets)\b", re.IGNORECASE), "presidiet"),
    (re.compile(r"beredningsgrupp(?:en|ens)?\b", re.IGNORECASE), "beredningsgruppen"),
    (re.compile(r"\b(\w*fullmäktige)\b", re.IGNORECASE), None),
    (re.compile(r"\b((?:kommun|region|landstings|stads)styrelse)(?:n|ns)?\b", re.IGNORECASE), None),
    (re.compile(r"\b(\w+nämnd)(en)?\b", re.IGNORECASE), None),  # keeps the nämnd's own name
    (re.compile(r"\b(års|höst|vår|medlems|extra\s?)(möte|stämma)", re.IGNORECASE), None),
    (re.compile(r"\bföreningsstämma", re.IGNORECASE), "föreningsstämman"),
    (re.compile(r"styrelse(?:n|ns|möte|sammanträde)?\b", re.IGNORECASE), "styrelsen"),  # not 'kommunstyrelseförvaltningen'
]
# Form fields of the cover page: 'Organ Kommunfullmäktige', 'Nämnd: Socialnämnden', 'Beslutsinstans: …'.
ORGAN_FIELD_RE = re.compile(
    r"\b(?:Organ|Nämnd(?:/styrelse)?|Beslutsinstans)\b[ \t]*:?[ \t]*"
    r"([A-ZÅÄÖ][\wåäö-]*(?:[ \t]+(?:och|för|i)[ \t]+[\wåäö-]+|[ \t]+[a-zåäö][\wåäö-]+)*)"
)
# The organ's abbreviation in the § numbering ('KS § N', 'KF N', 'Bsau § N'): K = kommun, F = fullmäktige,
# S = styrelse, AU = arbetsutskott.
ABBREVIATED_BODIES = [
    (re.compile(r"au$", re.IGNORECASE), "arbetsutskottet"),
    (re.compile(r"^kf", re.IGNORECASE), "kommunfullmäktige"),
    (re.compile(r"^ks", re.IGNORECASE), "kommunstyrelsen"),
    (re.compile(r"^rs", re.IGNORECASE), "regionstyrelsen"),
]
# 'sammanträde med arbetsutskottet', 'Protokoll Styrelsemöte', 'Protokoll fört vid ... styrelsen'.
BODY_CUE_RE = re.compile(r"(sammanträde med|protokoll(?: fört vid| från)?|möte med|mötet i)\s+(\w+)", re.IGNORECASE)
DECIDER_RE = re.compile(r"\b(Styrelsen|Arbetsutskottet|AU|Nämnden|Presidiet)\s+(beslutar|beslutade|föreslår|tar|noterar|godkänner)")

_ROLE_WORDS = r"(?:närvarande|beslutande|ledamöter|ledamot|deltagare|ersättare|tjänstgörande|övriga)"
ATTENDANCE_START = re.compile(rf"^\s*{_ROLE_WORDS}(?:\s+{_ROLE_WORDS})*\s*:?", re.IGNORECASE)
ATTENDANCE_END = re.compile(r"^\s*(utses att justera|justerare|plats och tid|paragrafer|underskrift|sekreterare\s*$|anslagsbevis|gäster)", re.IGNORECASE)
NAME_RE = re.compile(rf"^({_CAP}(?:[ \t]+{_CAP}){{1,2}})(?=$|[ \t,(]|\t)")
NOT_NAME_WORDS = {"Region", "Försäkringskassan", "Arbetsförmedlingen", "Ordförande", "Ledamot", "Namn", "Tillhörighet", "Plats", "Tid", "Datum", "Digitalt", "Samordningsförbundet"}


# Municipal and regional names: 'Tjörns kommun', 'TJÖRNS KOMMUN', 'Karlsborgs kommuns', 'Vaasa stad', 'Region Kalmar län'.
# A name starts a word (not after a hyphen either: 'AU-AU-…' would be tried from every letter).
MUNICIPALITY_RE = re.compile(r"(?<![(\w-])([A-ZÅÄÖ][\wåäöéü-]+)[ \t]+(kommun|stad|KOMMUN|STAD)(?:s)?\b(?![\w)])")
REGION_RE = re.compile(rf"\b(Region)[ \t]+({_CAP}(?:[ \t]+län)?)")
# Associations: 'Länna hembygdsförening', 'Medelpads Hembygdsförbund', 'Föreningen ”Vår Bygd 1891”',
# 'Förening för en fri informationsinfrastruktur Sverige', 'Solvalla Amatörklubb'.
_KINDS = r"(?:hembygds|idrotts|intresse|ideell|ekonomisk|samfällighets|bostadsrätts|villaägare|byalags)?(?:förening|förbund|klubb|sällskap|samfällighet|stiftelse)(?:en|et)?"
ASSOCIATION_RES = [
    re.compile(r"\b([Ff]örening(?:en)?[ \t]+[”\"“][^”\"“\n]{2,60}[”\"“])"),
    re.compile(r"\b([Ff]örening(?:en)?[ \t]+för[ \t]+[^\n.,;(]{3,80}?)(?=[ \t]*(?:\n|$|[.,;(]|\d))"),
    re.compile(rf"(?<![\w-])((?:[A-ZÅÄÖ][\wåäöéü-]*[ \t]+){{1,3}}(?:[A-ZÅÄÖ][\wåäö]*)?{_KINDS})\b"),  # from a word's start
]
LETTERHEAD_LINES = 6  # the first lines of a protocol: its letterhead
COVER_CHARS = 4000  # a cover page; beyond it a word naming an organ is running text


def organisation_found(header: str, full_text: str) -> Evidence:
    """The organisation's name as the protocol writes it, with where it was read."""
    for text, where in ((header, "before the first §"), (full_text, "in the text")):
        match = ORG_RE.search(text)
        if match:
            name = re.sub(r"\s+", " ", match[2]).strip()
            name = re.sub(r"\bLän\b", "län", name)
            return Evidence(f"{match[1]} {name}", f"samordningsförbund named {where}")
    letterhead = "\n".join([ln for ln in header.split("\n") if ln.strip()][:LETTERHEAD_LINES])
    found = _association(letterhead) or _municipality(letterhead)
    if found:
        return Evidence(found, "letterhead")
    found = _municipality(header) or _association(header)
    if found:
        return Evidence(found, "before the first §")
    found = _municipality(full_text)
    return Evidence(found, "municipality most named in the text") if found else Evidence(UNKNOWN_ORGANISATION, "")
    return Evidence(UNKNOWN_ORGANISATION, "")


def organisation(header: str, full_text: str) -> str:
    return organisation_found(header, full_text).value


def _association(text: str) -> str | None:
    for pattern in ASSOCIATION_RES:
        match = pattern.search(text)
        if match:
            name = re.sub(r"\s+", " ", match[1]).strip()
            return name[0].upper() + name[1:]
    return None


def _municipality(text: str) -> str | None:
    names = Counter(f"{m[1][0]}{m[1][1:].lower()} {m[2].lower()}" for m in MUNICIPALITY_RE.finditer(text))
    region = REGION_RE.search(text)
    if names:
        return names.most_common(1)[0][0]
    return re.sub(r"\s+", " ", region[0]) if region else None


def _canonical_body(word: str) -> str | None:
    for pattern, name in BODIES:
        match = pattern.search(word)
        if match:
            return name or _definite(re.sub(r"\s+", "", match[0]).lower())
    return None


def _definite(word: str) -> str:
    """'kommunstyrelse' -> 'kommunstyrelsen', 'socialnämnd' -> 'socialnämnden'; other words as they are."""
    word = re.sub(r"(?<=styrelsen)s$|(?<=nämnden)s$", "", word)
    if word.endswith("styrelse"):
        return word + "n"
    if word.endswith("nämnd"):
        return word + "en"
    return word


def body_found(header: str, full_text: str, numbering: str = "") -> Evidence:
    """The organ that met ('styrelsen', 'arbetsutskottet', 'kommunfullmäktige', a nämnd's own name),
    with where it was read."""
    prefix = numbering.split()[0] if numbering and numbering[0].isalpha() else ""
    if prefix and ABBREVIATED_BODIES[0][0].search(prefix):  # an utskott's protocol carries its parent's name in 'Organ'
        return Evidence(ABBREVIATED_BODIES[0][1], f"numbering '{numbering}'")
    field = ORGAN_FIELD_RE.search(header)
    if field and _canonical_body(field[1]):
        value = field[1] if re.search(r"nämnd", field[1], re.IGNORECASE) else _canonical_body(field[1])
        return Evidence(value[0].lower() + value[1:], f"'{field[0].split()[0].rstrip(':')}' field")
    for cue in BODY_CUE_RE.finditer(header):
        found = _canonical_body(cue[2])
        if found:
            return Evidence(found, f"'{cue[1]} {cue[2]}'")
    for pattern, name in ABBREVIATED_BODIES:
        if prefix and pattern.search(prefix):
            return Evidence(name, f"numbering '{numbering}'")
    deciders = Counter(m[1] for m in DECIDER_RE.finditer(full_text))
    if deciders:
        word = deciders.most_common(1)[0][0]
        return Evidence(_canonical_body(word) or DEFAULT_BODY, f"'{word} beslutar' in the text")
    for word in re.findall(r"[\wåäö-]+", header[:COVER_CHARS]):
        found = _canonical_body(word)
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
            name = _name_in(line)
            if name and name not in names:
                names.append(name)
    return names


def _name_in(line: str) -> str | None:
    cell = re.split(r"\t|\s{2,}|,", line.strip())[0]
    match = NAME_RE.match(cell)
    if not match:
        return None
    words = match[1].split()
    while words and words[-1] in NOT_NAME_WORDS:
        words.pop()
    rest = cell[match.end():].strip()
    if len(words) == 3 and rest[:1].islower():  # 'Isabell Lindahlen Nybro kommun'
        words.pop()
    if len(words) < 2 or words[0] in NOT_NAME_WORDS:
        return None
    return " ".join(words)


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
