"""A § as windows of whole sentences under its number and title, and a window's vector: the mean of its pieces'.

Long § are split into several windows so a fact at the end of a long § is still found; every window carries its
§ id. A window's vector is the mean of its title's and its sentences' vectors, by length (kept in sentences.sqlite
for answers anyway): indexing embeds each sentence once, not once more inside a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from index.parse.decisions import quotable
from index.store.catalog import StoredParagraph

WINDOW_CHARS = 700


@dataclass(frozen=True)
class Window:
    """A run of a §'s sentences under its § number and title."""

    text: str  # kept beside the vector: '§ N Titel', then the sentences
    pieces: tuple[str, ...]  # embedded one by one (the title, each sentence); the window's vector is their mean


def windows(paragraph: StoredParagraph, size: int = WINDOW_CHARS) -> list[Window]:
    """Split a § into windows of whole quotable sentences (index/parse/decisions.py), each headed by its § number
    and title."""
    head = f"§ {paragraph.label} {paragraph.title}".strip() if paragraph.label else paragraph.title.strip()
    groups: list[list[str]] = [[]]
    length = 0
    for sentence in quotable(paragraph.text):
        if groups[-1] and length + len(sentence) > size:
            groups.append([])
            length = 0
        groups[-1].append(sentence)
        length += len(sentence) + 1
    title = paragraph.title.strip()
    return [Window(f"{head}\n{' '.join(group)}".strip(),
                   tuple(piece for piece in (title, *group) if piece) or (head or paragraph.text.strip() or paragraph.id,))
            for group in groups]


def mean_vector(vectors: list[np.ndarray], lengths: list[int]) -> list[float]:
    """The normalised mean of the pieces' unit vectors, each weighed by its length: E5 itself averages over
    tokens, so a long sentence counts for more of a window than a short title."""
    mean = np.average(np.stack(vectors), axis=0, weights=np.maximum(np.asarray(lengths, dtype=np.float64), 1.0))
    return (mean / (np.linalg.norm(mean) or 1.0)).tolist()


def best_window_similarities(paragraphs: list[StoredParagraph], stored: Callable[[list[str]], list],
                             query: list[float]) -> dict[str, float]:
    """Each §'s cosine similarity to `query` by its best window, the windows' vectors made again as indexing made them
    (`mean_vector` of their pieces' vectors, read with `stored`: the store's sentence vectors). Exact, whatever a
    vector index returns; a § whose pieces are not all stored is left out."""
    pieces = [(p.id, window) for p in paragraphs for window in windows(p)]
    found = iter(stored([piece for _, window in pieces for piece in window.pieces]))
    unit = np.asarray(query, dtype=np.float64)
    unit = unit / (np.linalg.norm(unit) or 1.0)
    best: dict[str, float] = {}
    for key, window in pieces:
        vectors = [next(found) for _ in window.pieces]
        if any(v is None for v in vectors):
            continue
        score = float(np.dot(mean_vector(vectors, [len(piece) for piece in window.pieces]), unit))
        best[key] = max(score, best.get(key, -1.0))
    return best
