"""The store checks itself against its catalog, and an indexing run repairs what it can: vectors missing for some §
are embedded again (only those), vectors of unknown § removed, a missing BM25 index rebuilt; files left half-indexed
and uploads never indexed are reported by name. Opening a store to read from it changes nothing. A catalog SQLite
cannot read, or one lost beside its vectors, is refused with the recovery command, and a rebuild keeps the old store
until the new one is complete, and the records (corrections, users) in it. The checks and repairs run against both
backends (SQLite files; PostgreSQL with a Chroma server)."""

import shutil
from pathlib import Path

import pytest

from index.errors import CorruptStore
from index.store.health import check, heal, report_on_open
from index.pipeline import index_paths
from index.store.archive import Store
from index.store.uploads import keep



@pytest.fixture
def store(colliding: Path, tmp_path: Path, backend: dict) -> Store:
    """Four small invented protocols, indexed."""
    opened = Store(tmp_path / "store", **backend)
    index_paths(opened, [colliding])
    return opened


def test_a_store_just_indexed_is_healthy(store):
    health = check(store)
    assert health.problems() == [] and health.paragraphs == len(store.paragraphs)


def test_missing_vectors_are_reported_and_only_they_are_embedded_again(store, monkeypatch):
    lost = store.catalog.paragraph_ids(str((store.folder.parent / "colliding" / "a" / "protokoll.txt").resolve()))
    store.delete_vectors(lost)
    assert check(store).problems() == [f"vectors: {len(lost)} of {len(store.paragraphs)} § have no vectors (dense search misses them)",
                                       f"sentences: {len(lost)} of {len(store.paragraphs)} § have no sentence vectors"
                                       " (answers embed them per question, slowly)"]
    embedded = []
    real_add = store.add_vectors
    monkeypatch.setattr(store, "add_vectors", lambda paragraphs: (embedded.extend(p.id for p in paragraphs), real_add(paragraphs))[1])
    assert heal(store) == [f"re-embedded {len(lost)} § that had no vectors"]
    assert sorted(embedded) == sorted(lost) and check(store).problems() == []


def test_lost_sentence_vectors_are_reported_and_embedded_again_without_the_windows(store, monkeypatch):
    store.sentences.clear()
    assert check(store).problems() == [f"sentences: {len(store.paragraphs)} of {len(store.paragraphs)} § have no sentence vectors"
                                       " (answers embed them per question, slowly)"]
    monkeypatch.setattr(store, "add_vectors", lambda paragraphs: pytest.fail("the windows were embedded again"))
    assert heal(store) == [f"embedded the sentences of {len(store.paragraphs)} § that had no sentence vectors"]
    assert check(store).problems() == []


def sqlite_only(store: Store) -> None:
    if store.database_url:
        pytest.skip("a file of the embedded store")


def test_an_unreadable_sentence_file_is_started_afresh_and_healed(store):
    sqlite_only(store)
    folder = store.folder
    store.close()
    (folder / "sentences.sqlite").write_bytes(b"not a database" * 100)
    reopened = Store(folder)
    assert len(check(reopened).missing_sentences) == len(reopened.paragraphs)
    heal(reopened)
    assert check(reopened).problems() == []


def test_vectors_of_unknown_paragraphs_are_removed(store):
    stray = store.paragraphs[0]
    stray.id = "okand-2026-01-01-0000000000-p1"
    store.add_vectors([stray])
    assert check(store).stray_vectors == [stray.id]
    assert heal(store) == ["removed the vectors of 1 § the catalog does not hold"] and check(store).problems() == []


def test_a_bm25_index_built_with_other_tokens_is_rebuilt(store):
    store.catalog.db.run("UPDATE lexical SET tokens='older'")  # saved by an earlier version
    assert check(store).problems() == ["bm25: the BM25 index was built with other tokens than this version makes"]
    assert heal(store) == ["rebuilt the BM25 index (the BM25 index was built with other tokens than this version makes)"]
    assert check(store).problems() == []


def test_a_missing_bm25_index_is_rebuilt(store):
    store.shelf.clear()
    assert check(store).problems() == ["bm25: the BM25 index is missing"]
    assert heal(store) == ["rebuilt the BM25 index (the BM25 index is missing)"]
    assert check(store).problems() == []


def test_half_indexed_files_and_unindexed_uploads_are_reported_by_name(store, tmp_path):
    uploads = tmp_path / "store-uploads"
    source = tmp_path / "protokoll.pdf"
    source.write_bytes(b"%PDF-1.7 invented")
    keep(source, "protokoll.pdf", uploads)
    store.catalog.mark_pending("/arkiv/halvklar.txt", "halvklar.txt")
    (uploads / "abc").mkdir()
    (uploads / "abc" / ".styrelsen.docx.partial").write_bytes(b"PK")
    problems = check(store, uploads).problems()
    assert problems[0] == "catalog: indexing /arkiv/halvklar.txt was interrupted; the next `paragraf index` redoes it"
    assert problems[1].startswith("uploads: protokoll.pdf was uploaded but never indexed")
    assert problems[2] == "uploads: saving the upload styrelsen.docx was interrupted; upload it again"
    assert report_on_open(store, uploads) == problems
    assert (uploads / "abc" / ".styrelsen.docx.partial").exists()  # opening changes nothing
    index_paths(store, [], uploads=uploads)
    assert not (uploads / "abc" / ".styrelsen.docx.partial").exists()  # the next indexing run lets it go


