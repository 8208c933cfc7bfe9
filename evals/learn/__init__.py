"""Fitting the learned answer parts: `python -m evals.learn` (see __main__.py)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def pickled(path: Path, make: Callable[[], T]) -> T:
    """What `make` returns, kept at `path` (whose name holds the key it depends on): read from there when it is
    there, else made and written, so that a refit does not index and collect the archives again."""
    if path.is_file():
        return pickle.loads(path.read_bytes())
    found = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(found))
    return found
