"""Named, ordered schema migrations of the catalog.

A store records the migrations it has had (table `migrations`: name, when) and gets the missing ones, in
order, each in one transaction, when it is opened. A change of schema is one more `Migration` at the end of
MIGRATIONS: a name that sorts after the last one, and the SQL (or a function of the connection) that makes it.
Stores made before migrations were recorded already have some of these tables and columns: every step
checks before it adds, so it applies to them as to a new store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

TABLES = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, name TEXT, hash TEXT, meeting_id TEXT, status TEXT
);
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY, organisation TEXT, body TEXT, date TEXT, source_file TEXT, attendees TEXT, path TEXT
);
CREATE TABLE IF NOT EXISTS paragraphs (
    id TEXT PRIMARY KEY, meeting_id TEXT, path TEXT, ordinal INTEGER, number INTEGER, title TEXT,
    text TEXT, decisions TEXT, extract TEXT
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass(frozen=True)
class Migration:
    name: str  # '0002_paragraph_page': ordered by name
    step: str | Callable[[sqlite3.Connection], None]  # SQL statements, or a function of the connection


def add_column(table: str, column: str, kind: str) -> Callable[[sqlite3.Connection], None]:
    """A step adding a column, unless the table has it already (a store made before migrations were recorded)."""
    def step(db: sqlite3.Connection) -> None:
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    return step


def _labels(db: sqlite3.Connection) -> None:
    """The label column; the § an older version stored keep their numbers as labels ('' for a § known by its heading)."""
    add_column("paragraphs", "label", "TEXT")(db)
    db.execute("UPDATE paragraphs SET label = CASE WHEN number THEN CAST(number AS TEXT) ELSE '' END WHERE label IS NULL")


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_tables", TABLES),
    Migration("0002_paragraph_page", add_column("paragraphs", "page", "INTEGER")),  # the page a § starts on
    Migration("0003_path_indexes", "CREATE INDEX IF NOT EXISTS paragraphs_path ON paragraphs(path);\n"
                                   "CREATE INDEX IF NOT EXISTS meetings_path ON meetings(path);"),  # replacing a file's rows
    Migration("0004_paragraph_label", lambda db: _labels(db)),  # § labels as printed ('3 a', '14:1')
)


def pending(db: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """The names of the migrations the catalog lacks, without writing anything (a catalog made before migrations
    were recorded lacks them all: opening it to index records them)."""
    recorded = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
    done = {row[0] for row in db.execute("SELECT name FROM migrations")} if recorded else set()
    return [m.name for m in migrations if m.name not in done]


def applied(db: sqlite3.Connection) -> list[str]:
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT)")
    return [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name")]


def migrate(db: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations the catalog lacks, in order; returns their names."""
    if [m.name for m in migrations] != sorted(m.name for m in migrations):
        raise ValueError("migrations must be listed in the order of their names")
    done = set(applied(db))
    new = []
    for migration in migrations:
        if migration.name in done:
            continue
        with db:
            if isinstance(migration.step, str):
                for statement in filter(str.strip, migration.step.split(";")):
                    db.execute(statement)
            else:
                migration.step(db)
            db.execute("INSERT INTO migrations VALUES(?, ?)", (migration.name, datetime.now(timezone.utc).isoformat()))
        new.append(migration.name)
    return new
