"""What people typed in, kept apart from what indexing derives: the secretary's corrections of a meeting's
organisation, organ and date, and the users with their memberships (index/store/accounts.py).

Beside an embedded store they live in `<store>/records.sqlite`, which `paragraf index --rebuild` never deletes
(the catalog, the vectors and BM25 are derived from the source files; these are not); with PostgreSQL in the
same database as the catalog. Corrections are keyed by the protocol's file name and applied after every parse
(index/parse/corrections.py), so a correction survives re-indexing and changes of the parser.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from index.errors import BadInput
from index.parse.corrections import Correction
from index.store.database import Database, PostgresDatabase, SQLiteDatabase
from index.store.migrations import RECORDS, migrate, pending

log = logging.getLogger(__name__)

FILE = "records.sqlite"
FILES = (FILE, f"{FILE}-wal", f"{FILE}-shm")
LEGACY_CORRECTIONS = "corrections.json"  # where corrections were kept before records.sqlite


def open_records(folder: Path, url: str = "", upgrade: bool = True, read_only: bool = False) -> Database:
    """The records' database: PostgreSQL when `url` names one, else `<folder>/records.sqlite`; migrated unless
    upgrade=False (`paragraf check`: `pending(db, RECORDS)` names what it lacks). Read-only, nothing is written:
    a store without the file (or with an older one) reads as one without records."""
    if url:
        db: Database = PostgresDatabase(url, read_only=read_only)
    elif read_only:
        db = SQLiteDatabase(folder / FILE, read_only=True) if (folder / FILE).exists() else SQLiteDatabase(None)
        if not db.read_only or pending(db, RECORDS):  # none on disk, or an older version's: read as empty
            db.close()
            db = SQLiteDatabase(None)
            migrate(db, RECORDS)
        return db
    else:
        db = SQLiteDatabase(folder / FILE)
    if upgrade and not read_only:
        migrate(db, RECORDS)
    return db


class Corrections:
    """All corrections of one archive."""

    def __init__(self, db: Database, folder: Path | None = None) -> None:
        self.db = db
        if folder is not None and not db.read_only:  # read-only, nothing is adopted (the next writer does it)
            self._adopt(folder / LEGACY_CORRECTIONS)

    @property
    def by_file(self) -> dict[str, Correction]:
        rows = self.db.query("SELECT source_file, organisation, body, date FROM corrections ORDER BY source_file")
        return {name: Correction(*values) for name, *values in rows}

    def add(self, source_file: str, correction: Correction) -> Correction:
        """Store a correction (merged with an earlier one for the same file) and return what now holds."""
        if not any(asdict(correction).values()):
            raise BadInput("nothing to correct: give --org, --body or --date")
        if correction.date:
            try:
                date.fromisoformat(correction.date)
            except ValueError:
                raise BadInput(f"'{correction.date}' is not a date (YYYY-MM-DD)") from None
        with self.db.transaction():
            merged = (self.of(source_file) or Correction()).merged(correction)
            self.db.run("INSERT INTO corrections(source_file, organisation, body, date) VALUES(?,?,?,?) ON CONFLICT(source_file) "
                        "DO UPDATE SET organisation=excluded.organisation, body=excluded.body, date=excluded.date",
                        (source_file, merged.organisation, merged.body, merged.date))
        return merged

    def of(self, source_file: str) -> Correction | None:
        """The correction stored for the protocol file called `source_file`, if any."""
        row = self.db.one("SELECT organisation, body, date FROM corrections WHERE source_file=?", (source_file,))
        return Correction(*row) if row else None

    def _adopt(self, legacy: Path) -> None:
        """Corrections an older version kept in corrections.json move into the records once; the file is renamed."""
        if not legacy.exists():
            return
        data = json.loads(legacy.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Correction)}
        for name, values in data.items():
            self.add(name, Correction(**{k: v for k, v in values.items() if k in known}))
        legacy.rename(legacy.with_name(legacy.name + ".imported"))
        log.warning("moved %d corrections from %s into %s", len(data), legacy, FILE)
