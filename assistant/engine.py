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
from index.errors import BadInput
from index.store.health import heal_on_open
from index.pipeline import IndexReport, forget, index_paths
from index.read.progress import ReadProgress
from index.store.archive import Store

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings, heal: bool = True, upgrade: bool = True) -> Store:
    """The store, opened once per process; on opening a catalog an older version made is upgraded in place (unless
    upgrade=False) and the store is checked and repaired (index/store/health.py), unless heal=False (`paragraf
    index` repairs as part of its run; `paragraf check` reports instead of either). A damaged catalog raises
    CorruptStore."""
    key = (str(settings.store.resolve()), settings.embedder, settings.chroma_url)
    with _lock:
        if key not in _stores:
            store = Store(settings.store, settings.embedder, settings.chroma_url, upgrade=upgrade)
            if heal:
                heal_on_open(store, settings.upload_dir)
            _stores[key] = store
        return _stores[key]


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
    return index_paths(store or open_store(settings), paths, progress=progress, max_file_mb=settings.max_file_mb,
                       seconds=settings.file_seconds, uploads=settings.upload_dir, limits=settings.read_limits,
                       on_file=on_file, on_read=on_read, cancelled=cancelled)


@dataclass
class Corrected:
    """A stored correction: the protocol's file name, the correction that now holds, and the re-indexing run."""

    source_file: str
    correction: Correction
    report: IndexReport


def correct_meeting(settings: Settings, wanted: str, correction: Correction) -> Corrected:
    """Store the secretary's correction of the protocol `wanted` names (its meeting id, file name or path) beside
    the catalog and index its file again, so the meetings, the search and the citations show it at once."""
    store = open_store(settings)
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
