"""Who met, as an organ of which organisation, and who attended: read from the text before the first §."""

from __future__ import annotations

import re
from collections import Counter

_CAP = r"[A-ZÅÄÖ][\wåäöéü-]+"
# 'Samordningsförbundet i \nKalmar län', 'Samordningsförbundet RAR i Sörmland', 'Samordningsförbundet Östra Östergötland'.
ORG_RE = re.compile(
    rf"(Samordningsförbundet|Finsamförbundet|Samordningsförbund)(?:[ \t]+|[ \t]*\n\s*)((?:RAR[ \t]+)?(?:i(?:[ \t]+|[ \t]*\n\s*))?{_CAP}(?:[ \t]+(?:{_CAP}|län))?)"
)
# Other kinds of boards: 'Nämnd: Socialnämnden', 'Kommunstyrelsen i Nybro kommun'.
OTHER_ORG_RE = re.compile(rf"\b({_CAP}\s+(?:kommun|region|län))\b|\b(Region\s+{_CAP})\b")

BODIES = [  # (pattern, canonical organ name), most specific first
    (re.compile(r"arbetsutskott|\bAU\b", re.IGNORECASE), "arbetsutskottet"),
    (re.compile(r"presidie", re.IGNORECASE), "presidiet"),
    (re.compile(r"beredningsgrupp", re.IGNORECASE), "beredningsgruppen"),
    (re.compile(r"styrelse", re.IGNORECASE), "styrelsen"),
    (re.compile(r"\b(\w+nämnd)(en)?\b", re.IGNORECASE), None),  # keeps the nämnd's own name
]
# 'sammanträde med arbetsutskottet', 'Protokoll Styrelsemöte', 'Protokoll fört vid ... styrelsen'.
BODY_CUE_RE = re.compile(r"(sammanträde med|protokoll(?: fört vid)?|möte med|mötet i)\s+(\w+)", re.IGNORECASE)
DECIDER_RE = re.compile(r"\b(Styrelsen|Arbetsutskottet|AU|Nämnden|Presidiet)\s+(beslutar|beslutade|föreslår|tar|noterar|godkänner)")

_ROLE_WORDS = r"(?:närvarande|beslutande|ledamöter|ledamot|deltagare|ersättare|tjänstgörande|övriga)"
ATTENDANCE_START = re.compile(rf"^\s*{_ROLE_WORDS}(?:\s+{_ROLE_WORDS})*\s*:?", re.IGNORECASE)
ATTENDANCE_END = re.compile(r"^\s*(utses att justera|justerare|plats och tid|paragrafer|underskrift|sekreterare\s*$|anslagsbevis|gäster)", re.IGNORECASE)
NAME_RE = re.compile(rf"^({_CAP}(?:[ \t]+{_CAP}){{1,2}})(?=$|[ \t,(]|\t)")
NOT_NAME_WORDS = {"Region", "Försäkringskassan", "Arbetsförmedlingen", "Ordförande", "Ledamot", "Namn", "Tillhörighet", "Plats", "Tid", "Datum", "Digitalt", "Samordningsförbundet"}


def organisation(header: str, full_text: str) -> str:
    """The organisation's name as the protocol writes it, e.g. 'Samordningsförbundet i Kalmar län'."""
    for text in (header, full_text):
        match = ORG_RE.search(text)
        if match:
            name = re.sub(r"\s+", " ", match[2]).strip()
            name = re.sub(r"\bLän\b", "län", name)
            return f"{match[1]} {name}"
    other = OTHER_ORG_RE.search(header)
    return re.sub(r"\s+", " ", other[0]) if other else "Okänd organisation"


def _canonical_body(word: str) -> str | None:
    for pattern, name in BODIES:
        match = pattern.search(word)
        if match:
            return name or match[1].lower() + "en"
    return None


def body(header: str, full_text: str) -> str:
    """The organ that met: 'styrelsen', 'arbetsutskottet', or a nämnd's own name."""
    for cue in BODY_CUE_RE.finditer(header):
        found = _canonical_body(cue[2])
        if found:
            return found
    deciders = Counter(m[1] for m in DECIDER_RE.finditer(full_text))
    if deciders:
        return _canonical_body(deciders.most_common(1)[0][0]) or "styrelsen"
    for word in re.findall(r"\w+", header):
        found = _canonical_body(word)
        if found:
            return found
    return "styrelsen"


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
