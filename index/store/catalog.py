"""The catalog: which files are indexed (by content hash) and every § with its metadata, in SQLite.

SQLite commits are atomic, so a killed indexing run leaves each file either fully
recorded or not at all; the vector store and the BM25 index are rebuilt from, or
checked against, this record. A generation number changes with every commit so
derived indexes know when they are stale.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from index.errors import BadInput, CorruptStore
from index.models import Facts, Meeting, Paragraph, StoredParagraph
from index.store.migrations import migrate, pending
from index.store.opening import read_only_uri, unusable

log = logging.getLogger(__name__)

__all__ = ["Catalog", "StoredParagraph"]



class Catalog:
    def __init__(self, path: Path, read_only: bool = False, upgrade: bool = True):
        """Open (or create) the catalog; read-only, nothing is written to it (not even its schema or a migration). A
        damaged file raises CorruptStore, one that cannot be written StoreUnusable, each naming the store and the way
        out. A writable catalog an older version made is upgraded in place (index/store/migrations.py), unless
        `upgrade` is False; `paragraf check` reports it instead (`pending_migrations`)."""
        self.path = path
        try:
            if read_only:
                self.db = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise unusable(path.parent, path.name, exc) from None
        try:
            if upgrade and not read_only:
                for name in migrate(self.db):
                    log.info("catalog %s: migration %s applied", path, name)
            verdict = self.db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise unusable(path.parent, path.name, exc) from None
        if verdict != "ok":
            self.db.close()
            raise CorruptStore(path.parent, f"{path.name}: {verdict}")

    def _columns(self) -> set[str]:
        return {r[1] for r in self.db.execute("PRAGMA table_info(paragraphs)")}

    def pending_migrations(self) -> list[str]:
        """The names of the migrations this catalog still needs to be of this version (read only)."""
        return pending(self.db)

    def upgrade(self) -> list[str]:
        """Apply the pending migrations, each in one transaction; nothing stored is lost. Returns their names."""
        done = migrate(self.db)
        for name in done:
            log.warning("catalog %s: upgraded in place (%s)", self.path, name)
        return done

    def _selected(self) -> tuple[str, str]:
        """The page and the label as SQL: their columns, or in a catalog not yet upgraded no page and the number as text."""
        columns = self._columns()
        page = "p.page" if "page" in columns else "NULL"
        label = "p.label" if "label" in columns else "CASE WHEN p.number THEN CAST(p.number AS TEXT) ELSE '' END"
        return page, label

    # --- files -------------------------------------------------------------------------
    def file_hash(self, path: str) -> str | None:
        row = self.db.execute("SELECT hash FROM files WHERE path=? AND status='done'", (path,)).fetchone()
        return row[0] if row else None

    def file_with_hash(self, digest: str) -> str | None:
        """The path of an indexed file with this content, if any."""
        row = self.db.execute("SELECT path FROM files WHERE hash=? AND status='done'", (digest,)).fetchone()
        return row[0] if row else None

    def paragraph_ids(self, path: str | None = None) -> list[str]:
        """The ids of one file's § (by its path), or of every §."""
        if path is None:
            return [r[0] for r in self.db.execute("SELECT id FROM paragraphs")]
        return [r[0] for r in self.db.execute("SELECT id FROM paragraphs WHERE path=?", (path,))]

    def files(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM files")]

    def pending_files(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM files WHERE status!='done'")]

    def file_key(self, wanted: str) -> str:
        """The indexed file a meeting id, a file name or a path names; BadInput naming the choices otherwise."""
        rows = self.db.execute("SELECT path, name, meeting_id FROM files WHERE status='done'").fetchall()
        chosen = [r[0] for r in rows if wanted in r] or [r[0] for r in rows if r[0] == str(Path(wanted).resolve())]
        if len(chosen) == 1:
            return chosen[0]
        if chosen:
            raise BadInput(f"'{wanted}' names several indexed files: {'; '.join(sorted(chosen))}; give the path")
        raise BadInput(f"'{wanted}' is no indexed meeting id, file name or path (see the meetings with `paragraf meetings`)")

    def source_path(self, meeting_id: str) -> Path | None:
        """The file a meeting was indexed from."""
        row = self.db.execute("SELECT path FROM meetings WHERE id=?", (meeting_id,)).fetchone()
        return Path(row[0]) if row else None

    def mark_pending(self, path: str, name: str) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO files(path, name, hash, meeting_id, status) VALUES(?,?,?,?,'pending') "
                "ON CONFLICT(path) DO UPDATE SET status='pending'",
                (path, name, "", ""),
            )

    def record(self, path: str, digest: str, meeting: Meeting, extracts: list[Facts]) -> None:
        """Replace everything known about one file in one transaction."""
        with self.db:
            self._delete_rows(path)
            self.db.execute(
                "INSERT OR REPLACE INTO meetings VALUES(?,?,?,?,?,?,?)",
                (meeting.id, meeting.organisation, meeting.body, meeting.date, meeting.source_file,
                 json.dumps(meeting.attendees, ensure_ascii=False), path),
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO paragraphs(id, meeting_id, path, ordinal, number, title, text, decisions, extract, page, label) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (p.id, meeting.id, path, i, p.number, p.title, p.text,
                     json.dumps(p.decisions, ensure_ascii=False), json.dumps(x.to_json(), ensure_ascii=False), p.page,
                     p.label)
                    for i, (p, x) in enumerate(zip(meeting.paragraphs, extracts))
                ],
            )
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES(?,?,?,?,'done')", (path, meeting.source_file, digest, meeting.id)
            )
            self._bump()

    def forget(self, path: str) -> None:
        with self.db:
            self._delete_rows(path)
            self.db.execute("DELETE FROM files WHERE path=?", (path,))
            self._bump()

    def _delete_rows(self, path: str) -> None:
        self.db.execute("DELETE FROM paragraphs WHERE path=?", (path,))
        self.db.execute("DELETE FROM meetings WHERE path=?", (path,))

    def note(self, key: str, value: str) -> None:
        """Keep a small fact about the store (not a change of §: the generation stays)."""
        with self.db:
            self.db.execute("INSERT INTO state VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def noted(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def touch(self) -> None:
        """A new generation without a change of § (the vectors were repaired): readers reload."""
        with self.db:
            self._bump()

    def _bump(self) -> None:
        self.db.execute(
            "INSERT INTO state VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value=CAST(value AS INTEGER)+1"
        )

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # --- paragraphs and meetings ---------------------------------------------------------
    def paragraphs(self) -> list[StoredParagraph]:
        page, label = self._selected()
        rows = self.db.execute(
            "SELECT p.id, m.organisation, m.body, m.date, p.number, p.title, p.text, m.source_file, "
            f"p.decisions, p.extract, p.meeting_id, p.ordinal, {page}, {label} "
            "FROM paragraphs p JOIN meetings m ON m.id=p.meeting_id ORDER BY m.date, m.organisation, p.meeting_id, p.ordinal"
        )
        return [
            StoredParagraph(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]),
                            Facts.from_json(json.loads(r[9] or "{}")), r[10], r[11], r[12], r[13] or "")
            for r in rows
        ]

    def meetings(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT m.id, m.organisation, m.body, m.date, m.source_file, COUNT(p.id) FROM meetings m "
            "LEFT JOIN paragraphs p ON p.meeting_id=m.id GROUP BY m.id ORDER BY m.date DESC, m.organisation"
        )
        keys = ("id", "organisation", "body", "date", "source_file", "paragraphs")
        return [dict(zip(keys, r)) for r in rows]


def paragraph_from(stored: StoredParagraph) -> Paragraph:
    return Paragraph(stored.number, stored.title, stored.text, stored.decisions, stored.id, stored.page, stored.label)
