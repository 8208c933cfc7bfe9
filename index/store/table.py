"""The archive's § as columns, built once per catalog generation.

Every question filters the archive (organisation, organ, dates) and looks § up by id. Done per §
in Python that is a walk over the whole archive on every question (a quarter of `ask` at 10 000 §);
as numpy columns of codes and integer dates it is a few vector operations, and the filter is
decided once per distinct organisation or organ name, not once per §.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.store.catalog import StoredParagraph
from index.models import date_bounds, date_number


@dataclass
class ParagraphTable:
    paragraphs: list[StoredParagraph]
    row: dict[str, int]  # § id -> its position in `paragraphs`
    organisations: list[str]  # distinct values; org_codes index into it
    org_codes: np.ndarray
    bodies: list[str]
    body_codes: np.ndarray
    dates: np.ndarray  # YYYYMMDD, 0 when the meeting date is unknown

    @classmethod
    def of(cls, paragraphs: list[StoredParagraph]) -> "ParagraphTable":
        organisations, org_codes = _codes([p.organisation for p in paragraphs])
        bodies, body_codes = _codes([p.body for p in paragraphs])
        dates = np.array([date_number(p.date) for p in paragraphs], dtype=np.int64)
        return cls(paragraphs, {p.id: i for i, p in enumerate(paragraphs)}, organisations, org_codes, bodies, body_codes, dates)

    def rows(self, organisation: Callable[[str], bool] | None = None, body: Callable[[str], bool] | None = None,
             date_from: str | None = None, date_to: str | None = None) -> np.ndarray:
        """A boolean mask over `paragraphs`: the § whose organisation and organ pass the tests and whose
        meeting date lies in the range (inclusive; an unknown date lies in no range)."""
        mask = np.ones(len(self.paragraphs), dtype=bool)
        if organisation is not None:
            mask &= _passing(self.organisations, organisation)[self.org_codes]
        if body is not None:
            mask &= _passing(self.bodies, body)[self.body_codes]
        low, high = date_bounds(date_from, date_to)
        if low is not None:
            mask &= self.dates >= low
        if high is not None:
            mask &= self.dates <= high
        return mask

    def select(self, mask: np.ndarray) -> list[StoredParagraph]:
        return [self.paragraphs[i] for i in np.flatnonzero(mask)]


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    distinct = sorted(set(values))
    code = {v: i for i, v in enumerate(distinct)}
    return distinct, np.array([code[v] for v in values], dtype=np.int32)


def _passing(values: list[str], test: Callable[[str], bool]) -> np.ndarray:
    return np.array([test(v) for v in values] or [False], dtype=bool)
