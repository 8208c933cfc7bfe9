"""What a § or a sentence holds of the question: the measures behind the features of the learned answer parts
(assistant/answer/features.py).

- rare words: how much of the question's own subject a text contains, its words weighted by rarity in the
  archive (so 'förbundschef' counts little and 'lönerevision' much), and the rarest one it lacks (a near miss
  names something the § does not: a place, a kind of thing); each question word is one group of alternatives
  (its stem, the parts of a hyphenated compound, an acronym's expansion, an English term's Swedish
  translations), present when any alternative is;
- numbers: the share of the question's numbers (years, amounts) a text never writes;
- the asked-for answer: whether a sentence holds the kind of answer asked for (an amount, a name, a date, a
  reason, a decision).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS

from assistant.answer.glossary import GLOSSARY_RE, GLOSSARY
from index.lang.dates import MONTHS, find_dates
from index.parse.extract import amounts, people
from index.store.lexical import LexicalIndex
from index.lang.tokens import compound_parts, stem, token_set, tokenize

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
NUMBER_RE = re.compile(r"\d+(?:[.,:/-]\d+)*")
# What a sentence holds, by answer type: amounts and names come from the extraction rules (index/parse/extract.py),
# dates from index/lang/dates.py; counts, day-and-month dates and reasons are these three patterns.
COUNT_RE = re.compile(r"\b\d[\d  ]*\s*(%|procent|deltagare|personer|individer|st\b|stycken|platser|ärenden)", re.I)
DAY_MONTH_RE = re.compile(rf"\b\d{{1,2}}(?:\s*:?e)?\s+(?:{'|'.join(MONTHS)})\b|\b\d{{1,2}}/\d{{1,2}}\b|\b(?:vecka|v\.)\s*\d{{1,2}}\b", re.I)
REASON_RE = re.compile(r"\b(eftersom|därför|på grund av|med anledning av|för att|i syfte att|syftet|anledning\w*|skäl\w*|motiv\w*"
                       r"|beroende på|till följd av|mot bakgrund av|utifrån|då\s+(?:det|de|man|förbundet|styrelsen))\b", re.I)


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
        # a closed compound shows its subject whole: 'tjänstebilar' is no 'bil'
        if word.isalpha() and (parts := compound_parts(word.lower())):
            group -= set(tokenize(" ".join(parts)))
        if "-" in word:  # a compound shows its subject whole or by its first part: 'IT-system' is not any 'system'
            modifier, head = word.rsplit("-", 1)
            group -= set(tokenize(head)) - set(tokenize(modifier))
        unknown = lexical is not None and bool(group) and not any(lexical.document_frequency(t) for t in group)
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
    return subject_found(query, text, lexical, english)[0]


def subject_found(query: str, text: str, lexical: LexicalIndex, english: bool = False) -> tuple[float, float]:
    """(rarity-weighted share of the question's subject found in a text, the rarity of the rarest subject
    word it lacks, from 0 = none lacking to 1 = a word the archive never uses)."""
    groups = topic_groups(query, lexical, english)
    if not groups:
        return 0.0, 0.0
    present = token_set(text)
    total = len(lexical.ids)
    weights = [math.log(1 + total / (1 + min(lexical.document_frequency(t) for t in g))) for g in groups]
    found = [any(_in_text(t, present) for t in g) for g in groups]
    share = sum(w for w, f in zip(weights, found) if f) / sum(weights)
    missing = max((w for w, f in zip(weights, found) if not f), default=0.0) / math.log(1 + total)
    return share, missing


def _in_text(token: str, present: set[str]) -> bool:
    """A stem is in the text on its own or as a part of a compound: 'utbildning' in 'styrelseutbildning'."""
    if token in present:
        return True
    return len(token) >= 5 and any(len(p) > len(token) and (p.endswith(token) or p.startswith(token)) for p in present)


def holds(sentence: str, answer_type: str, decisions: list[str]) -> bool:
    """Whether a sentence holds the kind of answer asked for: 'amount', 'person', 'date', 'reason', 'decision'."""
    if answer_type == "amount":
        return bool(amounts(sentence) or COUNT_RE.search(sentence))
    if answer_type == "person":
        return bool(people(sentence, []))
    if answer_type == "date":
        return bool(find_dates(sentence) or DAY_MONTH_RE.search(sentence))
    if answer_type == "reason":
        return bool(REASON_RE.search(sentence))
    if answer_type == "decision":
        return any(sentence in d or d in sentence for d in decisions)
    return False


def numbers_absent(question: str, text: str) -> float:
    """Share of the numbers a question names (a year, an amount, a § number) that a text never writes:
    a question about 2023 is not answered by a § that only speaks of 2024."""
    asked = set(NUMBER_RE.findall(question))
    if not asked:
        return 0.0
    written = set(NUMBER_RE.findall(text))
    return sum(n not in written for n in asked) / len(asked)
