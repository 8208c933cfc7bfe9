"""One small database interface over two backends: SQLite files in the store folder (the default, embedded) and
PostgreSQL (`PARAGRAF_DATABASE_URL=postgresql://…`), so the catalog, the sentence vectors and the records people
typed in (corrections, users) are read and written by the same code whichever holds them.

SQL is written once, in the dialect both accept (`INSERT … ON CONFLICT …`, `?` placeholders, which PostgreSQL
gets as `%s`); the few types that differ are named in `TYPES`. Each schema is a list of named, ordered
migrations (index/store/migrations.py), applied once each and recorded in a `migrations` table.
A transaction commits all of its statements or none; a read of one committed state (`reading`) sees no later
commit; `lock` is held by one process at a time and released by the operating system or the server when its
holder dies (a file lock beside SQLite, an advisory lock in PostgreSQL). Opened `read_only` (the commands that only
read: ask, search, check, answering workers), a database refuses every write: SQLite's file is opened `mode=ro`,
PostgreSQL's session makes every transaction READ ONLY.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from index.errors import BadInput, CorruptStore, StoreUnusable

def _errors() -> tuple[type[Exception], ...]:
    try:
        import psycopg
    except ImportError:
        return (sqlite3.DatabaseError,)
    return sqlite3.DatabaseError, psycopg.Error


DATABASE_ERRORS = _errors()  # what a broken or unreachable database raises, in either backend
TYPES = {"sqlite": {"blob": "BLOB", "bigint": "INTEGER"}, "postgresql": {"blob": "BYTEA", "bigint": "BIGINT"}}
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
READ_ONLY_REMEDY = ("make the store's files writable to index, correct or remove protocols (questions are answered "
                    "from a read-only store)")


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_SCHEMES)


class Database:
    """A connection to one SQLite file or one PostgreSQL database, safe to share between threads (each
    statement runs under the connection's lock; a transaction holds it to its end)."""

    dialect = "sqlite"

    def __init__(self, read_only: bool = False) -> None:
        self.read_only = read_only
        self._lock = threading.RLock()
        self._depth = 0
        self._held: set[str] = set()

    # --- statements --------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return [tuple(row) for row in self._cursor(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence = ()) -> tuple | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def run(self, sql: str, params: Sequence = ()) -> None:
        with self._lock:
            self._cursor(sql, params)

    def many(self, sql: str, rows: Iterable[Sequence]) -> None:
        rows = list(rows)
        if rows:
            with self._lock:
                self._executemany(self._sql(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator["Database"]:
        """All statements inside commit together, or none (an exception rolls back). Nested: joins the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._begin(repeatable=False)
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._depth = 0
                self._rollback()
                raise
            self._depth = 0
            self._commit()

    @contextmanager
    def reading(self) -> Iterator["Database"]:
        """Reads of one committed state: no commit made meanwhile (by this process or another) is seen."""
        with self._lock:
            self._begin(repeatable=True)
            try:
                yield self
            finally:
                self._rollback()

    def tables(self) -> set[str]:
        raise NotImplementedError

    def columns(self, table: str) -> list[str]:
        raise NotImplementedError

    # --- what each backend does its own way ---------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql

    def _cursor(self, sql: str, params: Sequence):
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list) -> None:
        raise NotImplementedError

    def _begin(self, repeatable: bool) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    @contextmanager
    def lock(self, name: str, wait: bool = True) -> Iterator[bool]:
        """Yields True while this process holds the lock `name` (False at once with wait=False when another holds
        it). A lock this process already holds is held again at once (a rebuild's run inside its own lock)."""
        if name in self._held:
            yield True
            return
        with self._hold(name, wait) as held:
            if not held:
                yield False
                return
            self._held.add(name)
            try:
                yield True
            finally:
                self._held.discard(name)

    def _hold(self, name: str, wait: bool):
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class SQLiteDatabase(Database):
    """One SQLite file (WAL, so readers never wait for a writer); its locks are files beside it."""

    def __init__(self, path: Path | None, timeout: float = 60.0, read_only: bool = False) -> None:
        """Read-only, nothing is created or written (the file is opened `mode=ro`); `path` None is a database in
        memory (what a read-only store shows for a file it lacks)."""
        super().__init__(read_only)
        self.path = path
        try:
            if path is None:
                self.db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            elif read_only:
                self.db = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False, timeout=timeout,
                                          isolation_level=None)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, check_same_thread=False, timeout=timeout, isolation_level=None)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")  # a commit waits for no fsync; a killed process loses nothing committed
        except sqlite3.DatabaseError as exc:
            where = path or Path(":memory:")
            raise unusable(where.parent, where.name, exc) from None

    def _cursor(self, sql: str, params: Sequence):
        return self.db.execute(sql, tuple(params))

    def _executemany(self, sql: str, rows: list) -> None:
        self.db.executemany(sql, rows)

    def _begin(self, repeatable: bool) -> None:
        self.db.execute("BEGIN")
        if repeatable:  # SQLite fixes a read transaction's snapshot at its first read
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def _commit(self) -> None:
        self.db.execute("COMMIT")

    def _rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def tables(self) -> set[str]:
        return {row[0] for row in self.query("SELECT name FROM sqlite_master WHERE type='table'")}

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.query(f"PRAGMA table_info({table})")]

    def check(self) -> str:
        """SQLite's own verdict on the file ('ok' when it can be read)."""
        return str((self.one("PRAGMA quick_check") or ("no verdict",))[0])

    def _hold(self, name: str, wait: bool):
        if self.path is None:
            return nullcontext(True)
        if self.read_only:  # waits while a writer holds it, and creates nothing
            return shared_lock(self.path.parent / f"{name}.lock")
        return file_lock(self.path.parent / f"{name}.lock", wait)

    def close(self) -> None:
        self.db.close()


class PostgresDatabase(Database):
    """One PostgreSQL database through psycopg 3 (autocommit outside transactions); a read of one committed state
    is a REPEATABLE READ transaction; locks are session advisory locks, each on a connection of its own, so the
    server releases them when the holder's connection ends."""

    dialect = "postgresql"

    def __init__(self, url: str, read_only: bool = False) -> None:
        super().__init__(read_only)
        import psycopg

        self.url = url
        try:
            # Read-only, the server refuses every write of this session (ReadOnlySqlTransaction).
            if read_only:
                self.db = psycopg.connect(url, autocommit=True, options="-c default_transaction_read_only=on")
            else:
                self.db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise BadInput(f"cannot connect to the database {redacted(url)}: {str(exc).strip().splitlines()[0]}") from None

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def _cursor(self, sql: str, params: Sequence):
        return self.db.execute(self._sql(sql), tuple(params) or None)

    def _executemany(self, sql: str, rows: list) -> None:
        with self.db.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _begin(self, repeatable: bool) -> None:
        self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if repeatable else "BEGIN")

    def _commit(self) -> None:
        self.db.execute("COMMIT")

    def _rollback(self) -> None:
        self.db.execute("ROLLBACK")

    def tables(self) -> set[str]:
        return {row[0] for row in self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}

    def columns(self, table: str) -> list[str]:
        return [row[0] for row in self.query("SELECT column_name FROM information_schema.columns WHERE table_name=? "
                                             "AND table_schema=current_schema() ORDER BY ordinal_position", (table,))]

    @contextmanager
    def _hold(self, name: str, wait: bool) -> Iterator[bool]:
        import psycopg

        key = int.from_bytes(hashlib.blake2b(f"paragraf:{name}".encode(), digest_size=8).digest(), "big", signed=True)
        with psycopg.connect(self.url, autocommit=True) as holder:
            if wait:
                holder.execute("SELECT pg_advisory_lock(%s)", (key,))
            elif not (holder.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone() or (False,))[0]:
                yield False
                return
            yield True  # released when this connection closes, also when the holder is killed

    def close(self) -> None:
        self.db.close()


