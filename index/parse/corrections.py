"""The secretary's correction of a meeting's organisation, organ and date.

Stored with the archive's records (index/store/records.py), keyed by the protocol's file name, and
applied after every parse and before the § facts are extracted (a corrected date moves the dates
read relative to it), so a correction survives re-indexing and changes of the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from index.models import Meeting

SOURCE = "corrected by the secretary"


@dataclass
class Correction:
    organisation: str | None = None
    body: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD

    def merged(self, newer: Correction) -> Correction:
        return Correction(**{f.name: getattr(newer, f.name) or getattr(self, f.name) for f in fields(self)})

    def apply(self, meeting: Meeting) -> Meeting:
        """The meeting with this correction applied, each corrected field's source saying so (ids follow the
        corrected names)."""
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                setattr(meeting, f.name, value)
                setattr(meeting.provenance, f.name, SOURCE)
        meeting.assign_ids()
        return meeting
