"""One open store per process: the embedder, Chroma client and BM25 index are loaded once
and shared by the command line, the UI and the eval harness."""

from __future__ import annotations

import threading
from functools import lru_cache

from assistant.settings import Settings
from index.health import heal_on_open
from index.store import Store

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings, heal: bool = True) -> Store:
    """The store, opened once per process; on opening it is checked and repaired (index/health.py), unless
    heal=False (`paragraf check` reports instead). A damaged catalog raises CorruptStore."""
    key = (str(settings.store.resolve()), settings.embedder, settings.chroma_url)
    with _lock:
        if key not in _stores:
            store = Store(settings.store, settings.embedder, settings.chroma_url)
            if heal:
                heal_on_open(store, settings.upload_dir)
            _stores[key] = store
        return _stores[key]


def open_llm(settings: Settings):
    """The configured language model, built once per process; None when PARAGRAF_LLM=none."""
    return _llm(settings.llm, settings.llm_model, settings.llm_base_url, settings.llm_api_key)


@lru_cache(maxsize=2)
def _llm(name: str, model: str, base_url: str, api_key: str):
    from assistant.llm import make_llm

    return make_llm(Settings.load(llm=name, llm_model=model, llm_base_url=base_url, llm_api_key=api_key))
