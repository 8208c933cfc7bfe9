"""Words that label the parts of a protocol rather than its matters.

A protocol sets more than its § headings in bold: the cover's field labels ('Närvarande',
'Dagordning', 'Justerare'), the parts of a § ('Förslag:', 'Beslut:', 'Beslutsunderlag') and form
lines ('Datum: 2013-01-21'). A line that is one of these labels, or a 'label: value' field, heads
no matter of its own, however it is typeset.
"""

from __future__ import annotations

import re

PREAMBLE_LABELS = frozenset({
    "närvarande", "frånvarande", "deltagare", "närvarolista", "ledamöter", "ersättare", "beslutande",
    "övriga närvarande", "övriga deltagare", "närvarande ledamöter", "tjänstgörande ersättare",
    "dagordning", "föredragningslista", "förslag till dagordning", "justering", "justerare", "justeras",
    "underskrifter", "underskrift", "vid protokollet", "sekreterare", "ordförande", "protokollförare",
    "datum", "tid", "plats", "tid och plats", "sammanträdestid", "sammanträdesplats", "sammanträdesdatum",
    "paragrafer", "ärenden", "bilagor", "bilaga", "protokoll", "anteckningar", "mötesanteckningar",
    "innehåll", "innehållsförteckning", "anslagsbevis", "utdragsbestyrkande", "organ",
})
"""Labels of a cover page or signature block: who attended, the agenda, who signs, when and where."""

PART_LABELS = frozenset({
    "förslag", "beslut", "förslag till beslut", "beslutsförslag", "yrkande", "yrkanden", "ärendebeskrivning",
    "beskrivning av ärendet", "ärendet", "beslutsunderlag", "bakgrund", "protokollsanteckning", "reservation",
    "omröstning", "propositionsordning", "föredragande", "handläggare", "beredning", "expedieras", "expediering",
    "sammanfattning", "motivering", "överläggning", "tidigare behandling",
})
"""Labels of the parts inside a § (the proposal, the decision, its grounds); also as the last word of a label that
names whose part it is ('Ungdomsfullmäktiges beslut:', 'Stadsdirektörens förslag')."""

ITEM_WORDS = ("dagordningspunkt", "ärendepunkt", "paragraf", "ärende", "punkt")
"""Words that name an item of the agenda and stand before its number in place of the § sign: 'Punkt 3 Val av
justerare', 'Ärende 4: Budget', 'PARAGRAF 5'. The number is the item's label, as '§ 3' gives it ('3')."""

ITEM_WORD = rf"(?i:{'|'.join(ITEM_WORDS)})(?![\wåäö])"
"""One of ITEM_WORDS in any case, as a whole word (a regular expression for index/parse/markers.py)."""


def is_item_word(word: str) -> bool:
    """'Punkt', 'ÄRENDE': a word of ITEM_WORDS, in any case."""
    return word.casefold() in ITEM_WORDS


COVER_FIELD_RE = re.compile(rf"(?<![\w-])(?i:{'|'.join(re.escape(w) for w in sorted(PREAMBLE_LABELS, key=len, reverse=True))})[ \t]*:")
"""A cover's field label with its colon, wherever a line writes it ('Organ:', 'Närvarande:', 'Plats och tid:')."""
# 'Datum: 2013-01-21', 'Sekreterare: Tome Cvitan': one or two words, a colon, a value.
FIELD_LINE = re.compile(r"^[^\W\d_]+(?:[ \t][^\W\d_]+)?[ \t]*:[ \t]*\S")


def is_label(line: str) -> bool:
    """True for a line that labels a part of a protocol (a cover field, a part of a §, whose proposal or decision
    it is) or is a 'label: value' field. A line opening with a number or a § sign is a numbered heading, whatever its
    last word ('§4 Penningpolitiskt beslut' decides a matter; 'Styrelsens beslut' labels a part)."""
    words = " ".join(line.replace("\t", " ").split()).rstrip(":").strip().casefold()
    last = words.rpartition(" ")[2]
    numbered = words[:1].isdigit() or words[:1] == "§"
    return (words in PREAMBLE_LABELS or words in PART_LABELS or (last in PART_LABELS and not numbered)
            or bool(FIELD_LINE.match(line.strip())))
