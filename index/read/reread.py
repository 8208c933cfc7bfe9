"""A poor text layer corrected by OCR word by word, keeping the layer's layout.

A text layer whose words the Swedish dictionary does not know (a scanner's own OCR, a font with a
broken map) still has what OCR lacks: each word's place, size and weight, by which running headers
and headings are found. So Tesseract reads the page too, and where its words and the layer's
overlap, the reading with more sound words wins, group by group: a group is the layer's words and
OCR's words that overlap one another ('fö reta gets' against 'företagets', 'tL/' against '11/').
A sound word is one the dictionary knows, a number, a date or a point's label. Where the layer has
no word at all, OCR's confident sound words are added (a label the scanner lost, a pasted scan).
"""

from __future__ import annotations

import re

from index.lang import spelling
from index.read.layout import PageLayout, Style, Word, dominant_style, group_lines
from index.read.ocr import OcrWord

# OCR's words where the layer has none are added from this confidence up (Tesseract's 0-100).
MIN_ADDED_CONFIDENCE = 70
# Boxes overlap when they share this share of the lower one's height (words on one line do, neighbours above and below do not).
MIN_VERTICAL_OVERLAP = 0.4
_EDGES = ".,;:!?()[]\"'«»”“’-–"
_NUMBER = re.compile(r"[§$]?\d+(?:[.,:/-]\d+)*[./):]?|\d{1,3}[ ]?[a-h][.)]?")


def _sound(token: str) -> bool | None:
    """Whether a token reads as Swedish text: a known word, a number or a label; None for punctuation alone."""
    core = token.strip(_EDGES)
    if not core or not any(ch.isalnum() for ch in core):
        return None
    if any(ch.isdigit() for ch in core):
        return bool(_NUMBER.fullmatch(core))
    return all(spelling.is_known(part) for part in re.split(r"[-/]", core) if part)


def _soundness(tokens: list[str]) -> float | None:
    judged = [v for v in map(_sound, tokens) if v is not None]
    return sum(judged) / len(judged) if judged else None


def _overlap(a: Word, b: OcrWord) -> bool:
    if a.x1 <= b.x0 or b.x1 <= a.x0:
        return False
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared >= MIN_VERTICAL_OVERLAP * max(0.1, min(a.bottom - a.top, b.bottom - b.top))


def corrected(layer: PageLayout, read: list[OcrWord]) -> tuple[PageLayout, int]:
    """The layer's page with its unsound words replaced by OCR's overlapping sound ones; and how many groups changed."""
    words = [w for line in layer.lines for w in line.words]
    parent = list(range(len(words) + len(read)))  # union-find over layer words, then OCR words

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, word in enumerate(words):
        for j, found in enumerate(read):
            if _overlap(word, found):
                parent[root(i)] = root(len(words) + j)
    groups: dict[int, tuple[list[Word], list[OcrWord]]] = {}
    for k in range(len(parent)):
        group = groups.setdefault(root(k), ([], []))
        if k < len(words):
            group[0].append(words[k])
        else:
            group[1].append(read[k - len(words)])
    kept: list[Word] = []
    changed = 0
    for mine, theirs in groups.values():
        replacement = _replacement(mine, theirs)
        if replacement is None:
            kept.extend(mine)
        else:
            kept.extend(replacement)
            changed += 1
    if not changed:
        return layer, 0
    return PageLayout(layer.number, layer.width, layer.height, tuple(group_lines(kept))), changed


def _replacement(mine: list[Word], theirs: list[OcrWord]) -> list[Word] | None:
    """OCR's words for one group as the layer's words (their style and baseline), or None to keep the layer's."""
    if not theirs:
        return None
    theirs = sorted(theirs, key=lambda w: w.x0)
    if not mine:
        if all(w.confidence >= MIN_ADDED_CONFIDENCE and _sound(w.text) for w in theirs):
            return [_as_word(w, None, None) for w in theirs]
        return None
    ours, new = _soundness([w.text for w in mine]), _soundness([w.text for w in theirs])
    if new is None or (ours is not None and new <= ours):
        return None
    style = dominant_style([(w.style, len(w.text)) for w in mine])
    baseline = min(mine, key=lambda w: w.x0).baseline
    return [_as_word(w, style, baseline) for w in theirs]


def _as_word(found: OcrWord, style: Style | None, baseline: float | None) -> Word:
    style = style or Style(round(found.bottom - found.top, 1), False, False)
    return Word(found.text, found.x0, found.x1, found.top, found.bottom, found.bottom if baseline is None else baseline, style)

