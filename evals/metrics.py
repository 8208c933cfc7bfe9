"""The scoring formulas of the eval harness: each a pure function of a few lines.

A § is named by a `Ref`: its organisation, its meeting's date and its label as printed ("12", "3 a", "14:1", or
the heading of an unnumbered §). The first gold files named § by date and number alone; their Refs have no
organisation and match a § of any. Functions that are undefined for a question return None (no gold § to find,
no facts to check); the harness then leaves that question out of the metric's mean.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, NamedTuple, Sequence

from index.lang.numbers import normalise as number_normalise


class Ref(NamedTuple):
    """A § as gold files name it: organisation (None in the first gold files), meeting date, label as a string."""

    org: str | None
    date: str
    label: str

    def __str__(self) -> str:
        return f"{self.org + ' ' if self.org else ''}{self.date} §{self.label}"


def same_label(a: str, b: str) -> bool:
    """Labels as printed, compared without case and spacing: '3 a' is '3a', a heading is the same heading."""
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def same_org(gold: str | None, cited: str) -> bool:
    """A cited organisation is the gold one when it writes every word of the gold name (a parser may read one word
    more: 'Samordningsförbundet Norrbo Sammanträdesprotokoll'); a gold Ref without organisation matches any."""
    if gold is None:
        return True
    words = set(cited.casefold().split())
    return all(word in words for word in gold.casefold().split())


def resolve(cited: Ref, gold: Iterable[Ref]) -> Ref:
    """The gold Ref a cited § is, or the cited Ref itself: after this, set operations compare § as gold names them."""
    return next((g for g in gold if g.date == cited.date and same_label(g.label, cited.label)
                 and same_org(g.org, cited.org or "")), cited)


def unique(refs: Iterable[Ref]) -> list[Ref]:
    """Refs in first-seen order without repeats (two hits can share a date and §)."""
    return list(dict.fromkeys(refs))


def recall_at_k(ranked: Sequence[Ref], gold: set[Ref], k: int) -> float | None:
    """Share of the gold § found among the first k results (Manning et al., IR book §8.3).
    With several gold §, Recall@1 is at most 1/len(gold). None when there is no gold §."""
    if not gold:
        return None
    return len(gold & set(unique(ranked)[:k])) / len(gold)


def reciprocal_rank(ranked: Sequence[Ref], gold: set[Ref]) -> float | None:
    """1 / rank of the first gold § (ranks from 1); 0 if none was retrieved (Voorhees, TREC-8 QA).
    The mean over questions is the MRR. None when there is no gold §."""
    if not gold:
        return None
    for rank, ref in enumerate(unique(ranked), start=1):
        if ref in gold:
            return 1.0 / rank
    return 0.0


def citation_precision(cited: Iterable[Ref], gold: set[Ref]) -> float | None:
    """Share of the cited § that are gold. An answer that cites nothing scores 0 (it supports
    nothing); None when there is no gold §."""
    if not gold:
        return None
    cited_set = set(cited)
    return len(cited_set & gold) / len(cited_set) if cited_set else 0.0


def citation_recall(cited: Iterable[Ref], gold: set[Ref]) -> float | None:
    """Share of the gold § that the answer cites. None when there is no gold §."""
    if not gold:
        return None
    return len(set(cited) & gold) / len(gold)


_SPACES = re.compile(r"\s+")  # Python's \s takes no-break and thin spaces too


def normalise(text: str) -> str:
    """Case-folded text with whitespace (also non-breaking and thin spaces) collapsed to one space
    and the separators between digit groups removed: '7 799 000' and '7.799.000' -> '7799000'.
    A separator counts only before exactly three digits, so '1.5' and '2025-09-29' stay.

    The grouping is taken out by the grammar's one number normaliser (index/lang/numbers.py), the one
    the answers use: which writings are one number is a fact of Swedish, not the scorer's own. The
    scorer's tests (tests/test_eval.py) still pin what it must merge and what it must keep apart, so a
    change there that merged more ('1.5' with '15') fails them rather than lending wrong answers a fact."""
    return number_normalise(_SPACES.sub(" ", text.casefold()).strip())


def present_facts(answer: str, must_include: Sequence[str]) -> list[bool]:
    """For each required string, whether the normalised answer contains it normalised."""
    haystack = normalise(answer)
    return [normalise(fact) in haystack for fact in must_include]


def fact_share(answer: str, must_include: Sequence[str]) -> float | None:
    """Share of the must-include strings present in the answer; None when nothing is required."""
    found = present_facts(answer, must_include)
    return sum(found) / len(found) if found else None


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values; None when none is defined."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between closest ranks
    (numpy's default, Hyndman & Fan type 7). None for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
