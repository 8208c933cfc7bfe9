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


# The largest layout re-aligned: every block is weighed against every heading, so the work grows with both.
# The Blekinge protocol has 17 headings and 40 blocks; a larger scrambled text is cut at its headings as written.
MAX_ALIGNED_HEADINGS = 100
MAX_ALIGNED_LINES = 3000
MAX_ALIGNED_CHARS = 300_000


class HeadingLike(Protocol):
    line: int
    end: int


def alignable(lines: list[str], headings: list[HeadingLike]) -> bool:
    """Whether the text from the first heading on is small enough to be re-aligned (see MAX_ALIGNED_HEADINGS)."""
    after = lines[headings[0].line:] if headings else []
    return (len(headings) <= MAX_ALIGNED_HEADINGS and len(after) <= MAX_ALIGNED_LINES
            and sum(map(len, after)) <= MAX_ALIGNED_CHARS)


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
        # Block i follows block i-1 under the same heading j (a closed one costs), or moves on from an earlier
        # heading k, each heading skipped between them costing EMPTY_HEADING_COST: the best earlier k is kept as
        # j grows (its cost grows with j for every k alike), so a row takes n steps, not n squared.
        previous, moved, mover = best[i - 1], neg, 0
        for j in range(n):
            stay = previous[j] - CLOSED_STAY_COST * closes[i - 1]
            move = moved - EMPTY_HEADING_COST * (j - 1) if j else neg
            value, back[i][j] = (move, mover) if move > stay else (stay, j)
            best[i][j] = value + score[i][j] - LATE_TRANSITION_BONUS * j
            if previous[j] + EMPTY_HEADING_COST * j >= moved:
                moved, mover = previous[j] + EMPTY_HEADING_COST * j, j
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
