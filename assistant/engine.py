"""One open store per process: the embedder, Chroma client and BM25 index are loaded once
and shared by the command line, the UI and the eval harness."""

from __future__ import annotations

import threading

from assistant.settings import Settings
from index.store import Store

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings) -> Store:
    key = (str(settings.store.resolve()), settings.embedder, settings.chroma_url)
    with _lock:
        if key not in _stores:
            _stores[key] = Store(settings.store, settings.embedder, settings.chroma_url)
        return _stores[key]
