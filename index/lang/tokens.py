"""Swedish word tokens for lexical search: stemmed, compounds split, acronyms expanded.

Used for the BM25 index and for matching headings to text in scrambled layouts,
so both sides of every lexical comparison see the same tokens.

Closed compounds ('medelstilldelning') also yield their parts ('medel', 'tilldelning'), split by the
Swedish hunspell dictionary (Debian hunspell-sv): a compound is a form hunspell allows to begin a
compound (the COMPOUNDBEGIN flag, or a suffix rule that makes one: 'verksamhet' -> 'verksamhets')
followed by a word allowed to end one (COMPOUNDEND), compared by stem ('tilldelningen' ~ 'tilldelning').
"""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

from index.lang.numbers import normalise
from index.lang.vocabulary import ACRONYMS

log = logging.getLogger(__name__)
HUNSPELL_SV = Path("/usr/share/hunspell/sv_SE.dic")  # Debian hunspell-sv
# The shortest compound part: a head of 4 letters ('plan', 'möte'), a first part of 3 ('mål', 'dag').
SHORTEST_HEAD, SHORTEST_MODIFIER = 4, 3
# The most letters the Swedish Snowball stemmer takes off a word: a suffix of step 1 ('heterna', 7), a consonant
# of step 2 and a suffix of step 3 ('lig', 3), with one to spare.
STEMMED_AWAY = 12
TOKEN_SETS = 8192  # texts whose token sets a process keeps (token_set), a few KiB each
WORDS = 65536  # distinct words whose forms and stems a process keeps (_forms, _content_stems), ~200 B each
STOPWORDS = frozenset(STOPWORDS_SWEDISH) | {"ska", "samt", "även", "via", "enligt", "kr", "kronor"}
_WORD_RE = re.compile(r"§\s?\d+|\d+(?:[ .,]\d{3})*(?:,\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


@dataclass(frozen=True)
class Lexicon:
    """What the Swedish hunspell dictionary says about words, as tokens need it."""

    begin: dict[str, str]  # a form that may begin a compound -> its dictionary word ('verksamhets' -> 'verksamhet')
    end: frozenset[str]  # stems of the words that may end a compound
    longest_end: int = 0  # letters of the longest of those stems


@lru_cache(maxsize=1)
def _hunspell(dic: Path = HUNSPELL_SV) -> Lexicon:
    """The dictionary's .dic and .aff files read once (~1 s of CPU); empty without them (nothing is split)."""
    if not dic.is_file() or not dic.with_suffix(".aff").is_file():
        log.warning("%s not found (Debian package hunspell-sv): compounds are not split", dic)
        return Lexicon({}, frozenset())
    aff = [line.split() for line in dic.with_suffix(".aff").read_text(encoding="utf-8").splitlines()]
    flags = {f[0]: f[1] for f in aff if len(f) == 2 and f[0] in ("COMPOUNDBEGIN", "COMPOUNDEND", "ONLYINCOMPOUND")}
    begin_flag, end_flag, only_flag = flags["COMPOUNDBEGIN"], flags["COMPOUNDEND"], flags["ONLYINCOMPOUND"]
    rules: dict[str, list[tuple[str, str, re.Pattern[str]]]] = {}  # suffix rules that make a compound-begin form
    for f in aff:
        if len(f) >= 5 and f[0] == "SFX" and begin_flag in f[3].partition("/")[2]:
            strip, add = ("" if x == "0" else x for x in (f[2], f[3].partition("/")[0]))
            rules.setdefault(f[1], []).append((strip, add, re.compile(f"(?:{f[4]})$")))
    begin: dict[str, str] = {}
    end: list[str] = []
    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        word, _, wflags = line.partition(" ")[0].partition("/")
        if not (word.isalpha() and word.islower()):
            continue
        if begin_flag in wflags:
            begin.setdefault(word, word)
        if end_flag in wflags and only_flag not in wflags:
            end.append(word)
        for flag in rules.keys() & set(wflags):
            for strip, add, condition in rules[flag]:
                if word.endswith(strip) and condition.search(word):
                    begin.setdefault(word[:len(word) - len(strip)] + add, word)
    ends = frozenset(_stemmer().stemWords(end))
    return Lexicon(begin, ends, max(map(len, ends), default=0))


@lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """A closed compound's first part (as its dictionary word) and its last part, longest first part
    first; () for a word that is no compound. A linking 's' may join them ('förbunds|chef')."""
    lexicon = _hunspell()
    begin, end = lexicon.begin, lexicon.end
    # A head longer than the longest end stem plus what stemming and a neuter '-et' take off stems to no end
    # word: only the cuts that leave a shorter head are tried, so a word of any length costs a few stems.
    shortest_cut = max(SHORTEST_MODIFIER, len(word) - lexicon.longest_end - STEMMED_AWAY - 2)
    for cut in range(len(word) - SHORTEST_HEAD, shortest_cut - 1, -1):
        head = word[cut:]
        if stem(head) not in end:
            if not (head.endswith("et") and stem(head[:-2]) in end):
                continue
            head = head[:-2]  # the stemmer keeps a neuter '-et' ('utskottet'); the dictionary word has none
        first = word[:cut]
        modifier = begin.get(first) or (first.endswith("s") and begin.get(first[:-1]))
        if modifier and modifier not in STOPWORDS:
            return modifier, head
    return ()


def words(text: str) -> list[str]:
    """Lower-cased words, compounds (hyphenated or closed) given whole and in parts, acronyms expanded."""
    return _word_by_word(text, _forms)


def _word_by_word(text: str, tokens_of: Callable[[str], tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for match in _WORD_RE.finditer(text):
        out.extend(tokens_of(match[0].lower()))
    return out


@lru_cache(maxsize=WORDS)
def _forms(word: str) -> tuple[str, ...]:
    """One lower-cased word as `words` gives it (an archive uses the same words again and again)."""
    if word.startswith("§"):
        return ("§" + word[1:].strip(),)
    if word[0].isdigit():
        return (normalise(word),)
    parts = word.split("-")
    out = [word.replace("-", "")]
    if len(parts) > 1:
        out.extend(p for p in parts if p)
    for part in parts:
        if len(part) >= SHORTEST_HEAD + SHORTEST_MODIFIER and part.isalpha():
            out.extend(compound_parts(part))
        if part in ACRONYMS:
            out.extend(ACRONYMS[part].split())
    return tuple(out)


def slug(text: str) -> str:
    """ASCII slug for ids, file names and comparing names: 'Östra Östergötland' -> 'ostra-ostergotland'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens of a text."""
    return _word_by_word(text, _content_stems)


@lru_cache(maxsize=WORDS)
def _content_stems(word: str) -> tuple[str, ...]:
    """One lower-cased word's stemmed content tokens, as `tokenize` gives them."""
    kept = [w for w in _forms(word) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return tuple(_stemmer().stemWords(kept))


@lru_cache(maxsize=TOKEN_SETS)
def token_set(text: str) -> frozenset[str]:
    """A text's content tokens as a set, kept for the process: a candidate § is checked against every
    question that finds it, and tokenizing it again each time was a fifth of a question's work."""
    return frozenset(sys.intern(t) for t in tokenize(text))
