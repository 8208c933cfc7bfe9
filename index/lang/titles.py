"""How a protocol's title names its organisation.

Associations' minutes often name the organisation only in their title: 'Årsmöte - Ekbackens Schackklubb',
'Protokoll fört vid årsmöte Föreningen Ekgården', 'Styrelsemöte' over 'Ekbackens Schackklubb', a running
header 'Gröna Partiet | Styrelsemöte | 3 mars 2024'. Take away the words that name the meeting
(MEETING_WORDS), its date and the small words that join them, and a short run of capitalised words
is left: the organisation's name. A name may also open with its kind ('Föreningen Ekgården',
'Stiftelsen Gula Huset'), and a name caught together with a meeting word ('Årsmöte Trollbäckens
Judoklubb') loses that word.
"""

from __future__ import annotations

import re

from index.lang.labels import is_label
from index.lang.vocabulary import KINDS_BEFORE, organ_named
from index.lang.wordlists import alternation

MEETING_WORDS = frozenset({
    "protokoll", "protokollet", "mötesprotokoll", "årsmötesprotokoll", "styrelseprotokoll", "styrelsemötesprotokoll",
    "årsmöte", "årsmötet", "styrelsemöte", "styrelsemötet", "partimöte", "medlemsmöte", "möte", "mötet", "sammanträde",
    "föreningsstämma", "årsstämma", "stämma", "extrastämma", "extra", "ordinarie", "konstituerande", "anteckningar",
    "minnesanteckningar", "kallelse", "dagordning", "fört", "förd", "vid", "från", "för", "med", "i", "den", "vid",
    "allmänt", "allmän", "allmänna", "deltagarna", "delägarna", "medlemmarna", "vårmöte", "vårmötet", "höstmöte",
    "höstmötet", "stormöte", "stormötet", "vårstämma", "höststämma", "föreningsmöte", "sektionsmöte", "terminsmöte",
})
"""Words of a title that name the meeting or the record ('Protokoll från allmänt möte med delägarna i …'), not who
met."""
MEETING_ENDINGS = ("protokoll", "protokollet", "möte", "mötet", "stämma", "stämman", "sammanträde", "sammanträdet")
"""A compound closing with one of these names the meeting or its record as well ('Sammanträdesprotokoll',
'Styrelsemötesprotokoll', 'Extraårsmöte')."""


def is_meeting_word(token: str) -> bool:
    """A word naming the meeting or its record: one of MEETING_WORDS, or a compound of more than one part closing
    with a meeting word ('Sammanträdesprotokoll')."""
    word = token.casefold()
    return word in MEETING_WORDS or any(word.endswith(end) and len(word) > len(end) + 2 for end in MEETING_ENDINGS)

YEAR_WORDS = frozenset({"år", "året", "verksamhetsår", "verksamhetsåret", "räkenskapsår", "räkenskapsåret", "budgetåret"})
"""Words that introduce a year ('verksamhetsåret 2023', 'av år 1920'): with the year they are a date, not a name."""
PAGE_WORDS = frozenset({"sida", "sidan", "blad", "page"})
"""Words that count the pages in a running header ('Protokoll 2024-02-16 · Sida 1'): with the number, no name."""

QUOTES = "\"'”“„«»’‘"  # a name quoted in its title ('med deltagarna i ”Norrby Dikningsföretag”') is read without them
# The name opening with its kind (data/association_kinds.tsv): 'Föreningen Ekgården', 'Bostadsrättsföreningen Linden',
# 'Stiftelsen Gula Huset', a sports club's 'IFK Norrvik', 'Sällskapet Gamla Norrvik', a
# kommunalförbund's 'Räddningstjänstförbundet Kustbygden', any kind of förening's 'Kollektivhusföreningen Ekbacken'; a Brf's name may end with the number of its property or
# house ('Brf Lönnen 4', 'Bostadsrättsföreningen Eken 12'), never with a year ('Föreningen Ekgården 2019').
KIND_FIRST_RE = re.compile(
    rf"\b((?:(?:[Bb]ostadsrätts|[Ss]amfällighets|[Ii]deella\s)?[Ff]öreningen|(?:{alternation(KINDS_BEFORE)})"
    r"|[A-ZÅÄÖa-zåäö][a-zåäö]+(?:förbundet|föreningen))"
    rf"(?:[ \t]+[{QUOTES}]?[A-ZÅÄÖ][\wåäöéü-]+[{QUOTES}]?){{1,3}}(?:[ \t]+\d{{1,3}}(?![\d.:/-]))?)"
)
MAX_NAME_WORDS = 5
JOINING_WORDS = frozenset({"av", "i", "för", "och", "med", "på", "vid", "den", "det", "en", "ett", "till", "från"})
_CELL_SPLIT = re.compile(r"\t|[ \t][-–|·][ \t]")
_TOKEN = re.compile(r"[^\s,.;:()]+")


