"""What a request reads: one committed generation of the store at a time (`Snapshot`), and how a store keeps up with
the generations another process commits while it indexes (`Generations`, part of `Store`).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from index.store.catalog import StoredParagraph
from index.store.lexical import LexicalIndex
from index.store.sentence_vectors import SentenceVectors
from index.store.table import ParagraphTable
from index.store.windows import best_window_similarities

log = logging.getLogger(__name__)

# A server following another process's index run rebuilds its BM25 for the new generation in the
# background, then rests this many times as the rebuild took: at most a fifth of one core.
FOLLOW_PAUSE = 4.0


@dataclass(frozen=True)
class Snapshot:
    """One committed generation of the store, as a request reads it: the § table, BM25 and the
    meetings list all from the same catalog commit, whatever is committed meanwhile. Vectors live
    in Chroma, which has no generations: a vector query keeps only the § of this generation."""

    generation: int
    table: ParagraphTable
    lexical: LexicalIndex
    meetings: list[dict]
    store: Any = field(repr=False)  # the Store it was read from (index/store/archive.py, which imports this module)
    # A snapshot restricted to some organisations (`within`) is part of a whole one: `rows` are its § there.
    base: "Snapshot | None" = field(default=None, repr=False)
    rows: np.ndarray | None = field(default=None, repr=False)

    @property
    def paragraphs(self) -> list[StoredParagraph]:
        return self.table.paragraphs

    @property
    def embedder(self):
        return self.store.embedder

    @property
    def embedder_name(self) -> str:
        return self.store.embedder_name

    @property
    def folder(self) -> Path:
        return self.store.folder

    @property
    def collection(self):
        return self.store.collection

    @property
    def sentences(self) -> SentenceVectors:
        return self.store.sentences

    def query_vectors(self, embedding: list[float], n: int, mask: np.ndarray | None = None,
                      candidates: Iterable[str] = ()) -> list[tuple[str, float]]:
        """(§ id, cosine similarity) for the nearest windows whose § belong to this generation and lie
        inside `mask` (over `paragraphs`; None: all of them), best first.

        With the embedded Chroma the process's copy of the window vectors answers, exactly (index/store/window_copy.py).
        A Chroma server is queried, and a filter applied whichever way reads fewer windows: naming the allowed
        § windows when they are few, or asking for enough more windows than `n` to expect `n` allowed ones and
        keeping those when they are many. (Chroma's own metadata filter cost 35-70 ms a question at
        10 000 §, ten times an unfiltered query.) The server's index is approximate: it can leave out a live window,
        even when asked for all of them (chromadb 1.5.9 did, for the window of a § committed seconds earlier), so each
        of the `candidates` (§ the lexical search found) it left out is scored exactly (`best_window_similarities`)
        and kept where that puts it among the n. A restricted snapshot asks its whole one, the mask narrowed to its
        own §: no other § can be among the nearest."""
        if self.base is not None and self.rows is not None:
            inside = np.zeros(len(self.base.paragraphs), dtype=bool)
            inside[self.rows if mask is None else self.rows[mask]] = True
            return self.base.query_vectors(embedding, n, inside, candidates)
        row = self.table.row
        if self.store.copy is not None:
            self.store.copy.update(self.store.collection, self.generation, (p.id for p in self.paragraphs))
            return self.store.copy.nearest(embedding, n, row, mask)
        found = self._query_server(embedding, n, mask)
        return self._with_left_out(found, embedding, n, mask, candidates)

    def _query_server(self, embedding: list[float], n: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        row = self.table.row
        if mask is None or mask.all():
            return [(key, score) for key, score in self.store.query_vectors(embedding, n, self.windows) if key in row]
        allowed = np.flatnonzero(mask)
        share = len(allowed) / len(mask)
        wide = math.ceil(n / share)
        if wide < share * self.windows:
            found = self.store.query_vectors(embedding, wide, self.windows)
            return [(key, score) for key, score in found if key in row and mask[row[key]]][:n]
        named = self.store.windows_of([self.paragraphs[i].id for i in allowed], self.generation)
        return self.store.query_vectors(embedding, n, len(named), named) if named else []

    def _with_left_out(self, found: list[tuple[str, float]], embedding: list[float], n: int, mask: np.ndarray | None,
                       candidates: Iterable[str]) -> list[tuple[str, float]]:
        """`found` with the candidates (inside the mask) an approximate index left out and that an exact search would
        have returned: any when it returned fewer than n, else those nearer than its n-th."""
        row, seen = self.table.row, {key for key, _ in found}
        left_out = [key for key in dict.fromkeys(candidates)
                    if key in row and key not in seen and (mask is None or mask[row[key]])]
        if not left_out:
            return found
        floor = min((score for _, score in found), default=-math.inf) if len(found) >= n else -math.inf
        exact = best_window_similarities([self.paragraphs[row[key]] for key in left_out], self.store.sentences.get,
                                         embedding)
        kept = [(key, score) for key, score in exact.items() if score > floor]
        if not kept:
            return found
        log.info("the vector index left out %d of the § searched for (%s …); scored exactly", len(kept), kept[0][0])
        return sorted(found + kept, key=lambda item: -item[1])[:n]

    @cached_property
    def windows(self) -> int:
        """The number of window vectors, counted once per snapshot (a cap on what a query asks for)."""
        return self.store.collection.count()

    def snapshot(self) -> "Snapshot":
        """Itself: code that takes a Store or a Snapshot calls `.snapshot()` once and reads from that."""
        return self

    def within(self, organisations: frozenset[str] | None) -> "Snapshot":
        """This generation as a reader restricted to these organisations sees it (None: all): § table, BM25, meetings
        and vectors hold nothing else, so nothing else can be searched, cited, briefed or listed."""
        if organisations is None:
            return self
        whole = self.base or self
        return self.store.restricted(whole, frozenset(organisations) & self._organisations())

    def _organisations(self) -> frozenset[str]:
        return frozenset(self.table.organisations)


class Generations:
    """The part of `Store` that hands out generations: the latest committed one as a `Snapshot`, built in the
    background while another process indexes, and seen restricted to some organisations. What it reads of the store
    is declared here; Store (index/store/archive.py) defines it."""

    follow: bool
    catalog: Any
    shelf: Any
    _reader: Any
    _snapshot: Snapshot | None
    _lock: threading.Lock
    _follow_lock: threading.Lock
    _follower: threading.Thread | None
    _follow_after: float
    _restricted: dict[tuple[int, frozenset[str]], Snapshot]
    lock: Callable[..., Any]  # one process at a time across the machines sharing the store
    _reopen_vectors: Callable[[], None]  # a new vector client, to see what another process wrote

    def snapshot(self) -> Snapshot:
        """The latest committed generation as one immutable Snapshot. A request takes one and reads
        only from it, so a commit in the middle of a question cannot mix two generations.

        A finished index run is seen at once, even while another thread of this process is still building an
        earlier generation: the caller waits for that build (at most one BM25 rebuild), then loads the saved one.
        While another process is still indexing (its BM25 not saved yet), a caller that already has one gets the
        current one instead of waiting (a BM25 rebuild of a large archive takes seconds); the newer one follows
        within one rebuild."""
        current = self._snapshot
        if current is None:
            return self.refresh()
        generation = self._reader.generation()
        if generation == current.generation:
            return current
        if self.shelf.saved_generation() == generation:
            return self.refresh()  # an index run has finished and saved its BM25: loading it is quick
        if self._lock.locked():
            return current  # another thread is building it
        if self.follow:
            self._follow()  # an index run is going on: catch up in the background, answer from the current one
        return current

    def _follow(self) -> None:
        """Build the latest generation in a background thread (one at a time: commits made meanwhile are
        caught up by the next one), so no question waits for a BM25 rebuild of the whole archive. Each
        rebuild is followed by a pause of FOLLOW_PAUSE times its length, so following an index run never
        takes more than a share of the machine from the questions."""
        with self._follow_lock:
            if (self._follower is None or not self._follower.is_alive()) and time.monotonic() >= self._follow_after:
                self._follower = threading.Thread(target=self._catch_up, name="paragraf-follow", daemon=True)
                self._follower.start()

    def _catch_up(self) -> None:
        began = time.monotonic()
        self.refresh()
        self._follow_after = time.monotonic() + FOLLOW_PAUSE * (time.monotonic() - began)

    def refresh(self, save: bool = False) -> Snapshot:
        """Wait for the latest committed generation (after indexing, it must be the new one). A BM25 index built for
        it is saved only when `save` (an indexing run): reading never writes to the store."""
        with self._lock:
            self._snapshot = self._read_generation(save)
        return self._snapshot

    def _read_generation(self, save: bool) -> Snapshot:
        """The catalog as of one committed generation, read in one transaction on a connection of
        its own (an in-process indexer's open transaction on `catalog` stays invisible), with the
        BM25 index built from exactly that generation."""
        with self._reader.db.reading():
            generation = self._reader.generation()
            if self._snapshot is not None and self._snapshot.generation == generation:
                return self._snapshot
            paragraphs, meetings = self._reader.paragraphs(), self._reader.meetings()
        if self._snapshot is not None:
            self._reopen_vectors()
        with self.lock("bm25") if save else nullcontext(True):  # a server and an indexer may rebuild at once
            try:
                lexical = self.shelf.load(generation)
            except Exception as exc:  # written by another version
                log.warning("BM25 index unreadable (%s); rebuilding it", exc)
                lexical = None
            if lexical is None or lexical.ids != [p.id for p in paragraphs]:
                lexical = LexicalIndex.build([p.id for p in paragraphs], [p.document() for p in paragraphs])
                if save:  # reading, it is built in memory only
                    self.shelf.save(lexical, generation)
        self._restricted.clear()
        return Snapshot(generation, ParagraphTable.of(paragraphs), lexical, meetings, self)

    def restricted(self, whole: Snapshot, organisations: frozenset[str]) -> Snapshot:
        """`whole` seen by a reader of these organisations only (Snapshot.within), made once per generation."""
        key = (whole.generation, organisations)
        found = self._restricted.get(key)
        if found is None:
            codes = [i for i, name in enumerate(whole.table.organisations) if name in organisations]
            rows = np.flatnonzero(np.isin(whole.table.org_codes, codes))
            found = Snapshot(whole.generation, ParagraphTable.of([whole.paragraphs[i] for i in rows]), whole.lexical.within(rows),
                             [m for m in whole.meetings if m["organisation"] in organisations], self, whole, rows)
            self._restricted[key] = found
        return found

    def sync_lexical(self) -> None:
        """After indexing: bring the BM25 index on disk up to the catalog. Loads nothing when it already
        is (re-indexing an unchanged archive of 50 000 § took 2.4 s, most of it reading every § back)."""
        if self.shelf.saved_generation() != self.catalog.generation():
            self.refresh(save=True)

    # One read of the latest generation each; a request that reads more than one takes a snapshot().
    @property
    def table(self) -> ParagraphTable:
        return self.snapshot().table

    @property
    def paragraphs(self) -> list[StoredParagraph]:
        return self.snapshot().paragraphs

    @property
    def meetings(self) -> list[dict]:
        return self.snapshot().meetings

    @property
    def lexical(self) -> LexicalIndex:
        return self.snapshot().lexical
