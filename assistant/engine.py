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
from index.parse.corrections import Correction, Corrections
from index.errors import BadInput, ParagrafError
from index.models import slug
from index.store.health import report_on_open
from index.pipeline import IndexReport, forget, index_paths
from index.read.progress import ReadProgress
from index.store.archive import Store, exclusive
from index.store.rebuild import rebuild_sources, replacing

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings, writable: bool = False, report: bool = True) -> Store:
    """The store, opened once per process: read-only unless `writable` (indexing, corrections, removals, a server's
    uploads); a read-only one is opened again writable when asked. Opening never repairs or deletes anything; opened
    writable, a catalog an older version made is upgraded in place (index/store/migrations.py), read-only it is read
    as it is. With `report`, what a check finds is logged with what repairs it (index/store/health.py). A damaged or
    lost catalog raises CorruptStore."""
    key = _key(settings)
    with _lock:
        if key not in _stores or (writable and _stores[key].read_only):
            store = Store(settings.store, settings.embedder, settings.chroma_url, read_only=not writable)
            if report:
                report_on_open(store, settings.upload_dir)
            _stores[key] = store
        return _stores[key]


def _key(settings: Settings) -> tuple[str, str, str]:
    return str(settings.store.resolve()), settings.embedder, settings.chroma_url


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
                  cancelled: Callable[[], bool] | None = None) -> IndexReport:
    """An indexing run with the settings' limits (file size, reading time and text per file), resuming uploads
    a killed run left in the upload folder: the one run of `paragraf index`, `paragraf correct` and the UI.
    `store` defaults to the open store; `progress` shows a bar; `on_file(done, total, path)` hears of each file,
    `on_read` of each step of its reading; `cancelled()` stops the run (index/pipeline.py `index_paths`)."""
    return index_paths(store or open_store(settings, writable=True), paths, progress=progress, max_file_mb=settings.max_file_mb,
                       seconds=settings.file_seconds, uploads=settings.upload_dir, limits=settings.read_limits,
                       on_file=on_file, on_read=on_read, cancelled=cancelled)


def rebuild_archive(settings: Settings, paths: list[Path], progress: bool = False,
                    on_file: Callable[[int, int, Path], None] | None = None) -> IndexReport:
    """The whole store again from its sources (the files its catalog records, or `paths`) and the uploads, built
    beside the old store, which stays as it was until the new one is complete (index/store/rebuild.py). Refuses,
    changing nothing, when the sources cannot be read, and when none of them could be indexed."""
    folder = settings.store.resolve()
    sources = rebuild_sources(folder, paths)
    folder.mkdir(parents=True, exist_ok=True)
    with exclusive(folder / "index.lock"):
        forget_store(settings)
        collection = f"paragraf-{slug(settings.embedder)}"[:50] + "-rebuild" if settings.chroma_url else ""
        with replacing(folder) as new:
            store = Store(new, settings.embedder, settings.chroma_url, collection_name=collection)
            try:
                if collection:
                    store.clear_vectors()  # left by a rebuild a kill interrupted
                report = index_archive(settings, sources, store, progress, on_file)
                if sources and not report.count("indexed") and not report.count("duplicate"):
                    reasons = "; ".join(f"{Path(o.path).name}: {o.detail}" for o in report.refused[:3])
                    raise ParagrafError(f"the rebuild of {folder} indexed none of the {len(report.outcomes)} files it read "
                                        f"({reasons}); the store was left as it was")
                if collection:
                    store.take_collection_name(f"paragraf-{slug(settings.embedder)}"[:60])
            finally:
                store.close()
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # the embedded vectors' client of the new folder holds its old path
    return report


@dataclass
class Corrected:
    """A stored correction: the protocol's file name, the correction that now holds, and the re-indexing run."""

    source_file: str
    correction: Correction
    report: IndexReport


def correct_meeting(settings: Settings, wanted: str, correction: Correction) -> Corrected:
    """Store the secretary's correction of the protocol `wanted` names (its meeting id, file name or path) beside
    the catalog and index its file again, so the meetings, the search and the citations show it at once."""
    store = open_store(settings, writable=True)
    name = Path(wanted).name
    named = {m["source_file"] for m in store.catalog.meetings() if name in (m["id"], m["source_file"])}
    keys = [key for key in store.catalog.files() if Path(key).name in named | {name}]
    if not keys:
        raise BadInput(f"no indexed protocol is called '{wanted}' (see `paragraf meetings`)")
    source = Path(keys[0]).name
    kept = Corrections(store.folder).add(source, correction)
    for key in keys:
        forget(store, key)  # indexed again below, now with the correction
    return Corrected(source, kept, index_archive(settings, [Path(key) for key in keys], store))
