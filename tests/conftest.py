"""Shared fixtures: the bundled corpus indexed once per test session into a temporary store.

Every test that needs an index uses `corpus_store`; nothing touches ./.paragraf or the network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's PARAGRAF_* environment or writes the default store."""
    import os

    for key in list(os.environ):
        if key.startswith("PARAGRAF_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PARAGRAF_STORE", str(tmp_path / "default-store"))


@pytest.fixture(scope="session")
def corpus_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.pipeline import index_paths
    from index.store import Store

    folder = tmp_path_factory.mktemp("corpus-store")
    report = index_paths(Store(folder), [CORPUS])
    assert report.count("indexed") == 5, report.outcomes
    return folder


@pytest.fixture(scope="session")
def corpus_store(corpus_store_path: Path):
    from index.store import Store

    return Store(corpus_store_path)
