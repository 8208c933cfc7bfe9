"""Does a retrieved § support an answer to the question? The abstention decision.

Two signals, both cheap: how much of the question's own subject (its words
weighted by rarity in the archive, so 'förbundschef' counts little and
'lönerevision' much) the § contains, and the E5 similarity of question and §.
Each question word is one group of alternatives (its stem, the parts of a
hyphenated compound, an acronym's expansion, an English term's Swedish
translations); a group counts as present when any alternative is.
The thresholds were set on questions written for calibration
(tests/test_support.py), never on the gold set.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.glossary import GLOSSARY_RE, GLOSSARY
from assistant.models import Hit
from index.lexical import LexicalIndex
from index.tokens import stem, tokenize

# Words every question about minutes may use; they say nothing about the topic.
GENERIC = set(tokenize(
    "vad vilka vilken vem hur när beslutade beslut beslutar besluta beslöt styrelsen styrelse arbetsutskottet arbetsutskott "
    "förbundet förbund samordningsförbundet möte mötet sammanträde protokoll protokollet fråga frågan ärendet "
    "information diskuterade diskussion sades fick finns togs tog gjordes om kring gällande angående senaste "
    "hände hänt händer gick går sett ut ny nytt nya berättade berättar berätta sa sade säger redogjorde"
))
ENGLISH = set(STOPWORDS_EN_PLUS) | {"what", "which", "who", "whom", "how", "when", "did", "does", "get", "got", "say", "said", "tell", "anything", "much", "many"}
# English words that ask for an amount ('How much will it cost?'): translated for search, but no subject a § must name.
AMOUNT_FRAME = {"cost", "costs", "maximum", "ceiling", "cap"}
STRONG_COVERAGE = 0.6
MIN_COVERAGE = 0.3
STRONG_DENSE = 0.88
MIN_DENSE = 0.83
TITLE_WEIGHT = 0.5
DENSE_WEIGHT = 5.0  # E5 similarities of relevant § differ by a few hundredths


@lru_cache(maxsize=4096)
def topic_groups(query: str, lexical: LexicalIndex | None = None, english: bool = False) -> tuple[frozenset[str], ...]:
    """The question's subject words, each as a set of Swedish stems that would show it.

    In an English question a lower-case word the archive never uses is English vocabulary
    the glossary lacks, not a subject; names, acronyms and numbers always count."""
    groups = [set(tokenize(GLOSSARY[m.lower()])) - GENERIC for m in GLOSSARY_RE.findall(query) if m.lower() not in AMOUNT_FRAME]
    rest = GLOSSARY_RE.sub(" ", query)
    for i, word in enumerate(re.findall(r"[\wåäöÅÄÖ§-]+", rest)):
        if i == 0 and word[1:].islower():
            word = word.lower()  # 'Summarise …': a capital that starts the question is no name
        if word.lower() in ENGLISH:
            continue
        group = set(tokenize(word)) - GENERIC
        if "-" in word:  # a compound shows its subject whole or by its first part: 'IT-system' is not any 'system'
            modifier, head = word.rsplit("-", 1)
            group -= set(tokenize(head)) - set(tokenize(modifier))
        unknown = lexical is not None and not any(lexical.document_frequency(t) for t in group)
        if unknown and lexical is not None:
            parts = decompound(word.lower(), lexical)
            if any(p in GENERIC for p in parts):  # 'decembermötet' -> 'december' + 'möte': one subject part
                groups += [{p} for p in parts if p not in GENERIC]
                continue
        if group and not (english and unknown and word.islower()):
            groups.append(group)
    return tuple(frozenset(g) for g in groups if g)


def decompound(word: str, lexical: LexicalIndex, shortest: int = 4) -> list[str]:
    """Split an unknown compound word into two stems the archive knows, allowing a linking 's'; else [].

    Only a compound with a generic part ('decembermötet') is read as its parts; two subject
    words ('tjänstebilar') make a new subject the archive does not have, which is the point."""
    for i in range(len(word) - shortest, shortest - 1, -1):
        tail = stem(word[i:])
        if not lexical.document_frequency(tail):
            continue
        head = word[:i]
        for candidate in {stem(head), stem(head[:-1]) if head.endswith("s") else stem(head)}:
            if len(candidate) >= shortest - 1 and lexical.document_frequency(candidate):
                return [candidate, tail]
    return []


def coverage(query: str, text: str, lexical: LexicalIndex, english: bool = False) -> float:
    """Rarity-weighted share of the question's subject found in a text."""
    groups = topic_groups(query, lexical, english)
    if not groups:
        return 0.0
    present = set(tokenize(text))
    total = len(lexical.ids)
    weights = [math.log(1 + total / (1 + min(lexical.document_frequency(t) for t in g))) for g in groups]
    found = sum(w for w, g in zip(weights, groups) if any(_in_text(t, present) for t in g))
    return found / sum(weights)


def _in_text(token: str, present: set[str]) -> bool:
    """A stem is in the text on its own or as a part of a compound: 'utbildning' in 'styrelseutbildning'."""
    if token in present:
        return True
    return len(token) >= 5 and any(len(p) > len(token) and (p.endswith(token) or p.startswith(token)) for p in present)


def supports(share: float, dense: float) -> bool:
    """Enough of the subject in the §, or a near-paraphrase by meaning, or some of both."""
    return share >= STRONG_COVERAGE or dense >= STRONG_DENSE or (share >= MIN_COVERAGE and dense >= MIN_DENSE)


def supporting(query: str, hits: list[Hit], lexical: LexicalIndex, english: bool = False) -> list[tuple[Hit, float]]:
    """The hits that support an answer with their coverage, best first: a § whose title names
    the subject before one that mentions it in passing, meaning as the tie-breaker."""
    scored = []
    for hit in hits:
        share = coverage(query, f"{hit.title} {hit.text}", lexical, english)
        if supports(share, hit.dense):
            title_share = coverage(query, hit.title, lexical, english)
            scored.append((share + TITLE_WEIGHT * title_share + DENSE_WEIGHT * hit.dense, hit, share))
    scored.sort(key=lambda item: -item[0])
    return [(hit, share) for _, hit, share in scored]
