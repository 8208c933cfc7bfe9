"""The word lists of the grammar, read from the data files in `data/` beside this module.

A list is a text file, one entry a line, with comment lines ('#') saying what the list is; a table is a
'.tsv' file, an entry and its value separated by a tab. Lists are read once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The entries of `data/<name>.txt`, in file order, without comments and blank lines."""
    return tuple(_entries(DATA / f"{name}.txt"))


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `data/<name>.tsv`, each split at its tabs; a row of one column is refused."""
    out = []
    for line in _entries(DATA / f"{name}.tsv"):
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) < 2 or not all(cells):
            raise ValueError(f"{name}.tsv: expected 'entry<TAB>value', got {line!r}")
        out.append(cells)
    return tuple(out)


def table(name: str) -> dict[str, str]:
    """`data/<name>.tsv` as entry -> value (its second column)."""
    return {row[0]: row[1] for row in rows(name)}


def _entries(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def alternation(entries: Iterable[str]) -> str:
    """A regular-expression alternation of literal entries, longest first (so 'febr' wins over 'feb')."""
    return "|".join(re.escape(e) for e in sorted(set(entries), key=lambda e: (-len(e), e)))
