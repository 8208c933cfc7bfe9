"""English words of board and council minutes -> the Swedish words protocols use for them, so an
English question also finds Swedish § lexically (the E5 embedding handles the rest).

The words are a data file of general terms of Swedish minutes (data/glossary.tsv: beslut, justerare,
delårsrapport, ...), chosen by measurement on the tune split against the FreeDict dictionary and a
lexicon learned from E5 (evals/README.md). An English plural ('themes', 'boxes') finds its singular's entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from index.lang.registry import rules

VOCABULARY_FILE = Path(__file__).with_name("data") / "glossary.tsv"


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


def _alternation(terms: list[str]) -> str:
    """A regex alternation of literal terms, factored by common prefixes (a trie), so matching costs
    microseconds however many terms; the longest term wins, as in a plain longest-first alternation."""
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


GLOSSARY = read_vocabulary()
# 'item 11', 'section 11': a § number
ITEM_RE = re.compile(r"\b(?:item|section|paragraph|point|agenda item)\s+(\d{1,3})\b", re.I)
GLOSSARY_RE = re.compile(r"\b(" + _alternation(list(GLOSSARY)) + r")(?:s|es)?\b", re.I)


def english_terms(text: str) -> list[str]:
    """The glossary's English terms a text writes (none when the glossary is switched off)."""
    return [m.lower() for m in GLOSSARY_RE.findall(text)] if rules().answer.glossary else []


def without_terms(text: str) -> str:
    """The text without the glossary's English terms (as it is when the glossary is switched off)."""
    return GLOSSARY_RE.sub(" ", text) if rules().answer.glossary else text


def to_swedish_terms(text: str) -> str:
    """The Swedish words for the English terms in a text (empty when there are none)."""
    if not rules().answer.glossary:
        return ""
    terms = [GLOSSARY[m.lower()] for m in GLOSSARY_RE.findall(ITEM_RE.sub(" ", text))]
    terms += [f"§{n}" for n in ITEM_RE.findall(text)]
    return " ".join(terms)