def without_meeting_words(name: str) -> str:
    """'Årsmöte Trollbäckens Judoklubb' -> 'Trollbäckens Judoklubb': a name caught with the meeting's words before it."""
    words = name.split()
    while len(words) > 1 and is_meeting_word(words[0]):
        words = words[1:]
    return " ".join(words)


def kind_first_name(text: str) -> str | None:
    """A name that opens with its kind ('Föreningen Ekgården'), or None; it ends before a word naming the meeting or
    its record, and in the genitive before the meeting's word it loses its -s ('Kollektivhusföreningen Ekbackens
    årsmöte')."""
    found = kind_first_at(text)
    return found[1] if found else None


def kind_first_at(text: str) -> tuple[int, str] | None:
    """Where the text names a name that opens with its kind, and the name as `kind_first_name` reads it."""
    match = KIND_FIRST_RE.search(text)
    if not match:
        return None
    words = [word.strip(QUOTES) for word in re.sub(r"\s+", " ", match[1]).strip().split()]  # 'Bygdeföreningen ”Ekholmen”'
    kept = next((k for k, word in enumerate(words) if is_meeting_word(word)), len(words))
    if kept < 2:
        return None  # the kind alone over the title ('Kollektivhusföreningen' over 'Protokoll fört vid …') names none
    following = words[kept] if kept < len(words) else next(iter(_TOKEN.findall(text[match.end():])), "")
    name = " ".join(words[:kept])
    if names_meeting(following) and name.endswith("s") and len(words[kept - 1]) > 3:
        name = name[:-1]
    return match.start(), name[0].upper() + name[1:]  # the kind written in lower case inside a title ('vid kollektivhusföreningen Fristads årsmöte')


def names_meeting(line: str) -> bool:
    """True for a line with a word naming the meeting or its record ('Styrelsemöte', 'Protokoll')."""
    return any(is_meeting_word(token) and len(token) > 4 for token in _TOKEN.findall(line))


def _in_capitals(cell: str) -> bool:
    """A cell set in capitals ('EKBACKENS SCHACKKLUBB', 'ÅRSMÖTE I EKBACKENS SCHACKKLUBB'): it is read title-cased."""
    letters = [ch for ch in cell if ch.isalpha()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)


def title_name(line: str) -> str | None:
    """The organisation a title line names once its meeting words, dates and numbers are taken away, or None.
    Each cell of a running header ('Gröna Partiet | Styrelsemöte | 3 mars 2024') is a title of its own, a cell in
    capitals is read title-cased, a name in the genitive before the meeting's word loses its -s ('Ekbackens
    Schackklubbs vårmöte') while one other word before it qualifies the record ('PENNINGPOLITISKT PROTOKOLL'); a line
    with a form's label word ('Plats', 'Ledamöter') is a form's, no title."""
    if any(is_label(token) and not is_meeting_word(token) for token in _TOKEN.findall(line)):
        return None
    for cell in _CELL_SPLIT.split(line):
        if _in_capitals(cell):
            cell = " ".join(word[:1] + word[1:].lower() for word in cell.split())
        first = next(iter(_TOKEN.findall(cell)), "")
        if first[:1].isupper() and not is_meeting_word(first) and organ_named(first):
            continue  # the organ's cell ('Direktionen, Nr 2' beside 'SVERIGES RIKSBANK'), not the organisation's
        run: list[str] = []
        for token in (t.strip(QUOTES) for t in _TOKEN.findall(cell)):
            if not token:
                continue
            if is_meeting_word(token) or token.casefold() in YEAR_WORDS | PAGE_WORDS or any(ch.isdigit() for ch in token):
                if run and names_meeting(token):
                    if len(run[-1]) > 3 and run[-1].endswith("s"):
                        run[-1] = run[-1][:-1]  # the name in the genitive before its meeting ('Ekbackens Schackklubbs årsmöte')
                    elif len(run) == 1 and not run[0].isupper():
                        run = []  # one word qualifying the record ('Penningpolitiskt protokoll', 'Justerat protokoll'); an
                        # acronym is a name ('AIK Sammanträdesprotokoll')
                if run:
                    break
                continue
            if token.isupper() and len(token) > 3 or not run and not token[0].isupper():
                break  # a heading in capitals ('ÅRSMÖTESPROTOKOLL'), or running text
            run.append(token)  # a name starts with a capital and may go on in lower case ('Fågelsångens vänner')
        while run and run[-1] in JOINING_WORDS:
            run.pop()  # 'Norrby Dikningsföretag av (år 1931)': the name ends before the words that join it to a date
        if run and len(run) <= MAX_NAME_WORDS and any(len(word) >= 3 for word in run):
            return " ".join(run)
        if len(run) > MAX_NAME_WORDS:
            return None  # a sentence, not a name
    return None
