"""How good a page's text is, so that a poor text layer is read again by OCR and the better reading kept.

A scanner's own OCR layer and a font with a broken map give text that is there but is not the page:
words the Swedish dictionary does not know ('protokojjet', 'L4l'), å/ä/ö lost ('pa', 'fran'),
point labels broken into letters ('tL/' for '11/'). The score is the share of words the dictionary
knows, less a penalty when a text long enough to have them has no å, ä or ö at all, and less a
penalty for each broken label. A text layer scoring under what sound minutes score (REREAD_BELOW)
is read again by Tesseract and corrected word by word (index/read/reread.py); the
corrected page is kept only when it scores higher, so a good text layer never gives way to OCR's own
mistakes.
"""

from __future__ import annotations

import re

from index.lang import spelling

# Sound Swedish minutes score 0.80-0.98 (median 0.92; names are words no dictionary has): measured on page-sized
# parts (350 words) of the seed protocols and of the invented protocols of evals/layouts, none of them a PDF of the
# development set (`python -m benchmarks.text_quality`). A text layer scoring below the lowest of them, with a
# margin, is poor.
REREAD_BELOW = 0.75
# A scanner's own OCR layer (invisible text over the page's image) is a machine's guess, not the author's text: it is
# read again unless it reads as well as typical sound minutes (their median score).
SCAN_LAYER_REREAD_BELOW = 0.92
MIN_GAIN = 0.01
# A text of this many words without any å, ä or ö has lost them (Swedish prose has them in about one word in six).
LETTERS_JUDGED_WORDS = 60
LOST_LETTERS_PENALTY = 0.15
# A line holding only a point's label ('6/', '§ 7', '12 a.') that OCR broke into letters ('s/', 'tL/', 't2/', 'L4l').
BROKEN_LABEL_PENALTY = 0.05
# Within one line: spaces that may run over line ends would be tried from every blank line of a run (quadratic).
_SHORT_LINE = re.compile(r"^[^\S\n]*(\S{1,4})[^\S\n]*$", re.MULTILINE)
_LABEL = re.compile(r"[§$]?\d{1,3}[ ]?[a-h]?[./):]?")


def score(text: str) -> float | None:
    """The reading's score (0-1; higher is better); None when it cannot be judged (few words, no dictionary)."""
    share = spelling.known_share(text)
    if share is None:
        return None
    lost = len(spelling.words(text)) >= LETTERS_JUDGED_WORDS and spelling.swedish_letter_share(text) == 0
    return share - (LOST_LETTERS_PENALTY if lost else 0.0) - BROKEN_LABEL_PENALTY * broken_labels(text)


def broken_labels(text: str) -> int:
    """Lines of one short token that would be a point's label but mixes letters into it ('s/', 'tL/', '2l')."""
    count = 0
    for token in _SHORT_LINE.findall(text):
        has_letter = any(ch.isalpha() for ch in token)
        label_like = any(ch.isdigit() or ch in "/)" for ch in token)
        if has_letter and label_like and not _LABEL.fullmatch(token):
            count += 1
    return count


def is_poor(text: str, scan_layer: bool = False) -> bool:
    """True for a text layer worth reading again by OCR (`scan_layer`: a scanner's invisible OCR layer)."""
    return poor(score(text), scan_layer)


def poor(found: float | None, scan_layer: bool = False) -> bool:
    """True for a text layer of score `found` worth reading again by OCR."""
    return found is not None and found < (SCAN_LAYER_REREAD_BELOW if scan_layer else REREAD_BELOW)


def better(candidate: str, current: str) -> bool:
    """True when `candidate` (OCR's reading) scores clearly above `current` (the text layer)."""
    new, old = score(candidate), score(current)
    return new is not None and old is not None and new >= old + MIN_GAIN
