"""What a question asks about in particular, beside its subject: the word of the asked detail and the office it
names. A near miss names a topic the archive holds and a detail it does not ('Vilket fastighetsbolag hyr förbundet
kansliet av?' against a § on the lease that names no landlord; 'Vem valdes till ordförande?' against a § electing
a justerare): these are what the near-miss check (assistant/answer/nearmiss.py) looks for in the best §.
"""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SWEDISH

from index.lang.registry import rules
from index.lang.wordlists import rows

_WORD = r"(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
_QUALIFIER = r"(?:(?:ny|nya|nytt|new|the|en|ett|monthly|annual|yearly|total|exact|externa?|external|slutliga?|final)\s+)?"
ASKED_DETAIL_RES = (
    re.compile(rf"\b(?:vilke[nt]|vilka|which|what)\s+{_QUALIFIER}{_WORD}", re.IGNORECASE),
    re.compile(rf"\bhur\s+(?:hög|högt|höga|stor|stort|stora|lång|långt|långa|high|large|long|big)\s+{_WORD}", re.IGNORECASE),
    re.compile(rf"\b(?:valdes|väljs|utsågs|utses|blev|vald|utsedd|elected|appointed|chosen|named|became|become)\s+"
               rf"(?:till\s+|som\s+|as\s+|to\s+)?{_QUALIFIER}{_WORD}", re.IGNORECASE),
)
"""Where a question names the kind of thing it asks for: the noun after 'vilket/vilken/which/what' ('Vilket
fastighetsbolag', 'What monthly salary'), after 'hur hög/stor' ('Hur hög hyra'), or the office after an election
verb ('valdes till ordförande', 'became the new substitute')."""
NO_DETAIL = frozenset(STOPWORDS_SWEDISH) | frozenset(STOPWORDS_EN_PLUS) | {
    "beslut", "beslutet", "besluten", "decision", "decisions", "år", "året", "year", "datum", "date", "dag", "day",
    "belopp", "beloppet", "amount", "summa", "summan", "sum", "person", "personer", "people", "anledning", "skäl",
    "reason", "reasons", "möte", "mötet", "meeting", "sammanträde", "sammanträdet", "paragraf", "paragrafen",
}
"""Words after a question word that name no detail of their own ('Vilket beslut', 'What date', 'Vilket år'): the
answer type says what they ask for."""

OFFICES = tuple((name, re.compile(rf"\b(?:{sv})\b", re.IGNORECASE), re.compile(rf"\b(?:{en})\b", re.IGNORECASE))
                for name, sv, en in rows("offices"))
"""Offices a meeting elects someone to (data/offices.tsv): (office, its Swedish forms, a question's English words)."""


ELECTED_RE = re.compile(r"\b(?:till|som|to|as)\s+(?:ny|nya|nytt|ordinarie|new|the|the new)?\s*(?P<after>(?:vice\s+)?[^\W\d_]+)"
                        r"|(?P<before>(?:vice\s+)?[^\W\d_]+)\s+(?:valdes|väljs|utsågs|utses|omvaldes|nyvaldes|was elected|was appointed)\b",
                        re.IGNORECASE)
"""Where a text says which office someone is elected to: after 'till' or 'som' ('Till justerare valdes …', 'utsågs
till ny ordförande'), or before an election verb ('Kassör valdes …'); 'jämte ordföranden' elects no chair."""


def asked_detail(question: str) -> str:
    """The word of the detail a question asks for, lower-cased ('fastighetsbolag', 'hyra', 'ordförande'), or ''
    when it names none beyond its answer type ('Vilket beslut …', 'När …')."""
    if not rules().question.asked_detail:
        return ""
    for pattern in ASKED_DETAIL_RES:
        for match in pattern.finditer(question):
            word = match["word"].lower()
            if word not in NO_DETAIL and len(word) > 2:
                return word
    return ""


def offices(text: str, english: bool = False) -> set[str]:
    """The offices a text names ('Till justerare valdes Anna Berg' -> {'justerare'}); a span names one office only,
    the most specific ('vice ordförande' is not also 'ordförande'); `english`: a question's English words count too."""
    if not rules().question.offices:
        return set()
    found: set[str] = set()
    taken: list[tuple[int, int]] = []
    for name, swedish, words in OFFICES:
        for pattern in (swedish, words) if english else (swedish,):
            for match in pattern.finditer(text):
                if not any(a < match.end() and match.start() < b for a, b in taken):
                    found.add(name)
                    taken.append(match.span())
    return found


def elected_offices(text: str) -> set[str]:
    """The offices a text elects or appoints someone to ('Till justerare att jämte ordföranden justera protokollet
    valdes Anna Berg' -> {'justerare'}), not every office it names."""
    found: set[str] = set()
    for match in ELECTED_RE.finditer(text):
        found |= offices(match["after"] or match["before"])
    return found
