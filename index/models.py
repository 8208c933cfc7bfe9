"""The domain of a protocol archive: meetings and their § paragraphs.

Metadata keys are defined here once; the store, the retriever and the UI all
read paragraphs through them, so a key is never spelt twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

# Metadata keys stored with every paragraph node (LlamaIndex node metadata and Chroma).
K_ID = "id"
K_ORG = "organisation"
K_BODY = "body"
K_DATE = "date"  # ISO YYYY-MM-DD
K_DATE_INT = "date_int"  # YYYYMMDD, because Chroma compares numbers only
K_NUMBER = "paragraph"  # the § number as an integer
K_TITLE = "title"
K_SOURCE = "source_file"
K_SOURCE_HASH = "source_hash"
K_DECISIONS = "decisions"  # JSON list of decision sentences
K_EXTRACT = "extract"  # JSON of the structured extraction (index/extract.py)
K_MEETING = "meeting_id"
K_ORDINAL = "ordinal"  # position of the § in its protocol

# Keys too bulky or too technical to embed or to show to a language model.
EXCLUDED_FROM_EMBEDDING = [K_ID, K_DATE_INT, K_SOURCE_HASH, K_DECISIONS, K_EXTRACT, K_MEETING, K_ORDINAL]


def date_number(iso: str) -> int:
    """'2026-03-04' -> 20260304 (0 when unknown): the form Chroma's range filters can compare."""
    return int(iso.replace("-", "") or 0)


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
    """Inclusive YYYYMMDD bounds of a date range, None where open. With either end given the lower bound is
    at least 1: an unknown date (0) lies in no range. The § table and Chroma's filter both use these."""
    if not (date_from or date_to):
        return None, None
    return max(date_number(date_from or ""), 1), date_number(date_to) if date_to else None


def paragraph_metadata(pid: str, organisation: str, body: str, date: str, number: int, title: str, source_file: str) -> dict:
    """The metadata every stored vector and every LlamaIndex node of a § carries."""
    return {K_ID: pid, K_ORG: organisation, K_BODY: body, K_DATE: date, K_DATE_INT: date_number(date), K_NUMBER: number,
            K_TITLE: title, K_SOURCE: source_file}


def slug(text: str) -> str:
    """ASCII slug for ids and file names: 'Östra Östergötland' -> 'ostra-ostergotland'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


@dataclass
class Paragraph:
    """One § of a protocol: the unit of retrieval and of citation."""

    number: int
    title: str
    text: str
    decisions: list[str] = field(default_factory=list)
    id: str = ""
    page: int | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Meeting:
    """One protocol: who met, when, and the § paragraphs it recorded."""

    source_file: str
    organisation: str
    body: str
    date: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    text: str = ""  # cleaned full text, kept for protocols without any §

    @property
    def id(self) -> str:
        return f"{slug(self.organisation)}-{slug(self.body)}-{self.date}"

    def assign_ids(self) -> None:
        """Give each § a stable id; a § number used twice gets a suffix instead of overwriting."""
        seen: dict[int, int] = {}
        for paragraph in self.paragraphs:
            seen[paragraph.number] = seen.get(paragraph.number, 0) + 1
            suffix = "" if seen[paragraph.number] == 1 else f"-{seen[paragraph.number]}"
            paragraph.id = f"{self.id}-p{paragraph.number}{suffix}"

    def to_json(self) -> dict:
        return {
            "source_file": self.source_file,
            "organisation": self.organisation,
            "body": self.body,
            "date": self.date,
            "attendees": self.attendees,
            "paragraphs": [p.to_json() for p in self.paragraphs],
        }