@pytest.mark.parametrize("with_wal", [False, True])
def test_a_damaged_catalog_is_refused_with_the_recovery_command(store, with_wal):
    sqlite_only(store)
    folder = store.folder
    store.close()
    catalog = folder / "catalog.sqlite"
    if with_wal:
        shutil.copy(catalog, folder / "catalog.sqlite-wal")  # a WAL beside garbage must not make it look fine
    catalog.write_bytes(b"\x00garbage" * 4096)
    with pytest.raises(CorruptStore, match=r"paragraf index --rebuild") as error:
        Store(folder)
    assert str(folder) in str(error.value) and "\n" not in str(error.value)


def test_a_rebuild_starts_from_the_recorded_sources_and_keeps_the_records(store, tmp_path):
    """The records are typed in, not derived: a rebuild built beside the store copies them (index/store/rebuild.py)."""
    from index.store.accounts import Accounts
    from index.store.rebuild import rebuild_sources, replacing
    from index.store.records import open_records

    sqlite_only(store)
    folder = store.folder
    sources = rebuild_sources(folder, [])
    assert sorted(p.name for p in sources) == ["protokoll.txt", "protokoll.txt", "styrelsen-extra.txt", "styrelsen.txt"]
    (folder / "anteckning.txt").write_text("behålls")
    store.accounts.add("styrelseledamot", "ett långt lösenord")
    store.close()
    with replacing(folder) as new:
        assert sorted(p.name for p in new.iterdir()) == ["anteckning.txt", "records.sqlite"]
    assert sorted(p.name for p in folder.iterdir()) == ["anteckning.txt", "records.sqlite"]
    assert Accounts(open_records(folder, read_only=True)).any()


def test_lost_vectors_and_a_destroyed_catalog_are_repaired_through_the_cli(colliding, tmp_path):
    """Real processes, as a user meets it: `chroma/` deleted, then the catalog overwritten."""
    import subprocess

    from test_interrupt import ROOT, cli_env, paragraf_command

    folder = tmp_path / "store"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*paragraf_command(), *args, "--store", str(folder)], cwd=ROOT, capture_output=True,
                              text=True, timeout=300, env=cli_env())

    assert cli("index", str(colliding)).returncode == 0
    shutil.rmtree(folder / "chroma")
    checked = cli("check")
    assert checked.returncode == 1 and "problem: vectors: 8 of 8 § have no vectors" in checked.stderr, checked.stderr
    repaired = cli("index", str(colliding))
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert " repaired: re-embedded 8 § that had no vectors" in repaired.stdout.splitlines()
    assert "Summary: 0 indexed, 4 unchanged" in repaired.stdout
    assert cli("check").returncode == 0
    reopened = Store(folder)
    dense = reopened.query_vectors(reopened.embedder.get_query_embedding("cykelpool"), 3)
    cykelpool = {p.id for p in reopened.paragraphs if "cykelpool" in p.text}
    assert cykelpool & {pid for pid, _ in dense}  # dense search finds it again, not BM25 alone

    (folder / "catalog.sqlite").write_bytes(b"\x13 not a database " * 2000)
    broken = cli("search", "cykelpool")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr and len(broken.stderr.strip().splitlines()) == 1
    assert "paragraf index --rebuild" in broken.stderr
    rebuilt = cli("index", "--rebuild", str(colliding))
    assert rebuilt.returncode == 0 and "Summary: 4 indexed" in rebuilt.stdout, rebuilt.stdout + rebuilt.stderr
    assert cli("check").returncode == 0


def test_emptying_a_store_for_a_rebuild_keeps_the_records(store):
    from index.parse.corrections import Correction
    from index.store.health import clear

    store.corrections.add("protokoll.txt", Correction(date="2026-02-03"))
    store.accounts.add("styrelseledamot", "ett långt lösenord")
    clear(store)
    assert store.catalog.paragraph_ids() == [] and store.collection.count() == 0 and store.sentences.count() == 0
    assert store.shelf.saved() is None and check(store).problems() == []
    assert store.corrections.of("protokoll.txt") == Correction(date="2026-02-03") and store.accounts.any()


def test_a_new_empty_store_is_healthy_and_nothing_is_repaired(tmp_path):
    empty = Store(tmp_path / "new")
    assert check(empty).problems() == []
