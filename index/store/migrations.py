"""Named, ordered schema migrations, the same for SQLite and PostgreSQL (index/store/database.py).

A database records the migrations it has had (table `migrations`: name, when) and gets the missing ones, in
order, each in one transaction, when it is opened to be written (`paragraf check` opens it as it is, and `pending`
names what it lacks). A change of schema is one more `Migration` at the end of its
list: a name that sorts after the last one, and the SQL (or a function of the database) that makes it; SQL may
name the types that differ between the backends as {blob} and {bigint}. Stores made before migrations were
recorded already have some of these tables and columns: every step checks before it adds, so it applies to them
as to a new store. A step for some dialects only (a file an older version wrote) is recorded in the others
without running. The catalog, the records and the sentence vectors each have their list (one database in
PostgreSQL, three files beside an embedded store).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from index.store.database import TYPES, Database

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
    step: str | Callable[[Database], None]  # SQL statements, or a function of the database
    dialects: tuple[str, ...] = ("sqlite", "postgresql")


def add_column(table: str, column: str, kind: str) -> Callable[[Database], None]:
    """A step adding a column, unless the table has it already (a store made before migrations were recorded)."""
    def step(db: Database) -> None:
        if column not in db.columns(table):
            db.run(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    return step


def _labels(db: Database) -> None:
    """The label column; the § an older version stored keep their numbers as labels ('' for a § known by its heading)."""
    add_column("paragraphs", "label", "TEXT")(db)
    db.run("UPDATE paragraphs SET label = CASE WHEN number <> 0 THEN CAST(number AS TEXT) ELSE '' END WHERE label IS NULL")


CATALOG: tuple[Migration, ...] = (
    Migration("0001_tables", TABLES),
    Migration("0002_paragraph_page", add_column("paragraphs", "page", "INTEGER")),  # the page a § starts on
    Migration("0003_path_indexes", "CREATE INDEX IF NOT EXISTS paragraphs_path ON paragraphs(path);\n"
                                   "CREATE INDEX IF NOT EXISTS meetings_path ON meetings(path);"),  # replacing a file's rows
    Migration("0004_paragraph_label", _labels),  # § labels as printed ('3 a', '14:1')
    # The BM25 index of the latest generation (index/store/lexical.py): one row, read by every answering process.
    Migration("0005_lexical", "CREATE TABLE IF NOT EXISTS lexical (name TEXT PRIMARY KEY, generation {bigint}, tokens TEXT, "
                              "ids TEXT, data {blob})"),
)
RECORDS: tuple[Migration, ...] = (  # index/store/records.py
    Migration("records_0001_corrections", "CREATE TABLE IF NOT EXISTS corrections (source_file TEXT PRIMARY KEY, "
                                          "organisation TEXT, body TEXT, date TEXT)"),
    Migration("records_0002_users", """
        CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, password TEXT NOT NULL, admin INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS memberships (
            user_name TEXT NOT NULL, organisation TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_name, organisation))"""),
)
SENTENCES: tuple[Migration, ...] = (  # index/store/sentence_vectors.py
    Migration("sentences_0001_vectors", """
        CREATE TABLE IF NOT EXISTS sentence_vectors (key TEXT PRIMARY KEY, vector {blob} NOT NULL);
        CREATE TABLE IF NOT EXISTS sentence_paragraphs (id TEXT PRIMARY KEY)"""),
    # A sentences.sqlite of an older version named its tables 'vectors' and 'paragraphs' (the catalog's name in PostgreSQL).
    Migration("sentences_0002_older_names", """
        CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS paragraphs (id TEXT PRIMARY KEY);
        INSERT INTO sentence_vectors SELECT key, vector FROM vectors WHERE true ON CONFLICT(key) DO NOTHING;
        INSERT INTO sentence_paragraphs SELECT id FROM paragraphs WHERE true ON CONFLICT(id) DO NOTHING;
        DROP TABLE vectors;
        DROP TABLE paragraphs""", dialects=("sqlite",)),
)


def pending(db: Database, migrations: tuple[Migration, ...]) -> list[str]:
    """The names of the migrations the database lacks, without writing anything (a database made before migrations
    were recorded lacks them all: opening it to index records them)."""
    done = {row[0] for row in db.query("SELECT name FROM migrations")} if "migrations" in db.tables() else set()
    return [m.name for m in migrations if m.name not in done]


def applied(db: Database) -> list[str]:
    db.run("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT)")
    return [row[0] for row in db.query("SELECT name FROM migrations ORDER BY name")]


def migrate(db: Database, migrations: tuple[Migration, ...]) -> list[str]:
    """Apply the migrations the database lacks, in order; returns their names."""
    if [m.name for m in migrations] != sorted(m.name for m in migrations):
        raise ValueError("migrations must be listed in the order of their names")
    done = set(applied(db))
    new = []
    for migration in migrations:
        if migration.name in done:
            continue
        with db.transaction():
            if db.dialect not in migration.dialects:
                pass
            elif isinstance(migration.step, str):
                for statement in filter(str.strip, migration.step.format(**TYPES[db.dialect]).split(";")):
                    db.run(statement)
            else:
                migration.step(db)
            db.run("INSERT INTO migrations(name, applied) VALUES(?, ?)", (migration.name, datetime.now(timezone.utc).isoformat()))
        new.append(migration.name)
    return new
