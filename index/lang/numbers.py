"""Numbers and amounts as Swedish minutes write them: '13 618', '7.799.000', '10,7', 'två miljoner', '12 mkr'.

Swedish groups thousands with a space (also a no-break space) or a full stop and writes decimals after a
comma; `normalise` is the one place that takes the grouping out, so '7 799 000', '7.799.000' and '7799000'
are one number everywhere (search tokens, amounts, the check of a model's numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lang.wordlists import alternation, table, words

NUMBER = r"\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
"""A number: grouped thousands ('13 618', '7.799.000') or plain, with decimals after a comma."""
NUMBER_RE = re.compile(rf"(?<![\w,.])(?:{NUMBER})(?!\d)")
WORD_NUMBERS: dict[str, int] = {word: int(value) for word, value in table("number_words").items()}
"""Numbers written as words before a unit ('två miljoner')."""
UNITS: dict[str, int] = {unit: int(factor) for unit, factor in table("amount_units").items()}
"""Units of amounts -> kronor ('tkr' 1000, 'miljoner' 1 000 000)."""
AMOUNT_RE = re.compile(rf"(?<![\d,.])({NUMBER}|\b(?:{alternation(WORD_NUMBERS)}))\s*({alternation(UNITS)})\b", re.IGNORECASE)
"""An amount: a number, or a number word, and its unit ('12 miljoner', '13 618 tkr', '704.000 kr')."""
RANGE_START_RE = re.compile(rf"(?<![\d,.])({NUMBER})\s*(?:till|–|-)\s*$")
"""The lower end of a range before an amount: 'från 10,7 till 12 miljoner'."""
COUNT_RE = re.compile(rf"\b\d[\d  ]*\s*(?:{alternation(w for w in words('count_units') if w != '%')}\b|%)", re.IGNORECASE)
"""A count: '42 deltagare', '15 %', '3 st'."""
NUMBER_TOKEN_RE = re.compile(r"\d+(?:[.,:/-]\d+)*")
"""A run of digits as a question or a text writes it: a year, '2025-12-05', '§10:1', '4.2'."""


@dataclass(frozen=True)
class Amount:
    text: str  # as written: '12 miljoner'
    kronor: int


def normalise(number: str) -> str:
    """'7 799 000', '7.799.000' and '7799000' are one number: the grouping taken out, decimals kept. A space or
    full stop groups digits only before exactly three of them, so in running text '1.5' and 'år 2025 100' stay."""
    return re.sub(r"(?<=\d)[ \u00a0.](?=\d{3}(?!\d))", "", number)


def value(number: str) -> float:
    """The value of a number or a number word: '10,7' -> 10.7, '13 618' -> 13618.0, 'två' -> 2.0."""
    word = WORD_NUMBERS.get(number.lower())
    return float(word) if word else float(normalise(number).replace(",", "."))


def amounts(text: str) -> list[Amount]:
    """Amounts normalised to kronor: '12 miljoner' -> 12000000, '13 618 tkr' -> 13618000, '704.000 kr' -> 704000.
    The lower end of a range takes the unit of the upper end: 'från 10,7 till 12 miljoner' gives 10700000 too.
    Each amount once."""
    found: list[Amount] = []
    for match in AMOUNT_RE.finditer(text):
        factor = UNITS[match[2].lower()]
        start = RANGE_START_RE.search(text[max(0, match.start() - 25): match.start()])
        if start:
            found.append(Amount(f"{start[1]} {match[2]}", int(round(value(start[1]) * factor))))
        found.append(Amount(match[0], int(round(value(match[1]) * factor))))
    return list(dict.fromkeys(found))


def numbers(text: str) -> set[str]:
    """Every number a text writes, normalised."""
    return {normalise(n) for n in NUMBER_RE.findall(text)}


def writes_number(number: str, text: str) -> bool:
    """Whether a text writes this number, in any grouping: '7 799 000' is in '7.799.000 kronor'."""
    wanted = normalise(number)
    pattern = rf"(?<!\d){re.escape(wanted)}(?!\d)"
    return wanted in numbers(text) or any(re.search(pattern, t) for t in (text, normalise(text)))


def has_count(text: str) -> bool:
    return bool(COUNT_RE.search(text))


def number_tokens(text: str) -> set[str]:
    """The digit runs of a text as written ('2023', '2025-12-05', '10:1')."""
    return set(NUMBER_TOKEN_RE.findall(text))
