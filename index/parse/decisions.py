"""The decision sentences of a §: what the organ decided, proposed or filed.

Protocols state decisions in a handful of fixed ways ('Beslut: …', 'Styrelsen
beslutar att …', 'Styrelsen beslutade: Att …', numbered lists under a 'Beslut'
heading, 'läggs till handlingarna'); each way is one pattern below.
"""

from __future__ import annotations

import re

_ORGAN = r"(?:styrelsen|arbetsutskottet|au|nämnden|presidiet|utskottet|förbundsstyrelsen)"
DECISION_SENTENCE_RE = re.compile(
    rf"(^beslut\s*:|\b{_ORGAN}\s+(?:\w+\s+)?(beslutar|beslutade|beslöt|föreslår|föreslog|fastställer|godkänner|noterar|tar informationen|tackar)\b"
    r"|\bföreslår\s+styrelsen\s+att\b"
    r"|\b(läggs|lades|lägga|lägger)\b.{0,80}\btill handlingarna\b"
    r"|\b(fastställs|godkänns|godkändes|fastställdes|beviljas|avslås|bordläggs|bordlades|väljs|valdes)\b"
    rf"|\b(valde|godkände|beslutade|beslöt|fastställde)\s+{_ORGAN}\b"
    r"|\b(ger|gav|ges)\b.{0,60}\bi uppdrag\b"
    rf"|\b{_ORGAN}\s+valde\b)",
    re.IGNORECASE,
)
DECISION_LABEL_RE = re.compile(r"^Beslut\s+[\d-]+\s*§\s*0*(\d+)\s*:\s*\d+\s*$", re.IGNORECASE)
DECIDED_COLON_RE = re.compile(r"\b(beslutade|beslutar|beslöt|föreslår|föreslog)\s*:\s*$", re.IGNORECASE)
ATT_ITEM_RE = re.compile(r"^(?:[-–•*]\s*|\d+[.)]\s*)?att\s", re.IGNORECASE)
SECTION_HEADINGS = {"beslut", "beslut:"}
SECTION_ENDS = re.compile(r"^(beskrivning av ärendet|beslutsunderlag|jäv|bakgrund|ärendebeskrivning|yttrande|reservation)\b", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[-–•*]\s*)?(?:o\s+)?(?:\d{1,2}[.)]\s*)?")
# A bullet without a number ('- o Attestrutiner') under an item ending in ':' is part of that item.
SUB_ITEM_RE = re.compile(r"^(?:[-–•*]\s*o\s+|o\s+|[-–•*]\s+)(?!\d{1,2}[.)])")
BESLUT_PREFIX_RE = re.compile(r"^beslut\s*:\s*", re.IGNORECASE)
_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"(])")


def sentences(text: str) -> list[str]:
    """Split reflowed text into sentences; list items and lines stay whole, without their markers."""
    out: list[str] = []
    for line in text.split("\n"):
        line = _LIST_MARK.sub("", line, count=1).strip()
        if line:
            out.extend(s.strip() for s in _SPLIT_RE.split(line) if s.strip())
    return out


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
            section[-1] += ("" if section[-1].endswith(":") else ";") + " " + _LIST_MARK.sub("", stripped, count=1)
            continue
        if in_section or (in_att_list and ATT_ITEM_RE.match(stripped)):
            target = section if in_section else matched
            _add(target, _LIST_MARK.sub("", stripped, count=1))
            open_item = in_section and bool(section) and stripped.endswith(":")
            continue
        in_att_list = bool(DECIDED_COLON_RE.search(stripped))
        for sentence in sentences(stripped):
            item = _LIST_MARK.sub("", sentence, count=1).strip()
            if DECISION_SENTENCE_RE.search(item) and not item.endswith(":"):
                _add(matched, item)
    return section or matched


def _add(found: list[str], item: str) -> None:
    item = BESLUT_PREFIX_RE.sub("", item.strip())
    if item and item not in found:
        found.append(item)
