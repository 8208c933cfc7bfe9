"""Structured facts of a §, extracted by rules at indexing time: typed decisions and amounts.

Protocol phrasing is formulaic, so each fact type is a small set of patterns.
"""

from __future__ import annotations

import re

from index.models import Meeting, Paragraph

DECISION_TYPES = [  # (type, pattern), first match wins
    ("proposal", re.compile(r"\bföreslår\s+(styrelsen|förbundsstyrelsen|nämnden)\b", re.IGNORECASE)),
    ("postponed", re.compile(r"\bbordl(ägg|ades|agt)", re.IGNORECASE)),
    ("rejected", re.compile(r"\bavsl(å|år|ås|og|ogs)\b", re.IGNORECASE)),
    ("information", re.compile(r"till handlingarna|informationen till protokollet|tar .{0,30}information", re.IGNORECASE)),
]
AMOUNT_RE = re.compile(
    r"(?<![\d,.])(\d{1,3}(?:[ .]\d{3})+|\d+(?:,\d+)?)\s*(miljoner|miljon|mnkr|mkr|tkr|kkr|kronor|kr)\b", re.IGNORECASE
)
UNIT_FACTOR = {"miljoner": 1_000_000, "miljon": 1_000_000, "mnkr": 1_000_000, "mkr": 1_000_000, "tkr": 1000, "kkr": 1000, "kronor": 1, "kr": 1}


def decision_type(sentence: str) -> str:
    return next((name for name, pattern in DECISION_TYPES if pattern.search(sentence)), "decision")


def amounts(text: str) -> list[dict]:
    """Amounts normalised to kronor: '12 miljoner' -> 12000000, '13 618 tkr' -> 13618000, '704.000 kr' -> 704000."""
    found = []
    for match in AMOUNT_RE.finditer(text):
        number = float(re.sub(r"[ .]", "", match[1]).replace(",", "."))
        found.append({"text": match[0], "kronor": int(round(number * UNIT_FACTOR[match[2].lower()]))})
    return found


def extract(paragraph: Paragraph, meeting: Meeting) -> dict:
    return {
        "decisions": [{"text": d, "type": decision_type(d)} for d in paragraph.decisions],
        "amounts": amounts(paragraph.text),
    }
