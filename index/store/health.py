"""The store checks and heals itself: the catalog is the record, and the vectors and BM25 must hold
exactly its § ids. What is missing is rebuilt from the catalog (only the missing § are embedded again),
what is extra is removed, each repair with a log line. Files a killed run left half-done and uploads
never indexed are reported here and resumed by the next indexing run (index/pipeline.py).

Only an indexing run repairs (`heal`, with the index lock held). Opening a store to read from it reports what a
check finds and changes nothing (`report_on_open`); `paragraf check` reports every problem. A catalog SQLite
cannot read, or one lost beside its vectors (in PostgreSQL too), is never patched: opening the store refuses it
(index/store/opening.py) and `paragraf index --rebuild` builds the store again (index/store/rebuild.py; a catalog in
PostgreSQL is emptied and built again in one transaction, `clear`). The records (corrections, users) are not
derived from the sources, and a rebuild keeps them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from index.store.lexical import LexicalShelf
from index.store.migrations import RECORDS, SENTENCES, pending
from index.store.archive import Store
from index.store.uploads import incomplete, original_name, unindexed

log = logging.getLogger(__name__)

LEXICAL_MIGRATION = "0005_lexical"  # before it BM25 was files beside the catalog (rebuilt by the upgrade's first run)
CHECKED = "checked"  # the catalog's note of the store's fingerprint at the last full check


@dataclass
class Health:
    """What a check found; `problems()` gives one line per problem, none when the store is healthy."""

    paragraphs: int
    missing_vectors: list[str] = field(default_factory=list)  # § of the catalog without vectors
    stray_vectors: list[str] = field(default_factory=list)  # vectors of § the catalog does not hold
    missing_sentences: list[str] = field(default_factory=list)  # § of the catalog without sentence vectors
    lexical: str = ""  # why BM25 does not match the catalog; empty when it does
    sentence_file: str = ""  # why sentences.sqlite cannot be read; empty when it can
    interrupted: list[str] = field(default_factory=list)  # files a killed run left half-written
    unindexed_uploads: list[Path] = field(default_factory=list)
    incomplete_uploads: list[Path] = field(default_factory=list)
    migrations: list[str] = field(default_factory=list)  # the migrations an older version's databases lack (index/store/migrations.py)

    def problems(self) -> list[str]:
        lines = [f"catalog: made by an older version (migrations pending: {', '.join(self.migrations)}); `paragraf index` "
                 "upgrades it in place (nothing is lost)"] if self.migrations else []
        if self.missing_vectors:
            lines.append(f"vectors: {len(self.missing_vectors)} of {self.paragraphs} § have no vectors (dense search misses them)")
        if self.stray_vectors:
            lines.append(f"vectors: {len(self.stray_vectors)} § with vectors are not in the catalog")
        if self.sentence_file:
            lines.append(f"sentences: {self.sentence_file}")
        elif self.missing_sentences:
            lines.append(f"sentences: {len(self.missing_sentences)} of {self.paragraphs} § have no sentence vectors"
                         " (answers embed them per question, slowly)")
        if self.lexical:
            lines.append(f"bm25: {self.lexical}")
        lines += [f"catalog: indexing {key} was interrupted; the next `paragraf index` redoes it" for key in self.interrupted]
        lines += [f"uploads: {p.name} was uploaded but never indexed ({p}); the next `paragraf index` indexes it"
                  for p in self.unindexed_uploads]
        lines += [f"uploads: saving the upload {original_name(p)} was interrupted; upload it again" for p in self.incomplete_uploads]
        return lines


def check(store: Store, uploads: Path | None = None) -> Health:
    """Compare the catalog's § ids with the ids in Chroma and in the saved BM25 index, without writing anything:
    tables an older version made are named with their pending migrations, and what they cannot tell yet (sentence
    vectors, BM25 in the catalog's database) is not compared until `paragraf index` upgrades them."""
    known = set(store.catalog.paragraph_ids())
    vectors = store.vector_ids()
    recorded = set(store.catalog.files())
    migrations = pending_migrations(store)
    sentences = set() if set(migrations) & {m.name for m in SENTENCES} else known - store.sentences.covered()
    lexical = "" if LEXICAL_MIGRATION in migrations else _lexical_problem(store.shelf, store.catalog.generation(), known)
    return Health(len(known), sorted(known - vectors), sorted(vectors - known), sorted(sentences), lexical,
                  store.sentences.problem, store.catalog.pending_files(), unindexed(uploads, recorded), incomplete(uploads),
                  migrations)


def pending_migrations(store: Store) -> list[str]:
    """The migrations the store's catalog, records and sentence vectors still need (index/store/migrations.py)."""
    return store.catalog.pending_migrations() + pending(store.records, RECORDS) + store.sentences.pending_migrations()


def _lexical_problem(shelf: LexicalShelf, generation: int, known: set[str]) -> str:
    saved = shelf.saved()
    if saved is None:  # an empty catalog needs no BM25 index yet (a new store)
        return "the BM25 index is missing" if known else ""
    if not saved.same_tokens:
        return "the BM25 index was built with other tokens than this version makes"
    if set(saved.ids) != known:
        return f"the BM25 index holds {len(saved.ids)} §, not the catalog's {len(known)}"
    if saved.generation != generation:
        return f"the BM25 index is of catalog generation {saved.generation}, not {generation}"
    return ""  # (it is written in one statement, so a kill never leaves half of it)


def _fingerprint(store: Store) -> str:
    """Catalog generation, numbers of vectors and of § with sentence vectors, and BM25's generation: cheap to
    read, and any loss changes it."""
    generation = store.catalog.generation()
    return (f"{generation}:{store.collection.count()}:{store.sentences.count()}:"
            f"{store.shelf.saved_generation()}")


def heal(store: Store) -> list[str]:
    """Repair the vectors and BM25 from the catalog; returns (and logs) one line per repair.
    The caller holds the index lock. Skipped when nothing changed since the last full check: listing
    every vector id costs about a second at 50 000 § (`paragraf check` always compares ids)."""
    if store.catalog.noted(CHECKED) == _fingerprint(store):
        return []
    health = check(store)
    done = []
    if health.stray_vectors:
        store.delete_vectors(health.stray_vectors)
        done.append(f"removed the vectors of {len(health.stray_vectors)} § the catalog does not hold")
    windowless = set(health.missing_vectors)
    sentenceless = set(health.missing_sentences) - windowless  # re-embedding a § below brings its sentences too
    if windowless or sentenceless:
        paragraphs = store.catalog.paragraphs()
        if windowless:
            store.add_vectors([p for p in paragraphs if p.id in windowless])
            done.append(f"re-embedded {len(windowless)} § that had no vectors")
        if sentenceless:
            store.add_sentences([p for p in paragraphs if p.id in sentenceless])
            done.append(f"embedded the sentences of {len(sentenceless)} § that had no sentence vectors")
    if done:
        store.catalog.touch()  # a running server reopens its vectors when the generation moves
    if health.lexical:
        done.append(f"rebuilt the BM25 index ({health.lexical})")
    if health.lexical or done:
        lexical = store.lexical  # brought up to the catalog's generation, rebuilt if it has to be
        with store.lock("bm25"):
            store.shelf.save(lexical, store.catalog.generation())
    for line in done:
        log.warning("store %s: %s", store.where, line)
    store.catalog.note(CHECKED, _fingerprint(store))
    return done


def report_on_open(store: Store, uploads: Path | None) -> list[str]:
    """On opening a store to read from it: the problems a check finds, each logged as a warning with what repairs
    it; nothing is changed. The ids are compared only when the store is not as the last indexing run left it."""
    if store.catalog.noted(CHECKED) == _fingerprint(store) and not store.sentences.problem:
        health = Health(0, interrupted=store.catalog.pending_files(),
                        unindexed_uploads=unindexed(uploads, set(store.catalog.files())), incomplete_uploads=incomplete(uploads),
                        migrations=pending_migrations(store))
    else:
        health = check(store, uploads)
    problems = health.problems()
    for line in problems:
        log.warning("store %s: %s", store.where, line)
    if problems:
        log.warning("store %s: `paragraf index` repairs the vectors and BM25 and resumes interrupted files", store.where)
    return problems


def clear(store: Store) -> None:
    """Empty the catalog, the window vectors and BM25 of an open store in PostgreSQL and a Chroma server, for a
    rebuild that commits the new generation in the same transaction (assistant/engine.py); the records stay."""
    store.clear_vectors()
    store.shelf.clear()
    store.catalog.clear()
    log.warning("store %s: catalog, vectors and BM25 emptied for a rebuild", store.where)
