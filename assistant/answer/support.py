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
from collections.abc import Set as AbstractSet
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS

from index.lang.dates import DAY_SLASH_MONTH_RE, mentions
from index.lang.names import people
from index.lang.numbers import amounts, has_count, number_tokens
from index.lang.periods import WEEK_RE
from index.lang.glossary import GLOSSARY, english_terms, without_terms
from index.lang.questions import AMOUNT_QUESTION_WORDS, AnswerType, REASON_RE, generic
from index.lang.registry import on_change, rules
from index.store.lexical import LexicalIndex
from index.lang.tokens import compound_parts, stem, token_set, tokenize


@lru_cache(maxsize=4096)
def topic_groups(query: str, lexical: LexicalIndex | None = None, english: bool = False) -> tuple[frozenset[str], ...]:
    """The question's subject words, each as a set of Swedish stems that would show it.

    In an English question a lower-case word the archive never uses is English vocabulary
    the glossary lacks, not a subject; names, acronyms and numbers always count."""
    on = rules().subject
    common = generic()
    english = english and on.english_unknown_words
    framing = AMOUNT_QUESTION_WORDS if on.amount_question_words else frozenset()
    groups = [set(tokenize(GLOSSARY[term])) - common for term in english_terms(query) if term not in framing]
    rest = without_terms(query)
    for i, word in enumerate(re.findall(r"[\wåäöÅÄÖ§-]+", rest)):
        if i == 0 and word[1:].islower():
            word = word.lower()  # 'Summarise …': a capital that starts the question is no name
        if word.lower() in STOPWORDS_EN_PLUS:
            continue
        group = set(tokenize(word)) - common
        # a closed compound shows its subject whole: 'tjänstebilar' is no 'bil'
        if word.isalpha() and (parts := compound_parts(word.lower())):
            group -= set(tokenize(" ".join(parts)))
        if "-" in word:  # a compound shows its subject whole or by its first part: 'IT-system' is not any 'system'
            modifier, head = word.rsplit("-", 1)
            group -= set(tokenize(head)) - set(tokenize(modifier))
        unknown = lexical is not None and bool(group) and not any(lexical.document_frequency(t) for t in group)
        if unknown and lexical is not None:
            parts = tuple(decompound(word.lower(), lexical))
            if any(p in common for p in parts):  # 'decembermötet' -> 'december' + 'möte': one subject part
                groups += [{p} for p in parts if p not in common]
                continue
        if group and not (english and unknown and word.islower()):
            groups.append(group)
    return tuple(frozenset(g) for g in groups if g)


on_change(topic_groups.cache_clear)


def decompound(word: str, lexical: LexicalIndex, shortest: int = 4) -> list[str]:
    """Split an unknown compound word into two stems the archive knows, allowing a linking 's'; else [].

    Only a compound with a generic part ('decembermötet') is read as its parts; two subject
    words ('tjänstebilar') make a new subject the archive does not have, which is the point."""
    if not rules().subject.decompound_generic:
        return []
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


def subject_found(query: str, text: str, lexical: LexicalIndex, english: bool = False,
                  whole_words: bool = False) -> tuple[float, float]:
    """(rarity-weighted share of the question's subject found in a text, the rarity of the rarest subject
    word it lacks, from 0 = none lacking to 1 = a word the archive never uses); `whole_words`: a subject word
    counts only as a word of its own, not inside a compound ('bidrag' is not found in 'friskvårdsbidrag')."""
    groups = topic_groups(query, lexical, english)
    if not groups:
        return 0.0, 0.0
    weights, found = _weighed(groups, text, lexical, whole_words)
    share = sum(w for w, f in zip(weights, found) if f) / sum(weights)
    missing = max((w for w, f in zip(weights, found) if not f), default=0.0) / math.log(1 + len(lexical.ids))
    return share, missing


def subject_words_found(query: str, text: str, lexical: LexicalIndex, english: bool = False) -> dict[frozenset[str], float]:
    """The question's subject words a text holds, each (as its group of stems, topic_groups) with its
    rarity-weighted share of the subject: together subject_found's share. Keyed by the words themselves, so what
    one § covers and another does not can be told apart even when the two were found under different readings."""
    groups = topic_groups(query, lexical, english)
    if not groups:
        return {}
    weights, found = _weighed(groups, text, lexical, False)
    total = sum(weights)
    return {g: w / total for g, w, f in zip(groups, weights, found) if f}


def _weighed(groups: tuple[frozenset[str], ...], text: str, lexical: LexicalIndex,
             whole_words: bool) -> tuple[list[float], list[bool]]:
    """Each subject word's rarity in the archive (log(1 + § / (1 + § holding it))), and whether the text holds it."""
    present = whole_stems(text) if whole_words else token_set(text)
    total = len(lexical.ids)
    weights = [math.log(1 + total / (1 + min(lexical.document_frequency(t) for t in g))) for g in groups]
    found = [any(t in present if whole_words else _in_text(t, present) for t in g) for g in groups]
    return weights, found


@lru_cache(maxsize=4096)
def whole_stems(text: str) -> frozenset[str]:
    """The stems of a text's words as written, a compound only whole ('friskvårdsbidrag', not 'bidrag')."""
    return frozenset(stem(w) for w in re.findall(r"\w+", text.lower()))


def _in_text(token: str, present: AbstractSet[str]) -> bool:
    """A stem is in the text on its own or as a part of a compound: 'utbildning' in 'styrelseutbildning'."""
    if token in present:
        return True
    return rules().subject.inside_compound and len(token) >= 5 and any(len(p) > len(token) and (p.endswith(token) or p.startswith(token)) for p in present)


def holds(sentence: str, answer_type: AnswerType | str | None, decisions: list[str]) -> bool:
    """Whether a sentence holds the kind of answer asked for: 'amount', 'person', 'date', 'reason', 'decision'."""
    on = rules().subject
    if answer_type == "amount":
        return bool(amounts(sentence) or (on.counts_hold_amounts and has_count(sentence)))
    if answer_type == "person":
        return bool(people(sentence, []))
    if answer_type == "date":
        if on.day_month_holds_date:
            return bool(mentions(sentence) or DAY_SLASH_MONTH_RE.search(sentence) or WEEK_RE.search(sentence))
        return any(m.year is not None for m in mentions(sentence))
    if answer_type == "reason":
        return on.reason_words and bool(REASON_RE.search(sentence))
    if answer_type == "decision":
        return any(sentence in d or d in sentence for d in decisions)
    return False


def years_met(question: str, held: str, text: str) -> float | None:
    """Share of the years a question names (1900-2099) that are the meeting's year or that the § writes; None when
    it names no year. 'Vad kostar en båtplats säsongen 2025?' is not met by a 2024 meeting's § on 2024's fee."""
    asked = {n for n in number_tokens(question) if len(n) == 4 and n[:2] in ("19", "20")}
    if not asked:
        return None
    written = number_tokens(text)
    return sum(n == held[:4] or n in written for n in asked) / len(asked)


def numbers_absent(question: str, text: str) -> float:
    """Share of the numbers a question names (a year, an amount, a § number) that a text never writes:
    a question about 2023 is not answered by a § that only speaks of 2024."""
    asked = number_tokens(question)
    if not asked:
        return 0.0
    written = number_tokens(text)
    return sum(n not in written for n in asked) / len(asked)
