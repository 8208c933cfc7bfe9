"""The store's vectors: a § split into windows of whole sentences, each window the mean of its title's and
sentences' vectors, every sentence embedded once for the archive. One snapshot per request: a question reads
one committed generation of the store (the § table, BM25, the meetings list and the vectors of those §),
whatever is indexed while it runs. Each runs against both backends: the embedded SQLite files, and PostgreSQL with a
Chroma server (real servers, started once per test session: tests/conftest.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.ask import ask
from assistant.answer.retrieve import search
from index.models import Facts
from index.store.catalog import StoredParagraph
from index.parse.decisions import quotable
from index.pipeline import index_paths
from index.store.archive import Store
from index.store.windows import mean_vector, windows
from index.store.table import ParagraphTable
from tests.conftest import same_store

FIRST = """PROTOKOLL
fört vid sammanträde med styrelsen, Samordningsförbundet Norra Älvdalen
Datum: 2026-01-14

§ 1 Mötets öppnande
Ordföranden öppnar mötet.

§ 2 Bidrag till Vävstugan i Granby
Styrelsen behandlade en ansökan om 120 000 kronor till Vävstugan i Granby, en arbetsträning för unga vuxna.
Beslut: Styrelsen beslutar att bevilja Vävstugan i Granby 120 000 kronor för år 2026.

§ 3 Budget för kansliet
Förbundschefen redogör för kansliets budget.
Beslut: Styrelsen beslutar att fastställa kansliets budget.
"""
SECOND = """PROTOKOLL
fört vid sammanträde med arbetsutskottet, Samordningsförbundet Norra Älvdalen
Datum: 2026-02-11

§ 5 Mötets öppnande
Ordföranden öppnar mötet.

§ 6 Cykelverkstaden i Lidbo
Arbetsutskottet behandlade en ansökan om 80 000 kronor till Cykelverkstaden i Lidbo.
Beslut: Arbetsutskottet föreslår styrelsen att bevilja Cykelverkstaden i Lidbo 80 000 kronor.

