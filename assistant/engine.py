"""One open store per process: the embedder, Chroma client and BM25 index are loaded once
and shared by the command line, the UI and the eval harness; and the indexing runs and corrections
both of them start, with the settings' limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.settings import Settings
from index.parse.corrections import Correction
from index.errors import BadInput, CorruptStore, ParagrafError
from index.models import Meeting, slug
from index.store.accounts import EVERYTHING, Access
from index.store.health import report_on_open
from index.pipeline import IndexReport, forget, index_paths
from index.read.progress import ReadProgress
from index.store.archive import Store
from index.store.generations import Snapshot
from index.store.database import file_lock
from index.store.rebuild import rebuild_sources, replacing

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings, writable: bool = False, report: bool = True) -> Store:
    """The store, opened once per process: read-only unless `writable` (indexing, corrections, removals, accounts, a
    server's uploads); a read-only one is opened again writable when asked. Opening never repairs or deletes anything;
    opened writable, a catalog an older version made is upgraded in place (index/store/migrations.py), read-only it
    is read as it is. With `report`, what a check finds is logged with what repairs it (index/store/health.py). A
    damaged or lost catalog raises CorruptStore."""
    key = _key(settings)
    with _lock:
        if key not in _stores or (writable and _stores[key].read_only):
            store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url,
                          read_only=not writable)
            if report:
                report_on_open(store, settings.upload_dir)
            _stores[key] = store
        return _stores[key]


@dataclass(frozen=True)
class Reader:
    """The open store as one reader sees it: `snapshot()` is the latest generation restricted to the organisations
    the reader may read (index/store/accounts.py), so everything that reads through it (answers, search, brief,
    timeline, the meetings list) holds nothing else."""

    store: Store
    access: Access = EVERYTHING

    def snapshot(self) -> Snapshot:
        return self.store.snapshot().within(self.access.organisations)

    @property
    def meetings(self) -> list[dict]:
        return self.snapshot().meetings

    @property
    def table(self):
        return self.snapshot().table


def reader(settings: Settings, access: Access = EVERYTHING) -> Reader:
    """The open store as `access` may read it."""
    return Reader(open_store(settings), access)


def writer(settings: Settings, access: Access = EVERYTHING) -> Reader:
    """The open store, writable (removals, corrections), as `access` may read it."""
    return Reader(open_store(settings, writable=True), access)


def access_of(settings: Settings, user: str | None) -> Access:
    """What a user may read: everything for no user (the operator, or the single login of PARAGRAF_USERNAME),
    else what the archive's accounts say; BadInput for a user the archive does not know."""
    if not user or (settings.username and user == settings.username):
        return EVERYTHING
    return open_store(settings).accounts.access(user)


def remove_as(reader: Reader, wanted: str) -> str:
    """The indexed file `wanted` names (a meeting id, file name or path), when the reader may remove it: an
    administrator, or a secretary of its organisation. A meeting the reader cannot read is named as unknown."""
    store, access = reader.store, reader.access
    key = store.catalog.file_key(wanted)
    organisation = store.catalog.organisation_of(key) or ""
    if not access.reads(organisation):
        raise BadInput(f"'{wanted}' is no indexed meeting id, file name or path (see the meetings with `paragraf meetings`)")
    if not access.manages(organisation):
        raise BadInput(f"{access.user} may not remove meetings of {organisation} (a secretary's or an administrator's task)")
    return key


def _key(settings: Settings) -> tuple[str, str, str, str]:
    return str(settings.store.resolve()), settings.embedder, settings.chroma_url, settings.database_url


def forget_store(settings: Settings) -> None:
    """Close this process's open store (after a rebuild replaced its folder)."""
    with _lock:
        store = _stores.pop(_key(settings), None)
    if store is not None:
        store.close()


def open_llm(settings: Settings):
    """The configured language model, built once per process; None when PARAGRAF_LLM=none."""
    return _llm(settings.llm, settings.llm_model, settings.llm_base_url, settings.llm_api_key)


@lru_cache(maxsize=2)
def _llm(name: str, model: str, base_url: str, api_key: str):
    from assistant.answer.llm import make_llm

    return make_llm(Settings.load(llm=name, llm_model=model, llm_base_url=base_url, llm_api_key=api_key))


def index_archive(settings: Settings, paths: list[Path], store: Store | None = None, progress: bool = False,
                  on_file: Callable[[int, int, Path], None] | None = None,
                  on_read: Callable[[ReadProgress], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, access: Access = EVERYTHING) -> IndexReport:
    """An indexing run with the settings' limits (file size, reading time and text per file), resuming uploads
    a killed run left in the upload folder: the one run of `paragraf index`, `paragraf correct` and the UI.
    `store` defaults to the open store; `progress` shows a bar; `on_file(done, total, path)` hears of each file,
    `on_read` of each step of its reading; `cancelled()` stops the run (index/pipeline.py `index_paths`); a protocol
    of an organisation `access` does not manage is refused before it is stored."""
    return index_paths(store or open_store(settings, writable=True), paths, progress=progress, max_file_mb=settings.max_file_mb,
                       seconds=settings.file_seconds, uploads=settings.upload_dir, limits=settings.read_limits,
                       on_file=on_file, on_read=on_read, cancelled=cancelled,
                       admit=None if access.admin else _admission(access))


def _admission(access: Access) -> Callable[[Meeting], str]:
    def admit(meeting: Meeting) -> str:
        if access.manages(meeting.organisation):
            return ""
        return (f"a protocol of {meeting.organisation or 'an unnamed organisation'}; {access.user} adds protocols of "
                f"{', '.join(sorted(access.secretary_of)) or 'no organisation'} only")

    return admit


def rebuild_archive(settings: Settings, paths: list[Path], progress: bool = False,
                    on_file: Callable[[int, int, Path], None] | None = None) -> IndexReport:
    """The whole store again from its sources (the files its catalog records, or `paths`) and the uploads; the old
    store stays as it was until the new one is complete. Embedded, it is built beside the old store
    (index/store/rebuild.py); with the catalog in PostgreSQL, the new generation is committed in one transaction
    (`_rebuild_in_database`). Refuses, changing nothing, when the sources cannot be read, and when none of them could
    be indexed."""
    if settings.database_url:
        return _rebuild_in_database(settings, paths, progress, on_file)
    folder = settings.store.resolve()
    sources = rebuild_sources(folder, paths)
    folder.mkdir(parents=True, exist_ok=True)
    with file_lock(folder / "index.lock"):
        forget_store(settings)
        collection = f"paragraf-{slug(settings.embedder)}"[:50] + "-rebuild" if settings.chroma_url else ""
        with replacing(folder) as new:
            store = Store(new, settings.embedder, settings.chroma_url, collection_name=collection)
            try:
                if collection:
                    store.clear_vectors()  # left by a rebuild a kill interrupted
                report = index_archive(settings, sources, store, progress, on_file)
                _refuse_empty(folder, sources, report)
                if collection:
                    store.take_collection_name(f"paragraf-{slug(settings.embedder)}"[:60])
            finally:
                store.close()
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # the embedded vectors' client of the new folder holds its old path
    return report


def _refuse_empty(where: object, sources: list[Path], report: IndexReport) -> None:
    if sources and not report.count("indexed") and not report.count("duplicate"):
        reasons = "; ".join(f"{Path(o.path).name}: {o.detail}" for o in report.refused[:3])
        raise ParagrafError(f"the rebuild of {where} indexed none of the {len(report.outcomes)} files it read "
                            f"({reasons}); the store was left as it was")


def _rebuild_in_database(settings: Settings, paths: list[Path], progress: bool,
                         on_file: Callable[[int, int, Path], None] | None) -> IndexReport:
    """A rebuild of a catalog in PostgreSQL: emptying the catalog and indexing every source happen in one transaction
    of the catalog's database, the window vectors go to a collection of their own, and only when the run is
    complete is the transaction committed and that collection given the archive's name. A failure or a kill rolls the
    transaction back: every replica keeps reading the previous generation. The records (corrections, users) stay.
    A catalog lost beside its vectors may be rebuilt from the paths given."""
    forget_store(settings)
    try:
        store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url)
    except CorruptStore:
        if not paths:
            raise
        store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url, lost=True)
    try:
        where = store.where
        sources = rebuild_sources(settings.store, paths, [Path(p) for p in store.catalog.files()], where)
        final = store.collection.name
        with store.lock("index"):
            store.use_collection(f"{final[:50]}-rebuild", fresh=True)  # a kill's leftover is dropped first
            try:
                with store.catalog.db.transaction():
                    store.catalog.clear()
                    report = index_archive(settings, sources, store, progress, on_file)
                    _refuse_empty(where, sources, report)
            except BaseException:
                store.client.delete_collection(store.collection.name)
                raise
            store.take_collection_name(final)
            store.refresh(save=True)  # the BM25 index of the committed generation
    finally:
        store.close()
    return report


