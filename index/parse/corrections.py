"""The secretary's corrections of a meeting's organisation, organ and date.

Stored beside the catalog in `<store>/corrections.json`, keyed by the protocol's file name, and
applied after every parse and before the § facts are extracted (a corrected date moves the dates
read relative to it), so a correction survives re-indexing and changes of the parser.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

from index.errors import BadInput
from index.models import Meeting

FILE_NAME = "corrections.json"
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


class Corrections:
    """All corrections of one store."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME
        data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        self.by_file = {name: Correction(**values) for name, values in data.items()}

    def add(self, source_file: str, correction: Correction) -> Correction:
        """Store a correction (merged with an earlier one for the same file) and return what now holds."""
        if not any(asdict(correction).values()):
            raise BadInput("nothing to correct: give --org, --body or --date")
        if correction.date:
            try:
                date.fromisoformat(correction.date)
            except ValueError:
                raise BadInput(f"'{correction.date}' is not a date (YYYY-MM-DD)") from None
        merged = self.by_file.get(source_file, Correction()).merged(correction)
        self.by_file[source_file] = merged
        self._save()
        return merged

    def of(self, source_file: str) -> Correction | None:
        """The correction stored for the protocol file called `source_file`, if any."""
        return self.by_file.get(source_file)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {name: {k: v for k, v in asdict(c).items() if v} for name, c in sorted(self.by_file.items())}
        handle, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".corrections-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
        os.replace(tmp, self.path)  # a crash never leaves half a file
