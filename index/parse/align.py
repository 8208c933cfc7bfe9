"""Give text back to its § when PDF extraction listed headings apart from their text.

The Blekinge protocol comes out of pypdf column by column: nine headings, then
their texts, later headings after the text they head. What survives is order:
texts still come in § order. So blocks of text are aligned to headings by a
monotone dynamic programme that rewards words shared with a heading's title and
decision labels that name their § ('Beslut 2025-5 §10:1'), and charges for a
heading left without any text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Protocol

from index.lang.phrases import DECISION_LABEL_IN_TEXT_RE as DECISION_LABEL_RE, TYPE_LABELS
from index.lang.tokens import tokenize

ANCHOR_SCORE = 10.0
EMPTY_HEADING_COST = 0.6
LATE_TRANSITION_BONUS = 0.01  # a block with no evidence either way stays with the § before it
CLOSED_STAY_COST = 0.5  # a numbered decision closes its §: text after it rarely belongs to the same §


class HeadingLike(Protocol):
    line: int
    end: int


def text_blocks(lines: list[str], headings: list[HeadingLike]) -> list[list[str]]:
    """Blank-line separated blocks after the first heading, without heading lines, lone type
    labels, or blocks that only repeat earlier text (a decision list at the end)."""
    heading_lines = {i for h in headings for i in range(h.line, h.end)}
    blocks: list[list[str]] = [[]]
    for i in range(headings[0].line, len(lines)):
        line = lines[i].strip()
        if i in heading_lines or not line or line.lower() in TYPE_LABELS:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    seen = ""
    kept = []
    for block in blocks:
        flat = _flat(block)
        if not flat or _only_labels(block) or flat in seen:
            continue
        seen += " " + flat
        kept.append(block)
    return kept


def _flat(block: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(block)).strip().lower()


def _only_labels(block: list[str]) -> bool:
    return all(DECISION_LABEL_RE.fullmatch(line.strip()) for line in block)


def align_blocks(blocks: list[list[str]], headings: list[tuple[int, str]]) -> list[list[str]]:
    """Assign each block to one heading, in order; return each heading's lines."""
    n, m = len(headings), len(blocks)
    bodies: list[list[str]] = [[] for _ in range(n)]
    if not m or not n:
        return bodies
    score = _score_matrix(blocks, headings)
    closes = [bool(DECISION_LABEL_RE.search(" ".join(block))) for block in blocks]
    neg = -math.inf
    best = [[neg] * n for _ in range(m)]
    back = [[0] * n for _ in range(m)]
    for j in range(n):
        best[0][j] = score[0][j] - EMPTY_HEADING_COST * j
    for i in range(1, m):
        for j in range(n):
            options = [
                (best[i - 1][k] - EMPTY_HEADING_COST * max(0, j - k - 1) - CLOSED_STAY_COST * (closes[i - 1] and k == j), k)
                for k in range(j + 1)
            ]
            value, back[i][j] = max(options)
            best[i][j] = value + score[i][j] - LATE_TRANSITION_BONUS * j
    j = max(range(n), key=lambda k: best[m - 1][k])
    for i in range(m - 1, -1, -1):
        bodies[j] = blocks[i] + [""] + bodies[j]
        j = back[i][j]
    return bodies


def _without_references(text: str, headings: list[tuple[int, str]]) -> str:
    """'behandlades före §10 Utökning budgetram' refers to §10 from elsewhere: it is no evidence for §10."""
    for number, title in headings:
        text = re.sub(rf"§\s?0*{number}\s+{re.escape(title)}", " ", text, flags=re.IGNORECASE)
    return text


def _score_matrix(blocks: list[list[str]], headings: list[tuple[int, str]]) -> list[list[float]]:
    """Share of a heading's (IDF-weighted) title words found in the block, plus label anchors."""
    block_tokens = [set(tokenize(_without_references(" ".join(b), headings))) for b in blocks]
    frequency = Counter(t for tokens in block_tokens for t in tokens)
    idf = {t: math.log(1 + len(blocks) / f) for t, f in frequency.items()}
    scores = []
    for block, tokens in zip(blocks, block_tokens):
        labels = {int(n) for n in DECISION_LABEL_RE.findall(" ".join(block))}
        row = []
        for number, title in headings:
            title_tokens = set(tokenize(title))
            weight = sum(idf.get(t, 1.0) for t in title_tokens) or 1.0
            overlap = sum(idf.get(t, 1.0) for t in title_tokens & tokens) / weight
            anchor = ANCHOR_SCORE if number in labels else (-ANCHOR_SCORE if labels else 0.0)
            row.append(overlap + anchor)
        scores.append(row)
    return scores
