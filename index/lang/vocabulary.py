"""The vocabulary of Swedish minutes: who meets (organs, organisations), who is given work (roles), and the
acronyms of the field. The parser and the question reader know the same organs and roles (data/organs.tsv,
data/roles.tsv): a protocol's 'arbetsutskottet' and a question's 'AU' or 'working committee' are one organ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lang.wordlists import alternation, rows, table


@dataclass(frozen=True)
class Organ:
    name: str  # as minutes cite it ('arbetsutskottet'); '' keeps the word the text writes ('socialnämnden')
    swedish: re.Pattern[str]
    english: re.Pattern[str] | None


ORGANS = tuple(Organ("" if name == "=" else name, re.compile(sv, re.IGNORECASE),
                     None if en == "-" else re.compile(rf"\b(?:{en})\b", re.IGNORECASE))
               for name, sv, en in rows("organs"))
"""The organs that meet, most specific first."""
ORGAN_FORMS = "|".join(re.sub(r"\((?!\?)", "(?:", sv) for _, sv, _ in rows("organs"))
"""Every organ's Swedish forms (data/organs.tsv) as one alternation, without capturing groups."""
ORGAN_SUBJECT = "(?:" + ORGAN_FORMS + r"|nämnden|utskottet)\w*(?<![sS])"
"""Any organ the vocabulary knows, as the subject of a sentence ('Kyrkorådet beslutar', 'Årsmötet valde', 'AU
föreslår'), or an organ referring to itself by its kind ('Nämnden beslutar', 'Utskottet föreslår'): every organ's
Swedish forms (data/organs.tsv) without their groups, and not in the genitive ('styrelsens', 'kyrkorådets': a
genitive names whose something is, not who decides), the rest of the word its ending ('årsmötet', 'stämman').
Put after a word boundary; a compound's first part may come before it ('förbundsstyrelsen')."""
ROLES = tuple((name, re.compile(rf"\b(?:{sv})\b", re.IGNORECASE), re.compile(rf"\b(?:{en})\b", re.IGNORECASE))
              for name, sv, en in rows("roles"))
"""Roles given assignments: (the role as an answer names it, its Swedish forms, a question's English words)."""
ROLE = "(?:" + "|".join(sv for _, sv, _ in rows("roles")) + ")"
"""Any role's Swedish forms, as a pattern."""
BOARD = "styrelse"
"""The word every board's name holds ('styrelsen', 'förbundsstyrelsen')."""
ACRONYMS: dict[str, str] = table("acronyms")
"""Acronyms of the field -> the words they stand for ('au' -> 'arbetsutskott')."""


def definite(word: str) -> str:
    """'kommunstyrelse' -> 'kommunstyrelsen', 'socialnämnd' -> 'socialnämnden'; other words as they are."""
    word = re.sub(r"(?<=styrelsen)s$|(?<=nämnden)s$", "", word)
    if word.endswith("styrelse"):
        return word + "n"
    if word.endswith("nämnd"):
        return word + "en"
    return word


def organ_named(text: str, english: bool = False) -> str | None:
    """The organ a text names, as minutes cite it ('arbetsutskottet', 'socialnämnden'); with `english` also by
    a question's English words ('the board'). None when it names none."""
    for organ in ORGANS:
        match = organ.swedish.search(text)
        if match:
            return organ.name or definite(re.sub(r"\s+", "", match[0]).lower())
        if english and organ.english is not None and organ.english.search(text):
            return organ.name
    return None


def organ_alias(key: str) -> str:
    """The organ a filter's word stands for ('au', 'board', 'working-committee' -> the organ's name), else the word."""
    plain = key.replace("-", " ")
    for organ in ORGANS:
        if organ.name and (organ.swedish.fullmatch(plain) or (organ.english is not None and organ.english.fullmatch(plain))):
            return organ.name
    return key


def role_named(text: str) -> str:
    """The role a question names by its Swedish or English words ('förbundschefen', 'the director'), or ''."""
    return next((name for name, sv, en in ROLES if sv.search(text) or en.search(text)), "")


def has_role(who: str, role: str) -> bool:
    """Whether an assignee ('vice ordförande', 'förbundschefen') holds the role a question names ('ordföranden')."""
    return any(sv.search(who) for name, sv, _ in ROLES if name == role)


