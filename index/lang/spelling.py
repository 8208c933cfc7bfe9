"""Which words are Swedish as written: the measure of a page's text layer.

A scanner's own OCR, or a font whose map is broken, gives text that looks like words but is not
Swedish: 'fran' and 'pa' for 'från' and 'på', 'protokojjet', 'L4l' for '14/'. The share of a text's
words that the Swedish hunspell dictionary (Debian hunspell-sv) knows tells a good reading from a
poor one: a word is known when the dictionary lists it, when it has the stem of a listed word
('protokollet' ~ 'protokoll'), or when it is a compound of listed words ('styrelsemötet').
Without the dictionary nothing can be judged, and `known_share` says so with None.
"""

from __future__ import annotations

import functools
import re

import Stemmer

from index.lang.tokens import HUNSPELL_SV, STOPWORDS, compound_parts, stem

# Words of two letters or more, letters only (digits, codes and initials are not judged).
_WORD = re.compile(r"[^\W\d_]{2,}")
SWEDISH_LETTERS = frozenset("åäöÅÄÖ")
# Fewer words than this say too little about a text.
MIN_JUDGED_WORDS = 12


@functools.cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """The dictionary's words (lower case) and their stems; empty without the dictionary."""
    if not HUNSPELL_SV.is_file():
        return frozenset(), frozenset()
    words = set()
    for line in HUNSPELL_SV.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.partition("/")[0].strip()
        if word.isalpha():
            words.add(word.lower())
    return frozenset(words), frozenset(Stemmer.Stemmer("swedish").stemWords(sorted(words)))


def available() -> bool:
    """True when the Swedish dictionary is installed."""
    return bool(_dictionary()[0])


@functools.lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """True for a word the Swedish dictionary knows, as it is, by its stem or as a compound."""
    lower = word.lower()
    words, stems = _dictionary()
    if lower in words or lower in STOPWORDS or stem(lower) in stems:
        return True
    # The stemmer keeps a neuter noun's definite '-et' ('protokollet'); the dictionary lists 'protokoll'.
    return lower.endswith("et") and stem(lower[:-2]) in stems or bool(compound_parts(lower))


def words(text: str) -> list[str]:
    """The words of a text that can be judged: letters only, two or more."""
    return _WORD.findall(text)


def known_share(text: str) -> float | None:
    """The share of the text's words the dictionary knows; None when there is no dictionary or too few words."""
    found = words(text)
    if len(found) < MIN_JUDGED_WORDS or not available():
        return None
    return sum(map(is_known, found)) / len(found)


def swedish_letter_share(text: str) -> float:
    """The share of words holding å, ä or ö (about one word in six of Swedish prose; none when OCR lost them)."""
    found = words(text)
    return sum(1 for w in found if SWEDISH_LETTERS & set(w)) / len(found) if found else 0.0
