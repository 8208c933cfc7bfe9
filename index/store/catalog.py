"""The catalog: which files are indexed (by content hash) and every § with its metadata, in SQLite
(`<store>/catalog.sqlite`) or PostgreSQL (index/store/database.py).

A file's record is one transaction, so a killed indexing run leaves each file either fully
recorded or not at all; the vector store and the BM25 index are rebuilt from, or
checked against, this record. A generation number changes with every commit so
derived indexes (and every answering process reading the same catalog) know when they are stale.
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

from index.errors import BadInput
from index.models import Facts, Meeting, Paragraph, StoredParagraph
from index.store.database import Database
from index.store.migrations import CATALOG, migrate, pending

log = logging.getLogger(__name__)

__all__ = ["Catalog", "StoredParagraph", "open_catalog"]

FILE = "catalog.sqlite"
ARCHIVE_KEY = "archive"  # a random id of the archive, naming its vectors on a shared Chroma server


class Catalog:
    """Files, meetings and § of one archive, on a Database (index/store/database.py)."""

    def __init__(self, db: Database, upgrade: bool = True):
        """A catalog an older version made is upgraded in place (index/store/migrations.py), unless `upgrade` is
        False: then it is read as it is (`paragraf check` reports it instead: `pending_migrations`). A new catalog
        (a database without its tables: `new`) is made whole either way, unless the database is read-only: then
        nothing is written, not even its schema or a migration."""
        self.db = db
        self.new = "files" not in db.tables()
        if db.read_only or not (upgrade or self.new):
            return
        for name in migrate(db, CATALOG):
            log.info("catalog: migration %s applied", name)
        if self.noted(ARCHIVE_KEY) is None:
            with db.transaction():
                db.run("INSERT INTO state(key, value) VALUES(?, ?) ON CONFLICT(key) DO NOTHING", (ARCHIVE_KEY, uuid.uuid4().hex))

    def recorded(self) -> int | None:
        """How many files the catalog records; None when the database has no catalog tables."""
        if self.new:
            return None
        return int((self.db.one("SELECT count(*) FROM files") or (0,))[0])

    def pending_migrations(self) -> list[str]:
        """The names of the migrations this catalog still needs to be of this version (read only)."""
        return pending(self.db, CATALOG)

    def upgrade(self) -> list[str]:
        """Apply the pending migrations, each in one transaction; nothing stored is lost. Returns their names."""
        done = migrate(self.db, CATALOG)
        for name in done:
            log.warning("catalog: upgraded in place (%s)", name)
        return done

    def _selected(self) -> tuple[str, str]:
        """The page and the label as SQL: their columns, or in a catalog not yet upgraded no page and the number as text."""
        columns = self.db.columns("paragraphs")
        page = "p.page" if "page" in columns else "NULL"
        label = "p.label" if "label" in columns else "CASE WHEN p.number <> 0 THEN CAST(p.number AS TEXT) ELSE '' END"
        return page, label

    # --- files -------------------------------------------------------------------------
    def file_hash(self, path: str) -> str | None:
        row = self.db.one("SELECT hash FROM files WHERE path=? AND status='done'", (path,))
        return row[0] if row else None

    def file_with_hash(self, digest: str) -> str | None:
        """The path of an indexed file with this content, if any."""
        row = self.db.one("SELECT path FROM files WHERE hash=? AND status='done'", (digest,))
        return row[0] if row else None

    def paragraph_ids(self, path: str | None = None) -> list[str]:
        """The ids of one file's § (by its path), or of every §."""
        if path is None:
            return [r[0] for r in self.db.query("SELECT id FROM paragraphs")]
        return [r[0] for r in self.db.query("SELECT id FROM paragraphs WHERE path=?", (path,))]

    def files(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT path FROM files")]

    def pending_files(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT path FROM files WHERE status!='done'")]

    def file_key(self, wanted: str) -> str:
        """The indexed file a meeting id, a file name or a path names; BadInput naming the choices otherwise."""
        rows = self.db.query("SELECT path, name, meeting_id FROM files WHERE status='done'")
        chosen = [r[0] for r in rows if wanted in r] or [r[0] for r in rows if r[0] == str(Path(wanted).resolve())]
        if len(chosen) == 1:
            return chosen[0]
        if chosen:
            raise BadInput(f"'{wanted}' names several indexed files: {'; '.join(sorted(chosen))}; give the path")
        raise BadInput(f"'{wanted}' is no indexed meeting id, file name or path (see the meetings with `paragraf meetings`)")

    def organisation_of(self, path: str) -> str | None:
        """The organisation of the meeting indexed from this file."""
        row = self.db.one("SELECT organisation FROM meetings WHERE path=?", (path,))
        return row[0] if row else None

    def source_path(self, meeting_id: str) -> Path | None:
        """The file a meeting was indexed from."""
        row = self.db.one("SELECT path FROM meetings WHERE id=?", (meeting_id,))
        return Path(row[0]) if row else None

    def mark_pending(self, path: str, name: str) -> None:
        with self.db.transaction():
            self.db.run(
                "INSERT INTO files(path, name, hash, meeting_id, status) VALUES(?,?,?,?,'pending') "
                "ON CONFLICT(path) DO UPDATE SET status='pending'",
                (path, name, "", ""),
            )

    def record(self, path: str, digest: str, meeting: Meeting, extracts: list[Facts]) -> None:
        """Replace everything known about one file in one transaction (a new generation)."""
        with self.db.transaction():
            self._delete_rows(path)
            self.db.run(
                "INSERT INTO meetings(id, organisation, body, date, source_file, attendees, path) VALUES(?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET organisation=excluded.organisation, body=excluded.body, date=excluded.date, "
                "source_file=excluded.source_file, attendees=excluded.attendees, path=excluded.path",
                (meeting.id, meeting.organisation, meeting.body, meeting.date, meeting.source_file,
                 json.dumps(meeting.attendees, ensure_ascii=False), path),
            )
            self.db.many(
                "INSERT INTO paragraphs(id, meeting_id, path, ordinal, number, title, text, decisions, extract, page, label) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET meeting_id=excluded.meeting_id, path=excluded.path, "
                "ordinal=excluded.ordinal, number=excluded.number, title=excluded.title, text=excluded.text, "
                "decisions=excluded.decisions, extract=excluded.extract, page=excluded.page, label=excluded.label",
                [
                    (p.id, meeting.id, path, i, p.number, p.title, p.text,
                     json.dumps(p.decisions, ensure_ascii=False), json.dumps(x.to_json(), ensure_ascii=False), p.page,
                     p.label)
                    for i, (p, x) in enumerate(zip(meeting.paragraphs, extracts))
                ],
            )
            self.db.run(
                "INSERT INTO files(path, name, hash, meeting_id, status) VALUES(?,?,?,?,'done') ON CONFLICT(path) DO UPDATE "
                "SET name=excluded.name, hash=excluded.hash, meeting_id=excluded.meeting_id, status='done'",
                (path, meeting.source_file, digest, meeting.id),
            )
            self._bump()

    def forget(self, path: str) -> None:
        with self.db.transaction():
            self._delete_rows(path)
            self.db.run("DELETE FROM files WHERE path=?", (path,))
            self._bump()

    def clear(self) -> None:
        """Forget every file, meeting and § (a rebuild); the generation goes on counting, so no reader mistakes
        the rebuilt archive for one it has read."""
        with self.db.transaction():
            for table in ("paragraphs", "meetings", "files"):
                self.db.run(f"DELETE FROM {table}")
            self._bump()

    def _delete_rows(self, path: str) -> None:
        self.db.run("DELETE FROM paragraphs WHERE path=?", (path,))
        self.db.run("DELETE FROM meetings WHERE path=?", (path,))

    def note(self, key: str, value: str) -> None:
        """Keep a small fact about the store (not a change of §: the generation stays)."""
        self.db.run("INSERT INTO state(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def noted(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM state WHERE key=?", (key,))
        return row[0] if row else None

    def touch(self) -> None:
        """A new generation without a change of § (the vectors were repaired): readers reload."""
        with self.db.transaction():
            self._bump()

    def _bump(self) -> None:
        self.db.run(
            "INSERT INTO state(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value=CAST(CAST(state.value AS INTEGER)+1 AS TEXT)"
        )

    def generation(self) -> int:
        row = self.db.one("SELECT value FROM state WHERE key='generation'")
        return int(row[0]) if row else 0

    # --- paragraphs and meetings ---------------------------------------------------------
    def paragraphs(self) -> list[StoredParagraph]:
        page, label = self._selected()
        rows = self.db.query(
            "SELECT p.id, m.organisation, m.body, m.date, p.number, p.title, p.text, m.source_file, "
            f"p.decisions, p.extract, p.meeting_id, p.ordinal, {page}, {label} "
            "FROM paragraphs p JOIN meetings m ON m.id=p.meeting_id ORDER BY m.date, m.organisation, p.meeting_id, p.ordinal"
        )
        rows.sort(key=lambda r: (r[3], r[1], r[10], r[11]))  # code point order in both backends, whatever the collation
        return [
            StoredParagraph(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]),
                            Facts.from_json(json.loads(r[9] or "{}")), r[10], r[11], r[12], r[13] or "")
            for r in rows
        ]

    def meetings(self) -> list[dict]:
        rows = self.db.query(
            "SELECT m.id, m.organisation, m.body, m.date, m.source_file, COUNT(p.id) FROM meetings m "
            "LEFT JOIN paragraphs p ON p.meeting_id=m.id "
            "GROUP BY m.id, m.organisation, m.body, m.date, m.source_file ORDER BY m.date DESC, m.organisation"
        )
        rows.sort(key=lambda r: (r[1], r[0]))
        rows.sort(key=lambda r: r[3], reverse=True)  # newest first, then by organisation: code point order in both backends
        keys = ("id", "organisation", "body", "date", "source_file", "paragraphs")
        return [dict(zip(keys, r)) for r in rows]


def open_catalog(folder: Path, url: str = "", upgrade: bool = True, read_only: bool = False) -> Catalog:
    """The catalog of a store: in PostgreSQL when `url` names a database, else `<folder>/catalog.sqlite`. A SQLite
    file that cannot be read raises CorruptStore, one that cannot be written StoreUnusable, each naming the store
    and the way out (index/store/opening.py); it is never patched. With upgrade=False it is opened as it is, and
    read-only nothing is written to it (see Catalog)."""
    import sqlite3

    from index.errors import CorruptStore
    from index.store.database import PostgresDatabase, SQLiteDatabase
    from index.store.database import unusable

    if url:
        return Catalog(PostgresDatabase(url, read_only=read_only), upgrade)
    db = SQLiteDatabase(folder / FILE, read_only=read_only)
    try:
        verdict = db.check()
        if verdict == "ok":
            return Catalog(db, upgrade)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise unusable(folder, FILE, exc) from None
    db.close()
    raise CorruptStore(folder, f"{FILE}: {verdict}")


def paragraph_from(stored: StoredParagraph) -> Paragraph:
    return Paragraph(stored.number, stored.title, stored.text, stored.decisions, stored.id, stored.page, stored.label)
