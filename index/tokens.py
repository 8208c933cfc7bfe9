"""Swedish word tokens for lexical search: stemmed, compounds split, acronyms expanded.

Used for the BM25 index and for matching headings to text in scrambled layouts,
so both sides of every lexical comparison see the same tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

# Common acronyms of the FINSAM world; each also yields its spelled-out words.
ACRONYMS = {
    "au": "arbetsutskott",
    "fk": "försäkringskassan",
    "af": "arbetsförmedlingen",
    "esf": "europeiska socialfonden",
    "lsg": "lokala samverkansgrupper",
    "nns": "nationella nätverket samordningsförbund",
    "finsam": "finansiell samordning",
    "skr": "sveriges kommuner regioner",
    "ruf": "regionalt utvecklingsforum",
    "vp": "verksamhetsplan",
}
STOPWORDS = frozenset(STOPWORDS_SWEDISH) | {"ska", "samt", "även", "via", "enligt", "kr", "kronor"}
_WORD_RE = re.compile(r"§\s?\d+|\d+(?:[ .,]\d{3})*(?:,\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def words(text: str) -> list[str]:
    """Lower-cased words, hyphenated compounds given whole and in parts, acronyms expanded."""
    out: list[str] = []
    for match in _WORD_RE.finditer(text):
        word = match[0].lower()
        if word.startswith("§"):
            out.append("§" + word[1:].strip())
            continue
        if word[0].isdigit():
            out.append(re.sub(r"[ .]", "", word))
            continue
        parts = word.split("-")
        out.append(word.replace("-", ""))
        if len(parts) > 1:
            out.extend(p for p in parts if p)
        for part in parts:
            if part in ACRONYMS:
                out.extend(ACRONYMS[part].split())
    return out


def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens of a text."""
    kept = [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)