@dataclass
class Corrected:
    """A stored correction: the protocol's file name, the correction that now holds, and the re-indexing run."""

    source_file: str
    correction: Correction
    report: IndexReport


def correct_meeting(settings: Settings, wanted: str, correction: Correction, access: Access = EVERYTHING) -> Corrected:
    """Store the secretary's correction of the protocol `wanted` names (its meeting id, file name or path) with the
    archive's records and index its file again, so the meetings, the search and the citations show it at once.
    `access` must manage the meeting's organisation, and the organisation it is moved to."""
    store = open_store(settings, writable=True)
    name = Path(wanted).name
    meetings = [m for m in store.catalog.meetings() if name in (m["id"], m["source_file"])]
    if any(not access.manages(m["organisation"]) for m in meetings) or (
            correction.organisation and not access.manages(correction.organisation)):
        raise BadInput(f"{access.user or 'this user'} may not correct '{wanted}'" + (
            f" or move it to {correction.organisation}" if correction.organisation else ""))
    named = {m["source_file"] for m in meetings}
    keys = [key for key in store.catalog.files() if Path(key).name in named | {name}]
    if not keys:
        raise BadInput(f"no indexed protocol is called '{wanted}' (see `paragraf meetings`)")
    source = Path(keys[0]).name
    kept = store.corrections.add(source, correction)
    for key in keys:
        forget(store, key)  # indexed again below, now with the correction
    return Corrected(source, kept, index_archive(settings, [Path(key) for key in keys], store))
