"""Opening a store's files: read-only when a command only reads, and every damaged or unusable file named in one line.

A store is its catalog (the record of every file and §) and what is derived from it: Chroma's window vectors, the
sentence vectors and BM25. Commands that only read (`ask`, `search`, `check`, the answering workers) open it
read-only, so nothing in the folder is created, repaired or deleted by them. Every command refuses a store whose
catalog is lost (missing, zero bytes, without tables, or recording no file) while derived data remains: matching the
vectors to such a catalog would delete every vector, so it is damage, named with the way out. A catalog SQLite
cannot read, a Chroma database that fails to open and a file that cannot be written are each one line too
(CorruptStore, StoreUnusable), never a library's traceback.

With the catalog in PostgreSQL (index/store/database.py) the same holds: reading commands open the database in a
read-only session, and a database without the catalog's tables (a lost schema) or recording no file, while window
vectors marked as this database's are on the Chroma server (or sentence vectors or BM25 remain in it), is damage,
not a new empty archive (`database_damage`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from index.errors import CorruptStore, StoreUnusable
from index.store.database import READ_ONLY_REMEDY, read_only_uri, unusable

log = logging.getLogger(__name__)

CATALOG = "catalog.sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"
CHROMA = "chroma"

def recorded_files(folder: Path) -> int | None:
    """How many files the catalog records, read without writing; None when there is no catalog to speak of
    (no file, zero bytes, no tables). A file SQLite cannot read raises CorruptStore."""
    path = folder / CATALOG
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as head:
        if head.read(len(SQLITE_HEADER)) != SQLITE_HEADER:  # read-only, SQLite would read its pages from a WAL beside it
            raise CorruptStore(folder, f"{CATALOG}: not an SQLite database (its first bytes are damaged)")
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
            if db.execute("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='files'").fetchone()[0] == 0:
                return None
            return db.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CorruptStore(folder, f"{CATALOG}: {exc}") from None


def refuse_read_only(folder: Path) -> None:
    """Before a command that writes touches anything: each of the store's files (and its folder) must be writable."""
    for name in (".", CATALOG, "sentences.sqlite", CHROMA, f"{CHROMA}/chroma.sqlite3", "bm25"):
        path = folder / name
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreUnusable(folder, f"{'its folder' if name == '.' else name} is read-only", READ_ONLY_REMEDY)


def open_vectors(folder: Path, collection: str, url: str, read_only: bool, marks: dict[str, str] | None = None):
    """Chroma's client and the store's collection (made with `marks` in its metadata when new). Read-only, a store
    without vectors gets an empty collection in memory (the health check reports the missing vectors) and nothing
    is created on disk or on the server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    where = f"{CHROMA}/chroma.sqlite3" if not url else f"the Chroma server at {url}"
    try:
        if url:
            client = server_client(url)
        elif read_only and not (folder / CHROMA / "chroma.sqlite3").exists():
            client = chromadb.EphemeralClient(settings=settings)
        else:
            client = chromadb.PersistentClient(path=str(folder / CHROMA), settings=settings)
        if read_only:
            try:
                return client, client.get_collection(collection)
            except chromadb.errors.NotFoundError:
                empty = chromadb.EphemeralClient(settings=settings)
                return empty, empty.get_or_create_collection(collection, metadata={"hnsw:space": "cosine"})
        return client, client.get_or_create_collection(collection, metadata={"hnsw:space": "cosine", **(marks or {})})
    except Exception as exc:  # Chroma's own errors (a malformed database, a server that is down) are many
        if url:
            raise StoreUnusable(folder, f"{where} cannot be reached ({str(exc)[:160]})",
                                "start it, or leave out --chroma-url / PARAGRAF_CHROMA_URL for the embedded vectors") from None
        raise unusable(folder, where, exc) from None


def server_client(url: str):
    """A client of the Chroma server at `url` ('host:port' or 'http://host:port')."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from urllib.parse import urlparse

    parsed = urlparse(url if "://" in url else f"http://{url}")
    return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                               settings=ChromaSettings(anonymized_telemetry=False))


def refuse_lost_catalog(folder: Path, recorded: int | None, windows: int, sentences: int, lexical: int,
                        database: str = "") -> None:
    """A catalog that records nothing beside vectors, sentence vectors or a BM25 index that hold §: damage. With
    `database` (its address, without the password) the catalog is that PostgreSQL database's."""
    if recorded or not (windows or sentences or lexical):
        return
    path = folder / CATALOG
    if database:
        state = "has no catalog tables (its schema is lost)" if recorded is None else "records no file"
        where = f"the PostgreSQL catalog {database}"
    else:
        state = ("is missing" if not path.exists() else "is empty (0 bytes)" if path.stat().st_size == 0
                 else "records no file")
        where = CATALOG
    held = ", ".join(f"{what} {n:,}" for what, n in (("window vectors", windows), ("§ with sentence vectors", sentences),
                                                       ("§ in BM25", lexical)) if n)
    raise CorruptStore(database or folder, f"{where} {state}, but the store holds {held}")


DATABASE_MARK = "paragraf_database"  # in a Chroma collection's metadata: the PostgreSQL database whose catalog it serves


def database_mark(db) -> str:
    """The name a Chroma collection's metadata gives the PostgreSQL database it serves (index/store/database.py)."""
    return f"postgresql:{(db.one('SELECT current_database()') or ('',))[0]}"


def marked_windows(url: str, mark: str) -> int:
    """How many window vectors the Chroma server at `url` holds in collections marked as serving the database
    `mark` (whatever their names: a lost catalog has lost the archive's id that names them)."""
    try:
        client = server_client(url)
        return sum(c.count() for c in client.list_collections() if (c.metadata or {}).get(DATABASE_MARK) == mark)
    except Exception as exc:  # Chroma's own errors (a server that is down) are many
        raise StoreUnusable(url, f"the Chroma server at {url} cannot be reached ({str(exc)[:160]})",
                            "start it, or leave out --chroma-url / PARAGRAF_CHROMA_URL for the embedded vectors") from None
