"""Invented minutes as data: one meeting a JSON line, in the markup of the question writers' brief.

A meeting has its header (organisation as the letterhead prints it, organ, date, attendance, signing, posting)
and its § items, each a label exactly as the secretary numbers it ("12", "3 a", "14:1", or None for an
unnumbered heading), a title, a diarienummer and its body in sections (heading None = text under the title).
The layouts of evals/render/ print a meeting; evals/render/archive.py writes an archive of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
import datetime
from pathlib import Path

from index.errors import BadInput


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    represents: str = ""  # the member party or the body the person sits for ("for" in the markup)


@dataclass(frozen=True)
class Section:
    heading: str | None  # None: text directly under the title
    text: str


@dataclass(frozen=True)
class Item:
    """One § (or unnumbered heading) of a meeting."""

    label: str | None
    title: str
    sections: tuple[Section, ...]
    dnr: str | None = None

    @property
    def name(self) -> str:
        """How gold answers name it: its label, or its title when it has no number."""
        return self.label if self.label is not None else self.title


@dataclass(frozen=True)
class Meeting:
    archive: str
    organisation: str
    organisation_kind: str
    organ: str
    date: str  # ISO; a two-day meeting: the first day
    items: tuple[Item, ...]
    meeting_no: str | None = None
    time: str = ""
    place: str = ""
    present: tuple[Person, ...] = ()
    others: tuple[Person, ...] = ()
    absent: tuple[Person, ...] = ()
    secretary: str = ""
    adjusters: tuple[str, ...] = ()
    signing_date: str | None = None
    signing_place: str = ""
    posted: str | None = None

    @property
    def day(self) -> datetime.date:
        return datetime.date.fromisoformat(self.date)

    @property
    def chair(self) -> str:
        """The member who chairs the meeting, else the first member present."""
        chairs = [p.name for p in self.present if p.role.lower().startswith("ordförande")]
        return (chairs or [p.name for p in self.present] or [""])[0]

    @property
    def numbered(self) -> bool:
        """Whether the secretary numbered the items (a Brf or a club may write only headings)."""
        return any(item.label is not None for item in self.items)


def _people(rows: list[dict] | None) -> tuple[Person, ...]:
    return tuple(Person(str(r["name"]), str(r.get("role") or ""), str(r.get("for") or "")) for r in rows or [])


def meeting_from_json(row: dict) -> Meeting:
    """A Meeting from one markup object; a missing key or a bad date raises KeyError or ValueError."""
    items = tuple(
        Item(None if p.get("label") is None else str(p["label"]), str(p["title"]),
             tuple(Section(s.get("heading"), str(s["text"])) for s in p["sections"]), p.get("dnr"))
        for p in row["paragraphs"]
    )
    signing = row.get("signing") or {}
    meeting = Meeting(
        archive=str(row["archive"]), organisation=str(row["organisation"]),
        organisation_kind=str(row.get("organisation_kind") or ""), organ=str(row["organ"]), date=str(row["date"]),
        items=items, meeting_no=row.get("meeting_no"), time=str(row.get("time") or ""), place=str(row.get("place") or ""),
        present=_people(row.get("present")), others=_people(row.get("others")), absent=_people(row.get("absent")),
        secretary=str(row.get("secretary") or ""), adjusters=tuple(map(str, row.get("adjusters") or [])),
        signing_date=signing.get("date"), signing_place=str(signing.get("place") or ""), posted=row.get("posted"),
    )
    meeting.day  # noqa: B018 - a date that does not parse is refused here, with the line it came from
    for day in filter(None, (meeting.signing_date, meeting.posted)):
        datetime.date.fromisoformat(day)
    return meeting


def load_archive(path: Path) -> list[Meeting]:
    """The meetings of one archive file, in date order; every problem names the file and line."""
    if not path.is_file():
        raise BadInput(f"{path}: no such archive")
    meetings = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            meetings.append(meeting_from_json(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise BadInput(f"{path}:{number}: {type(exc).__name__}: {exc}") from None
    if not meetings:
        raise BadInput(f"{path}: no meetings")
    return sorted(meetings, key=lambda m: (m.date, m.organ))


@dataclass(frozen=True)
class Truth:
    """What a rendered file holds, for scoring a parser on it (the format of evals/real/truth.jsonl)."""

    file: str
    layout: str
    organisation: str
    organ: str
    date: str
    paragraphs: list[str] = field(default_factory=list)  # labels as printed; an unnumbered heading by its title

    def to_json(self) -> dict:
        return {"file": self.file, "layout": self.layout, "organisation": self.organisation, "organ": self.organ,
                "date": self.date, "paragraphs": self.paragraphs}