§ 7 Uppföljning av insatserna
Förbundschefen redogör för uppföljningen av insatserna under hösten.
Beslut: Arbetsutskottet beslutar att lägga uppföljningen till handlingarna.
"""


@pytest.fixture
def store(tmp_path: Path, backend: dict) -> Store:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "styrelsen-2026-01-14.txt").write_text(FIRST, encoding="utf-8")
    opened = Store(tmp_path / "store", **backend)
    assert index_paths(opened, [archive]).count("indexed") == 1
    return opened


def paragraph(number: int, title: str, text: str) -> StoredParagraph:
    return StoredParagraph(id=f"m#{number}", organisation="Samordningsförbundet Norra Älvdalen", body="styrelsen",
                           date="2026-01-14", number=number, title=title, text=text, source_file="p.txt",
                           decisions=[], extract=Facts(), meeting_id="m", ordinal=0)


def test_a_long_paragraph_is_split_into_windows_of_whole_sentences_each_under_its_number_and_title():
    text = "\n".join(f"Deltagare {n} i Vävstugan har under våren gått vidare till studier eller arbete." for n in range(30))
    cut = windows(paragraph(4, "Uppföljning av Vävstugan", "Beslut:\n" + text), size=400)
    assert len(cut) > 1 and all(window.text.startswith("§ 4 Uppföljning av Vävstugan\n") for window in cut)
    assert [sentence for window in cut for sentence in window.pieces[1:]] == quotable(text)  # no label, none lost
    assert all(window.pieces[0] == "Uppföljning av Vävstugan" for window in cut)  # the title, without its number
    assert all(len(" ".join(window.pieces[1:])) <= 400 for window in cut)


def test_a_paragraph_with_a_title_only_is_one_window_of_its_title():
    assert [(w.text, w.pieces) for w in windows(paragraph(9, "Övriga frågor", ""))] == [("§ 9 Övriga frågor", ("Övriga frågor",))]


def test_a_window_s_vector_is_the_mean_of_its_title_s_and_its_sentences_vectors_by_length(store):
    view = store.snapshot()
    grant = next(p for p in view.paragraphs if p.title == "Bidrag till Vävstugan i Granby")
    [window] = windows(grant)
    stored = store.collection.get(ids=[f"{grant.id}#0"], include=["embeddings"])["embeddings"][0]
    assert list(stored) == pytest.approx(mean_vector(store.sentences.get(list(window.pieces)), list(map(len, window.pieces))), abs=1e-6)


def test_a_long_sentence_weighs_more_in_a_window_than_a_short_title():
    title, sentence = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    mean = mean_vector([title, sentence], [10, 90])
    assert mean[1] > mean[0] > 0 and np.linalg.norm(mean) == pytest.approx(1.0)


def test_a_sentence_or_title_the_archive_already_holds_is_not_embedded_again(store, tmp_path, monkeypatch):
    embedded: list[str] = []
    embed = store.embedder.get_text_embedding_batch
    monkeypatch.setattr(type(store.embedder), "get_text_embedding_batch",
                        lambda self, texts, **kw: (embedded.extend(texts), embed(texts))[1])
    index_in_another_thread(store, tmp_path / "more")
    assert "Ordföranden öppnar mötet." not in embedded and "Mötets öppnande" not in embedded  # both in the first protocol
    assert "Cykelverkstaden i Lidbo" in embedded and len(embedded) == len(set(embedded))


def index_in_another_thread(store: Store, folder: Path) -> None:
    """What a UI upload does beside the questions: index a file through the same Store, and commit."""
    folder.mkdir()
    (folder / "arbetsutskottet-2026-02-11.txt").write_text(SECOND, encoding="utf-8")
    worker = threading.Thread(target=lambda: index_paths(store, [folder]))
    worker.start()
    worker.join()


def commit_after_the_first_table_read(monkeypatch, store: Store, folder: Path) -> list[int]:
    """Index a second protocol the moment a question has read the § table and filtered it, before it reads
    BM25 (where `ValueError: operands could not be broadcast together` came from), once."""
    generations: list[int] = []
    rows = ParagraphTable.rows

    def rows_then_commit(table, *args, **kwargs):
        mask = rows(table, *args, **kwargs)
        if not generations:
            generations.append(store.catalog.generation())
            index_in_another_thread(store, folder)
            generations.append(store.catalog.generation())
        return mask

    monkeypatch.setattr(ParagraphTable, "rows", rows_then_commit)
    return generations


def test_a_commit_between_two_reads_of_one_question_leaves_the_question_on_its_generation(store, tmp_path, monkeypatch):
    generations = commit_after_the_first_table_read(monkeypatch, store, tmp_path / "upload")
    answer = ask(store, "Vad beslutade styrelsen om Vävstugan i Granby?")
    before, after = generations
    assert after > before  # the commit did land in the middle of the question
    assert not answer.abstained and [(c.date, c.paragraph) for c in answer.citations] == [("2026-01-14", 2)]
    monkeypatch.undo()
    assert store.snapshot().generation == after  # the next question sees the new protocol
    assert [(h.date, h.paragraph) for h in search(store, "Cykelverkstaden i Lidbo", k=1)] == [("2026-02-11", 6)]


def test_a_search_sees_neither_the_new_paragraphs_nor_their_vectors_of_a_later_generation(store, tmp_path, monkeypatch):
    commit_after_the_first_table_read(monkeypatch, store, tmp_path / "upload")
    hits = search(store, "Cykelverkstaden i Lidbo", k=10)
    assert hits and {h.date for h in hits} == {"2026-01-14"}


def test_a_snapshot_stays_what_it_was_after_later_commits(store, tmp_path):
    snapshot = store.snapshot()
    index_in_another_thread(store, tmp_path / "upload")
    assert [m["date"] for m in snapshot.meetings] == ["2026-01-14"]
    assert len(snapshot.paragraphs) == len(snapshot.lexical.ids) == 3
    embedding = snapshot.embedder.get_query_embedding("Cykelverkstaden i Lidbo")
    assert {key for key, _ in snapshot.query_vectors(embedding, 20, None)} <= set(snapshot.table.row)
    latest = store.snapshot()
    assert latest.generation > snapshot.generation and len(latest.paragraphs) == len(latest.lexical.ids) == 6
    assert any(latest.table.paragraphs[latest.table.row[key]].date == "2026-02-11"
               for key, _ in latest.query_vectors(embedding, 20, None))


def test_a_snapshot_never_reads_an_indexer_s_uncommitted_transaction(store):
    generation = store.snapshot().generation
    taken: list = []
    with pytest.raises(InterruptedError), store.catalog.db.transaction() as db:
        db.run("DELETE FROM paragraphs")  # an in-process indexer half-way through replacing a file ...
        store.catalog.touch()
        reader = threading.Thread(target=lambda: taken.append(store.snapshot()))
        reader.start()
        reader.join()
        raise InterruptedError  # ... and killed: nothing of it is committed
    assert taken[0].generation == generation and len(taken[0].paragraphs) == 3
    assert len(store.refresh().paragraphs) == 3


def test_readers_keep_the_current_generation_while_another_thread_builds_the_next(store, tmp_path):
    current = store.snapshot()
    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / "arbetsutskottet-2026-02-11.txt").write_text(SECOND, encoding="utf-8")
    index_paths(same_store(store), [upload])  # another process commits a new generation ...
    store.shelf.clear()  # ... and is still indexing: its BM25 is not saved yet
    with store._lock:  # as held by the thread that is building it in this process
        assert store.snapshot() is current
    assert store.refresh().generation > current.generation


def test_a_finished_index_run_is_seen_even_while_another_thread_builds_an_earlier_generation(store, tmp_path):
    """The first question after an upload finished must see it (the replicas' test asked once and got the
    previous generation from a reader whose background thread was still building)."""
    current = store.snapshot()
    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / "arbetsutskottet-2026-02-11.txt").write_text(SECOND, encoding="utf-8")
    index_paths(same_store(store), [upload])  # another process commits and saves its BM25: the run is over
    taken: list = []
    with store._lock:  # a background thread of this process is building meanwhile
        reader = threading.Thread(target=lambda: taken.append(store.snapshot()))
        reader.start()
        reader.join(timeout=0.5)
        assert reader.is_alive()  # the question waits for the build ...
    reader.join(timeout=30)
    assert taken[0].generation > current.generation and len(taken[0].lexical.ids) == 6  # ... and reads the finished run


def test_a_question_during_another_process_s_index_run_does_not_wait_for_its_bm25(store, tmp_path):
    current = store.snapshot()
    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / "arbetsutskottet-2026-02-11.txt").write_text(SECOND, encoding="utf-8")
    index_paths(same_store(store), [upload])  # another process commits ...
    store.shelf.clear()  # ... and is still going: it has not saved BM25 for it yet
    assert store.snapshot() is current  # answered at once from the generation it has
    store._follower.join()  # which a background thread has meanwhile brought up to the commit
    assert store.snapshot().generation > current.generation and len(store.snapshot().lexical.ids) == 6



@pytest.fixture
def two_meetings(store: Store, tmp_path: Path):
    more = tmp_path / "more"
    more.mkdir()
    (more / "au-2026-02-11.txt").write_text(SECOND, encoding="utf-8")
    index_paths(store, [more])
    view = store.snapshot()
    embedding = view.embedder.get_query_embedding("Cykelverkstaden i Lidbo")
    ranked = sorted(view.query_vectors(embedding, 100), key=lambda found: -found[1])
    return view, embedding, ranked


def test_a_vector_query_filtered_to_a_few_paragraphs_finds_them_all_with_their_similarities(two_meetings):
    view, embedding, ranked = two_meetings
    mask = view.table.rows(date_from="2026-02-01")  # the second meeting's three §
    inside = {view.paragraphs[i].id for i in mask.nonzero()[0]}
    found = dict(view.query_vectors(embedding, 100, mask))
    assert set(found) == inside and found == pytest.approx({key: score for key, score in ranked if key in inside})


def test_a_vector_query_filtered_to_most_paragraphs_finds_the_best_of_them(two_meetings):
    view, embedding, ranked = two_meetings
    mask = view.table.rows()
    mask[view.table.row[ranked[0][0]]] = False  # all but the best §
    found = view.query_vectors(embedding, 2, mask)
    assert [key for key, _ in found] == [key for key, _ in ranked[1:3]]
    assert [score for _, score in found] == pytest.approx([score for _, score in ranked[1:3]])


def test_a_paragraph_the_vector_index_leaves_out_is_still_ranked_by_its_exact_similarity(two_meetings, monkeypatch):
    """A Chroma server's index is approximate: on the replicas' first question after an upload it left out the new §'s
    window though asked for every window, and the § BM25 ranked first lost the fused ranking to an unrelated one."""
    view, embedding, ranked = two_meetings
    store, (best, score) = view.store, ranked[0]
    query = store.query_vectors
    monkeypatch.setattr(store, "copy", None)  # the vector index is queried (a server's, or here the embedded one)
    monkeypatch.setattr(store, "query_vectors", lambda *args: [found for found in query(*args) if found[0] != best])
    assert best not in dict(view.query_vectors(embedding, 3))  # what the index returns
    hit = search(view, "Cykelverkstaden i Lidbo", 1)[0]
    assert hit.id == best and hit.dense == pytest.approx(score, abs=1e-4)
    found = view.query_vectors(embedding, 3, None, [best, ranked[-1][0]])
    assert found[0][0] == best and found[0][1] == pytest.approx(score, abs=1e-4) and len(found) == 3
    assert ranked[-1][0] not in dict(found)  # a candidate farther than the n found stays out, as exactly searched


def test_a_snapshot_restricted_to_some_organisations_holds_nothing_else(store, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "au.txt").write_text(SECOND.replace("Norra Älvdalen", "Södra Älvdalen"), encoding="utf-8")
    index_paths(store, [other])
    whole = store.snapshot()
    mine = whole.within(frozenset({"Samordningsförbundet Norra Älvdalen", "ett förbund utan protokoll"}))
    assert {p.organisation for p in mine.paragraphs} == {"Samordningsförbundet Norra Älvdalen"} and len(mine.paragraphs) == 3
    assert [m["organisation"] for m in mine.meetings] == ["Samordningsförbundet Norra Älvdalen"]
    assert mine.lexical.ids == [p.id for p in mine.paragraphs]
    everywhere = dict(zip(whole.lexical.ids, whole.lexical.scores("Cykelverkstaden i Lidbo ordföranden")))
    assert list(mine.lexical.scores("Cykelverkstaden i Lidbo ordföranden")) == [everywhere[key] for key in mine.lexical.ids]
    assert whole.lexical.document_frequency("lidbo") == 1 and mine.lexical.document_frequency("lidbo") == 0
    embedding = whole.embedder.get_query_embedding("Cykelverkstaden i Lidbo")
    assert {key for key, _ in mine.query_vectors(embedding, 10)} == set(mine.table.row)  # the other's § never come up
    assert whole.within(None) is whole and whole.within(frozenset({"Samordningsförbundet Norra Älvdalen"})) is not whole
