"""The decision sentences of a §: what the organ decided, proposed or filed.

Protocols state decisions in a handful of fixed ways ('Beslut: …', 'Styrelsen
beslutar att …', 'Styrelsen beslutade: Att …', numbered lists under a 'Beslut'
heading, 'läggs till handlingarna'); each way is one pattern below.
"""

from __future__ import annotations

from index.lang.phrases import (ATT_ITEM_RE, BESLUT_PREFIX_RE, DECIDED_COLON_RE, DECISION_LABEL_RE, DECISION_SENTENCE_RE,
                                SECTION_ENDS, SECTION_HEADINGS, SUB_ITEM_RE)
from index.lang.sentences import sentences, without_list_mark

__all__ = ["decision_sentences", "is_section_heading", "quotable", "sentences"]


def is_section_heading(line: str) -> bool:
    """'Beslut', 'Beskrivning av ärendet', 'Beslutsunderlag': a label over a part of a §, not a sentence."""
    stripped = line.strip()
    return stripped.lower() in SECTION_HEADINGS or (
        bool(SECTION_ENDS.match(stripped)) and len(stripped.split()) <= 4 and not stripped.endswith("."))


def quotable(text: str) -> list[str]:
    """The sentences of a § that can stand alone in an answer: no decision labels, no section headings,
    no 'Beslut:' in front of the decision itself."""
    kept = [s for s in sentences(text) if not DECISION_LABEL_RE.match(s) and not is_section_heading(s)]
    return [q for q in (BESLUT_PREFIX_RE.sub("", s) for s in kept) if q]


def decision_sentences(text: str) -> list[str]:
    """Decision sentences of a § body (already reflowed), in order, without duplicates.

    Under a 'Beslut' heading, and in the 'Att …' items after 'Styrelsen beslutade:', every
    item is a decision and stays whole, with its sub-bullets; elsewhere single sentences are
    matched by pattern. When a § has a 'Beslut' heading, its description and background only
    report earlier decisions, so the pattern matches there are dropped.
    """
    in_section = in_att_list = open_item = False
    section: list[str] = []
    matched: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.lower() in SECTION_HEADINGS:
            in_section, open_item = True, False
            continue
        if SECTION_ENDS.match(stripped):
            in_section = False
            continue
        if not stripped or DECISION_LABEL_RE.match(stripped):
            continue
        if in_section and open_item and SUB_ITEM_RE.match(stripped):
            section[-1] += ("" if section[-1].endswith(":") else ";") + " " + without_list_mark(stripped)
            continue
        if in_section or (in_att_list and ATT_ITEM_RE.match(stripped)):
            target = section if in_section else matched
            _add(target, without_list_mark(stripped))
            open_item = in_section and bool(section) and stripped.endswith(":")
            continue
        in_att_list = bool(DECIDED_COLON_RE.search(stripped))
        for sentence in sentences(stripped):
            item = without_list_mark(sentence)
            if DECISION_SENTENCE_RE.search(item) and not item.endswith(":"):
                _add(matched, item)
    return section or matched


def _add(found: list[str], item: str) -> None:
    item = BESLUT_PREFIX_RE.sub("", item.strip())
    if item and item not in found:
        found.append(item)