@contextmanager
def file_lock(lock_file: Path, wait: bool = True) -> Iterator[bool]:
    """Held by one process at a time; the OS releases it when the holder dies. With wait=False it
    yields False at once when another process holds it."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield True
        return
    with open(lock_file, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


@contextmanager
def shared_lock(lock_file: Path) -> Iterator[bool]:
    """Waits while a writer holds the lock (`file_lock`), without creating or changing the file (a reader's lock:
    a read-only store changes nothing in its folder)."""
    try:
        import fcntl

        handle = open(lock_file, "rb")
    except (ImportError, OSError):  # not POSIX, or no writer has ever locked here
        yield True
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield True


def read_only_uri(path: Path) -> str:
    """SQLite's address of a file opened for reading only: nothing is written to it, not even its schema."""
    return f"{path.resolve().as_uri()}?mode=ro"


def redacted(url: str) -> str:
    """A database address fit for a message or a log: the password left out."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    scheme, _, credentials = head.partition("://")
    return f"{scheme}://{credentials.split(':', 1)[0]}@{tail}"


def unusable(folder: Path, name: str, exc: Exception) -> Exception:
    """The one-line error for a store file that failed: read-only, or damaged."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "readonly" in message.replace("-", "").replace(" ", "").lower() or isinstance(exc, PermissionError):
        return StoreUnusable(folder, f"{name} is read-only ({message})", READ_ONLY_REMEDY)
    return CorruptStore(folder, f"{name}: {message}", sources_known=name != "catalog.sqlite")
