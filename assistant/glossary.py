"""English words of board and council minutes -> the Swedish words protocols use for them, so an
English question also finds Swedish § lexically (the E5 embedding handles the rest).

Two general resources, chosen by measurement on the tune split (evals/README.md):
- vocabulary.tsv, general terms of Swedish minutes (beslut, justerare, delårsrapport, ...), first;
- the FreeDict English-Swedish dictionary (Debian package dict-freedict-eng-swe, GPL, read in place
  and never copied) for the other English words, except those Swedish writes too ('visa', 'man',
  'till', 'budget'), so a Swedish question is never translated.
An English plural ('themes', 'boxes') finds its singular's entry.
"""

from __future__ import annotations

import gzip
import logging
import re
from pathlib import Path

from bm25s.stopwords import STOPWORDS_EN_PLUS

from index.tokens import is_swedish

log = logging.getLogger(__name__)
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.tsv")
FREEDICT = Path("/usr/share/dictd/freedict-eng-swe.index")
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def read_vocabulary(path: Path = VOCABULARY_FILE) -> dict[str, str]:
    """The data file: an English term, a tab, its Swedish words; '#' starts a comment line."""
    entries: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        english, tab, swedish = line.partition("\t")
        if not tab or not english.strip() or not swedish.strip():
            raise ValueError(f"{path}:{number}: expected 'English term<TAB>Swedish words', got {line!r}")
        entries[english.strip().lower()] = swedish.strip()
    return entries


def _number(base64: str) -> int:
    """dictd's offsets and lengths are numbers in base 64."""
    value = 0
    for char in base64:
        value = value * 64 + _BASE64.index(char)
    return value


def read_freedict(index: Path = FREEDICT) -> dict[str, str]:
    """FreeDict's English headwords -> their one-word Swedish translations, read from the dictd files (an
    .index of headword, offset, length, and the gzip-compatible .dict.dz); names, stop words and Swedish
    words are left out."""
    data = index.with_suffix(".dict.dz")
    if not index.is_file() or not data.is_file():
        log.warning("%s not found (Debian package dict-freedict-eng-swe): English words outside %s are not translated",
                    index, VOCABULARY_FILE.name)
        return {}
    text = gzip.open(data).read()
    entries: dict[str, str] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        _, offset, length = line.split("\t")
        start = _number(offset)
        article = text[start:start + _number(length)].decode("utf-8").splitlines()
        headword = article[0].partition(" /")[0].strip()  # 'open /oupən/', then one sense a line
        if not headword.islower() or headword in STOPWORDS_EN_PLUS or is_swedish(headword):
            continue  # dictd's own entries (00-database-...), names ('New' is New Year), stop words, Swedish words
        words = [w.strip() for sense in article[1:] for w in re.sub(r"^\d+\.\s*|\([^)]*\)", "", sense).split(",")]
        words = [w for w in words if w.isalpha()]
        if words:  # a headword may have several articles ('open' the adjective and the verb)
            entries[headword] = " ".join(dict.fromkeys(entries.get(headword, "").split() + words))
    return entries


def _alternation(terms: list[str]) -> str:
    """A regex alternation of many literal terms, factored by common prefixes (a trie), so matching
    thousands of terms costs microseconds; the longest term wins, as in a plain longest-first alternation."""
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


GLOSSARY = read_freedict() | read_vocabulary()
# 'item 11', 'section 11': a § number
ITEM_RE = re.compile(r"\b(?:item|section|paragraph|point|agenda item)\s+(\d{1,3})\b", re.I)
GLOSSARY_RE = re.compile(r"\b(" + _alternation(list(GLOSSARY)) + r")(?:s|es)?\b", re.I)


def to_swedish_terms(text: str) -> str:
    """The Swedish words for the English terms in a text (empty when there are none)."""
    terms = [GLOSSARY[m.lower()] for m in GLOSSARY_RE.findall(ITEM_RE.sub(" ", text))]
    terms += [f"§{n}" for n in ITEM_RE.findall(text)]
    return " ".join(terms)