def role_form(raw: str) -> str | None:
    """A role as written in minutes ('förbundschef') in the form answers name it ('förbundschefen'), else None."""
    return next((name for name, sv, _ in ROLES if sv.fullmatch(raw)), None)


# --- organisations ----------------------------------------------------------------
PLACES = ("before", "after", "both")


@dataclass(frozen=True)
class AssociationKind:
    """A kind of association as a name shows it without a word like 'förening' at its end (data/association_kinds.tsv):
    a sports club's abbreviation ('IF', 'IFK', 'GoIF') or a word opening ('Sällskapet') or closing ('vänner') the name."""

    word: str  # as printed; an abbreviation is case-sensitive
    place: str  # where it stands in a name: 'before' ('IFK Norrvik'), 'after' ('Norrvik IF') or 'both'
    meaning: str

    @property
    def abbreviation(self) -> bool:
        return sum(ch.isupper() for ch in self.word) >= 2


def _association_kinds() -> tuple[AssociationKind, ...]:
    kinds = tuple(AssociationKind(*row) for row in rows("association_kinds"))
    wrong = [k.word for k in kinds if k.place not in PLACES]
    if wrong:
        raise ValueError(f"association_kinds.tsv: place must be one of {', '.join(PLACES)} (entries {wrong})")
    return kinds


ASSOCIATION_KINDS = _association_kinds()
"""The kinds of association a name shows by an abbreviation or a word of its own."""
KINDS_BEFORE = tuple(k.word for k in ASSOCIATION_KINDS if k.place != "after")
"""The words a name may open with ('IFK Norrvik', 'Sällskapet Gamla Norrvik', 'Brf Lönnen 4')."""
ABBREVIATIONS_AFTER = tuple(k.word for k in ASSOCIATION_KINDS if k.place != "before" and k.abbreviation)
"""A sports club's abbreviation closing its name ('Norrvik IF', 'Sjöviks BK')."""
FRIENDS_AFTER = tuple(k.word for k in ASSOCIATION_KINDS if k.place != "before" and not k.abbreviation)
"""A word closing the name of a friends' society after a name in the genitive ('Bergslagsbanans vänner')."""
_CAP = r"[A-ZÅÄÖ][\wåäöéü-]+"
COORDINATION_RE = re.compile(
    rf"(Samordningsförbundet|Finsamförbundet|Samordningsförbund)(?:[ \t]+|[ \t]*\n\s*)"
    rf"((?:[A-ZÅÄÖ]{{2,5}}[ \t]+)?(?:i(?:[ \t]+|[ \t]*\n\s*))?{_CAP}(?: +(?:{_CAP}|län))?)")
"""A coordination association's name: 'Samordningsförbundet i \\nKalmar län', 'Samordningsförbundet Östra
Östergötland', 'Samordningsförbundet RAR i Sörmland' (an acronym of its own before 'i' and the place); the words of
one cell, never across a column gap ('Samordningsförbundet Älvdalen\\tPROTOKOLL Styrelsen')."""
MUNICIPALITY_RE = re.compile(r"(?<![(\w-])([A-ZÅÄÖ][\wåäöéü-]+)[ \t]+(kommun|stad|KOMMUN|STAD)(?:s)?\b(?![\w)])")
"""'Tjörns kommun', 'TJÖRNS KOMMUN', 'Karlsborgs kommuns', 'Vaasa stad'. A name starts a word, not after a hyphen
either ('AU-AU-…' would be tried from every letter, in time growing with the square of its length)."""
REGION_RE = re.compile(rf"\b(Region)[ \t]+({_CAP}(?:[ \t]+län)?)")
"""'Region Kalmar län'."""
_YEAR = r"(?:[ \t]+(?:av[ \t]+)?år[ \t]+1[89]\d\d\b)?"
"""The year a water-law företag is registered under is part of its name: 'Norrby Dikningsföretag av år 1931' is one of
the village's företag, 'Norrby Dikningsföretag av år 1962' another (the förrättning's year tells them apart)."""
_KINDS = (r"(?:(?:hembygds|idrotts|intresse|ideell|ekonomisk|samfällighets|bostadsrätts|villaägare|byalags)?"
          r"(?:förening|förbund|klubb|sällskap|samfällighet|stiftelse)(?:en|et)?"
          rf"|(?i:bya?|skiftes|fiske|jakt)lag(?:et)?|(?i:diknings|vatten|torrläggnings)företag(?:et)?{_YEAR}"
          rf"|(?i:student)?kår(?:en)?|nation(?:en)?|(?:{alternation(ABBREVIATIONS_AFTER)})(?=(?::?s)?\b))")
