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
    monkeypatch.setattr(os, "nice", lambda increment: 0)  # an in-process `paragraf index` must not nice the test run


@pytest.fixture(scope="session")
def corpus_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.pipeline import index_paths
    from index.store.archive import Store

    folder = tmp_path_factory.mktemp("corpus-store")
    report = index_paths(Store(folder), [CORPUS])
    assert report.count("indexed") == 5, report.outcomes
    return folder


@pytest.fixture(scope="session")
def corpus_store(corpus_store_path: Path):
    from index.store.archive import Store

    return Store(corpus_store_path)


def invented(topic: str, header: str = "") -> str:
    """A small invented protocol about one topic word; without `header` it has no organisation or date."""
    return (f"{header}§ 1 Mötets öppnande\n\nOrdföranden öppnade mötet.\n\n"
            f"§ 2 Ärende om {topic}\n\nBeslut: Styrelsen beslutar att utreda {topic} vidare.\n")


SAME_MEETING = "PROTOKOLL\n\nSamordningsförbundet Provlän, styrelsen\n\nDatum: 2026-02-03\n\n"


@pytest.fixture
def colliding(tmp_path: Path) -> Path:
    """Four protocols whose old ids collided: two headerless files named protokoll.txt in different
    folders, two with the same organisation, organ and date."""
    folder = tmp_path / "colliding"
    for relative, text in (("a/protokoll.txt", invented("cykelpool")), ("b/protokoll.txt", invented("båtklubb")),
                           ("c/styrelsen.txt", invented("kaffebryggare", SAME_MEETING)),
                           ("d/styrelsen-extra.txt", invented("solpaneler", SAME_MEETING))):
        (folder / relative).parent.mkdir(parents=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder
