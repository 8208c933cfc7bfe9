"""Chroma as a server: a real `chroma run` on a free loopback port gives the same answers
as the embedded store. Bounded in time: the server must answer its heartbeat within
60 s, and it is stopped at teardown whatever happens."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from assistant.answer.retrieve import search
from index.pipeline import index_paths
from index.store.archive import Store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CHROMA = Path(sys.executable).with_name("chroma")
QUERIES = {
    "dataskyddsombud": ("kalmar-arbetsutskottet-2025-12-05.txt", 17),
    "ESF-medel": ("sormland-rar-arbetsutskottet-2026-03-04.txt", 22),
}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMA.exists(), reason="chroma CLI not installed")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Store:
    store = Store(tmp_path_factory.mktemp("embedded-store"))
    index_paths(store, [corpus])
    return store


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, corpus: Path, chroma_url: str) -> Store:
    store = Store(tmp_path_factory.mktemp("served-store"), chroma_url=chroma_url)
    store._batch = 7  # force several upserts per file: the path a server's batch limit takes
    index_paths(store, [corpus])
    return store


def test_vectors_live_in_the_server(served: Store, embedded: Store, chroma_url: str) -> None:
    import chromadb

    port = int(chroma_url.rsplit(":", 1)[1])
    other = chromadb.HttpClient(host="127.0.0.1", port=port)  # a second client sees what the store wrote
    assert other.get_collection(served.collection.name).count() == embedded.collection.count() > 0
    assert not (served.folder / "chroma").exists()  # nothing embedded beside the catalog


@pytest.mark.parametrize("query,expected", QUERIES.items())
def test_search_finds_the_same_paragraph(served: Store, embedded: Store, query: str, expected: str) -> None:
    top_served = search(served, query, 5)
    top_embedded = search(embedded, query, 5)
    assert (top_served[0].source_file, top_served[0].paragraph) == expected
    assert [h.id for h in top_served] == [h.id for h in top_embedded]


def test_reindex_of_an_unchanged_archive_touches_nothing(served: Store, corpus: Path) -> None:
    before = served.collection.count()
    report = index_paths(Store(served.folder, chroma_url=served.chroma_url), [corpus])
    assert report.count("unchanged") == len(list(corpus.glob("*.txt")))
    assert served.collection.count() == before


def test_ask_cites_the_same_paragraph(served: Store, embedded: Store) -> None:
    answer_module = pytest.importorskip("assistant.ask")
    question = "Vem är dataskyddsombud i Kalmar?"
    from_server = answer_module.ask(served, question)
    from_embedded = answer_module.ask(embedded, question)
    assert [c.id for c in from_server.citations] == [c.id for c in from_embedded.citations]
    assert from_server.answer == from_embedded.answer