"""The kinds of association a name ends with: förening, förbund, klubb, sällskap, samfällighet, stiftelse (and their
compounds), a village's ('bylag', 'byalag') or fishing water's 'lag', the water law's diking and water 'företag' (with
the year it is registered under, when written), a student union's 'kår', a nation, and a sports club's abbreviation
('Norrby IF', 'Sjöviks BK', 'Östra Ryds GoIF': data/association_kinds.tsv)."""
ASSOCIATION_RES = [
    re.compile(r"\b([Ff]örening(?:en)?[ \t]+[”\"“][^”\"“\n]{2,60}[”\"“])"),
    re.compile(r"\b([Ff]örening(?:en)?[ \t]+för[ \t]+[^\n.,;(]{3,80}?)(?=[ \t]*(?:\n|$|[.,;(]|\d))"),
    re.compile(rf"(?<![\w-])((?:[A-ZÅÄÖ][\wåäöéü-]*[ \t]+){{1,3}}(?:[A-ZÅÄÖ][\wåäö]*)?{_KINDS}(?:/{_KINDS})?)s?\b"),
    re.compile(r"(?<![\w-])((?:[A-ZÅÄÖ][\wåäöéü&-]*(?:[ \t]+|[ \t]*\n[ \t]*)){1,4}AB)\b"),
    re.compile(rf"(?<![\w-])((?:[A-ZÅÄÖ][\wåäöéü-]*[ \t]+){{0,2}}[A-ZÅÄÖ][\wåäöéü-]*(?::s|s)[ \t]+(?:{alternation(FRIENDS_AFTER)}))\b"),
]
"""An association's name: 'Föreningen ”Vår Bygd 1891”', 'Förening för en fri informationsinfrastruktur',
'Länna hembygdsförening', 'Solvalla Amatörklubb' (also in the genitive a title writes it in: 'Protokoll från Norrby
Vägsamfällighets årsmöte'), or by two kinds at once ('Norrby Skifteslag/Byalag'); a company's ('Norrvik Energi Holding AB', the sentence naming it at
times broken inside the name); a friends' society after a name in the genitive ('Bergslagsbanans vänner'). A name of words starts where a word does (not after a hyphen), so a long hyphenated
word is tried once."""
OWNED_ORGAN_RE = re.compile(r"(?::s|s)?[ \t]+(?:" + ORGAN_FORMS + r"|stämma|medlemmar)", re.IGNORECASE)
"""After an association's name, the organ it owns ('Norrvik IF:s styrelse', 'Sjöviks BKs årsmöte', 'Norrviks
Hembygdsförenings medlemmar'): the text names whose organ met. Any organ of data/organs.tsv, a meeting of members
that owns no prefix there ('Brf Norrviks stämma'), or the members themselves."""
ORGANISATION_WORDS = frozenset({"samordningsforbundet", "i", "lan", "finsamforbundet", "samordningsforbund",
                                "ostra", "norra", "sodra", "vastra"})
"""Words of an organisation's name that do not tell it from others (as slugs): its kind, 'i', 'län', directions."""
OWN_NAME_ORGAN_RE = re.compile(r"nämnd", re.IGNORECASE)
"""An organ whose form field minutes keep whole ('Nämnd: Socialnämnden för Norrvike'): a nämnd's own name."""


def coordination_name(match: re.Match[str]) -> str:
    """A coordination association's name from a COORDINATION_RE match, on one line, 'län' in lower case."""
    place = re.sub(r"\bLän\b", "län", re.sub(r"\s+", " ", match[2]).strip())
    return f"{match[1]} {place}"


UNKNOWN_ORGANISATION_RE = re.compile(
    r"\b(?i:samordningsförbundet|förbundet|finsamförbundet|coordination association)\s+(?:i\s+|in\s+)?([A-ZÅÄÖ][\wåäö-]+)")
"""A question naming a coordination association ('Samordningsförbundet i Göteborg'): one the archive may lack."""
