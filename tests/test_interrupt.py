"""A killed `paragraf index` (a real SIGKILL of a real process) leaves a store that the next run
completes: every file indexed exactly once, no § missing or twice, and the catalog, the vectors
and BM25 holding the same § ids.

One store, one archive of generated protocols; the run is killed at four moments (while the
first file is being embedded, after the first file, half-way, and when every file is recorded
but BM25 is being rebuilt), each time resuming from where the previous run was killed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.models import K_ID

ROOT = Path(__file__).resolve().parent.parent
FILES = 30
WAIT_SECONDS = 150  # for one kill moment to come, on a busy machine
RUN_SECONDS = 300
TOWNS = ("Arvika", "Boden", "Eksjö", "Falun", "Gislaved", "Hudiksvall", "Jokkmokk", "Kiruna", "Luleå", "Mora",
         "Nora", "Orsa", "Piteå", "Ronneby", "Sala", "Tranås", "Umeå", "Vimmerby", "Ystad", "Åmål")
PROJECTS = ("cykelverkstad", "snickeri", "trädgårdsprojekt", "second hand-butik", "kafé", "bageri", "tvätteri",
            "fiskodling", "bokbinderi", "sömnadsateljé", "väveri", "keramikverkstad", "biodling", "verkstadsskola", "musikstudio")


def protocol(i: int) -> tuple[str, int]:
    """A small valid protocol with content no other one has; returns its text and § count."""
    town, project = TOWNS[i % len(TOWNS)], PROJECTS[i % len(PROJECTS)]
    code = f"Insats{i:02d}x"  # one word only this protocol contains
    paragraphs = [
        ("Mötets öppnande", "Ordföranden förklarade mötet öppnat."),
        (f"Ansökan {code} om {project} i {town}",
         f"Styrelsen behandlade ansökan {code} om ett {project} i {town} för deltagare långt från arbetsmarknaden. "
         f"Sökt belopp är {100 + i * 7} 000 kronor under två år.\n\nBeslut: Styrelsen beslutar att bevilja ansökan {code}."),
        ("Ekonomisk rapport", f"Förbundschefen redovisade utfallet till och med månad {i % 12 + 1}; prognosen visar ett litet överskott."),
    ] + [("Övriga frågor", "Inga övriga frågor anmäldes.")] * (i % 2)
    body = "\n\n".join(f"§ {n} {title}\n\n{text}" for n, (title, text) in enumerate(paragraphs, start=1))
    day = f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}"
    header = f"PROTOKOLL\n\nfört vid sammanträde med styrelsen, Samordningsförbundet Provlän {i:02d}\n\nDatum: {day}\n\n"
    return header + body + "\n", len(paragraphs)


def paragraf_command() -> list[str]:
    script = Path(sys.executable).parent / "paragraf"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli"]


def cli_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("PARAGRAF_")}


def start_index(archive: Path, store: Path, log: Path, env: dict | None = None) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen([*paragraf_command(), "index", str(archive), "--store", str(store)], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT, env=env or cli_env())


def catalog_status(store: Path) -> tuple[int, int]:
    """(files recorded as done, files pending) as another process sees them; (0, 0) before the catalog exists."""
    path = store / "catalog.sqlite"
    if not path.exists():
        return 0, 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            rows = dict(db.execute("SELECT status, COUNT(*) FROM files GROUP BY status").fetchall())
    except sqlite3.OperationalError:  # the table is not created yet, or the writer holds a lock
        return 0, 0
    return rows.get("done", 0), rows.get("pending", 0)


def kill_when(proc: subprocess.Popen, store: Path, ready, log: Path, status=catalog_status) -> tuple[int, int]:
    """SIGKILL the indexer as ready(done, pending) holds (`status(store)`); returns the state it was killed in."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        state = status(store)
        if ready(*state):
            break
        assert proc.poll() is None, f"indexing ended before the kill moment {state}:\n{log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, f"kill moment not reached in {WAIT_SECONDS} s: {state}"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL or proc.returncode == 0  # 0: it finished just before the signal
    return state


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    folder = tmp_path / "archive"
    folder.mkdir()
    counts = {}
    for i in range(FILES):
        text, count = protocol(i)
        (folder / f"protokoll-{i:02d}.txt").write_text(text, encoding="utf-8")
        counts[f"protokoll-{i:02d}.txt"] = count
    return folder, counts


def test_killed_indexing_is_completed_by_the_next_run(archive, tmp_path):
    folder, counts = archive
    store = tmp_path / "store"
    moments = [
        ("while the first file is embedded", lambda done, pending: pending >= 1 and done == 0),
        ("after the first file", lambda done, pending: done >= 1),
        ("half-way", lambda done, pending: done >= FILES // 2),
        ("with every file recorded, during BM25", lambda done, pending: done == FILES),
    ]
    seen = []
    for n, (name, ready) in enumerate(moments):
        proc = start_index(folder, store, tmp_path / f"killed-{n}.log")
        seen.append((name, kill_when(proc, store, ready, tmp_path / f"killed-{n}.log")))

    started = time.monotonic()
    done = subprocess.run([*paragraf_command(), "index", str(folder), "--store", str(store)], cwd=ROOT,
                          capture_output=True, text=True, timeout=RUN_SECONDS, env=cli_env())
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    indexed, unchanged = (int(x) for x in summary.split()[1:4:2])
    assert indexed + unchanged == FILES and summary.endswith("0 duplicate, 0 removed, 0 refused"), (summary, seen)
    assert time.monotonic() - started < RUN_SECONDS

    assert_store_consistent(store, counts)
    search = subprocess.run([*paragraf_command(), "search", "Insats17x", "--store", str(store), "--json", "-k", "1"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=cli_env())
    hit = json.loads(search.stdout)["results"][0]
    assert (hit["source_file"], hit["paragraph"]) == ("protokoll-17.txt", 2), hit

    again = subprocess.run([*paragraf_command(), "index", str(folder), "--store", str(store)], cwd=ROOT,
                           capture_output=True, text=True, timeout=RUN_SECONDS, env=cli_env())
    assert again.stdout.strip().endswith(f"Summary: 0 indexed, {FILES} unchanged, 0 duplicate, 0 removed, 0 refused")


def test_a_file_killed_while_reindexed_and_then_replaced_leaves_nothing_behind(archive, tmp_path):
    """Killed while a changed file is re-indexed; before the next run the file becomes a copy of another.
    Its old § must not stay in the catalog (nor half its vectors in Chroma)."""
    folder, counts = archive
    for name in list(counts)[3:]:
        (folder / name).unlink()
        del counts[name]
    store = tmp_path / "store"
    first = subprocess.run([*paragraf_command(), "index", str(folder), "--store", str(store)], cwd=ROOT,
                           capture_output=True, text=True, timeout=RUN_SECONDS, env=cli_env())
    assert first.returncode == 0, first.stdout + first.stderr
    changed = folder / "protokoll-01.txt"
    changed.write_text(protocol(1)[0].replace("prognosen", "den nya prognosen") * 3, encoding="utf-8")
    proc = start_index(folder, store, tmp_path / "killed.log")
    kill_when(proc, store, lambda done, pending: pending >= 1, tmp_path / "killed.log")

    changed.write_bytes((folder / "protokoll-02.txt").read_bytes())
    done = subprocess.run([*paragraf_command(), "index", str(folder), "--store", str(store)], cwd=ROOT,
                          capture_output=True, text=True, timeout=RUN_SECONDS, env=cli_env())
    assert done.returncode == 0 and "duplicate: " in done.stdout, done.stdout + done.stderr
    del counts["protokoll-01.txt"]
    assert_store_consistent(store, counts)


def assert_store_consistent(store: Path, counts: dict[str, int]) -> None:
    """Every file once and done; catalog § ids == vector § ids == BM25 ids, each § with all its windows."""
    with sqlite3.connect(store / "catalog.sqlite") as db:
        files = db.execute("SELECT name, status FROM files").fetchall()
        paragraphs = db.execute("SELECT p.id, m.source_file FROM paragraphs p JOIN meetings m ON m.id = p.meeting_id").fetchall()
    assert sorted(files) == sorted((name, "done") for name in counts)
    per_file: dict[str, int] = {}
    for _, source in paragraphs:
        per_file[source] = per_file.get(source, 0) + 1
    assert per_file == counts
    catalog_ids = [pid for pid, _ in paragraphs]
    assert len(catalog_ids) == len(set(catalog_ids)) == sum(counts.values())

    from index.store.archive import Store

    opened = Store(store)
    vectors = opened.collection.get(include=["metadatas"])
    window_owner = {vid.rsplit("#", 1)[0] for vid in vectors["ids"]}
    assert window_owner == {m[K_ID] for m in vectors["metadatas"]}
    assert window_owner == set(catalog_ids)
    for pid in catalog_ids:  # every window of every §, numbered from 0 without a gap
        windows = sorted(int(v.rsplit("#", 1)[1]) for v in vectors["ids"] if v.rsplit("#", 1)[0] == pid)
        assert windows == list(range(len(windows))), pid
    saved = opened.shelf.saved()
    assert sorted(saved.ids) == sorted(catalog_ids) == sorted(opened.lexical.ids)
    assert saved.generation == opened.catalog.generation()


def test_a_killed_indexer_leaves_postgresql_at_its_last_commit_and_the_next_run_completes(archive, tmp_path, database_url,
                                                                                         chroma_url):
    """The same kill against a real PostgreSQL and Chroma server: after each SIGKILL the catalog is exactly its last
    commit (every file recorded whole, none in part), and the next run completes the archive."""
    import psycopg

    from index.store.archive import Store

    folder, counts = archive
    env = {**cli_env(), "PARAGRAF_DATABASE_URL": database_url, "PARAGRAF_CHROMA_URL": chroma_url,
           "PARAGRAF_UPLOAD_DIR": str(tmp_path / "uploads")}

    def status(_: Path) -> tuple[int, int]:
        with psycopg.connect(database_url) as db:
            if db.execute("SELECT to_regclass('files')").fetchone()[0] is None:
                return 0, 0
            rows = dict(db.execute("SELECT status, COUNT(*) FROM files GROUP BY status").fetchall())
        return rows.get("done", 0), rows.get("pending", 0)

    for n, ready in enumerate((lambda done, pending: pending >= 1 and done == 0, lambda done, pending: done >= FILES // 2)):
        proc = start_index(folder, tmp_path / "store", tmp_path / f"killed-{n}.log", env)
        kill_when(proc, tmp_path / "store", ready, tmp_path / f"killed-{n}.log", status)
        with psycopg.connect(database_url) as db:
            recorded = dict(db.execute("SELECT m.source_file, COUNT(p.id) FROM files f JOIN meetings m ON m.id = f.meeting_id "
                                       "LEFT JOIN paragraphs p ON p.meeting_id = m.id WHERE f.status = 'done' "
                                       "GROUP BY m.source_file").fetchall())
            stray = db.execute("SELECT COUNT(*) FROM paragraphs p JOIN files f ON f.path = p.path "
                               "WHERE f.status != 'done'").fetchone()[0]
        assert recorded == {name: counts[name] for name in recorded} and stray == 0  # whole files only

    done = subprocess.run([*paragraf_command(), "index", str(folder), "--store", str(tmp_path / "store")], cwd=ROOT,
                          capture_output=True, text=True, timeout=RUN_SECONDS, env=env)
    assert done.returncode == 0 and done.stdout.strip().endswith("0 duplicate, 0 removed, 0 refused"), done.stdout + done.stderr
    opened = Store(tmp_path / "store", database_url=database_url, chroma_url=chroma_url)
    per_file: dict[str, int] = {}
    for p in opened.catalog.paragraphs():
        per_file[p.source_file] = per_file.get(p.source_file, 0) + 1
    assert per_file == counts and opened.catalog.pending_files() == []
    assert opened.vector_ids() == set(opened.catalog.paragraph_ids()) == set(opened.lexical.ids)
    assert opened.shelf.saved_generation() == opened.catalog.generation()
    assert not (tmp_path / "store").exists()


def test_a_killed_rebuild_leaves_postgresql_at_the_previous_generation(archive, tmp_path, database_url, chroma_url):
    """`index --rebuild` of a catalog in PostgreSQL is one transaction: killed while its new vectors are being written,
    every reader still has the previous generation, its § and its vectors; the next rebuild completes."""
    from index.store.archive import Store
    from index.store.opening import server_client

    folder, counts = archive
    env = {**cli_env(), "PARAGRAF_DATABASE_URL": database_url, "PARAGRAF_CHROMA_URL": chroma_url,
           "PARAGRAF_UPLOAD_DIR": str(tmp_path / "uploads")}
    first = subprocess.run([*paragraf_command(), "index", str(folder), "--store", str(tmp_path / "store")], cwd=ROOT,
                           capture_output=True, text=True, timeout=RUN_SECONDS, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    before = Store(tmp_path / "store", database_url=database_url, chroma_url=chroma_url, read_only=True)
    ids, generation, windows = sorted(before.catalog.paragraph_ids()), before.catalog.generation(), before.collection.count()
    before.close()

    def rebuilding(_: Path) -> tuple[int, int]:
        return sum(c.count() for c in server_client(chroma_url).list_collections() if c.name.endswith("-rebuild")), 0

    with open(tmp_path / "rebuild.log", "w") as out:
        proc = subprocess.Popen([*paragraf_command(), "index", "--rebuild", "--store", str(tmp_path / "store")], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    kill_when(proc, tmp_path / "store", lambda written, _: written > 0, tmp_path / "rebuild.log", rebuilding)
    after = Store(tmp_path / "store", database_url=database_url, chroma_url=chroma_url, read_only=True)
    assert sorted(after.catalog.paragraph_ids()) == ids and after.catalog.generation() == generation
    assert after.collection.count() == windows and after.catalog.pending_files() == []
    after.close()

    done = subprocess.run([*paragraf_command(), "index", "--rebuild", "--store", str(tmp_path / "store")], cwd=ROOT,
                          capture_output=True, text=True, timeout=RUN_SECONDS, env=env)
    assert done.returncode == 0 and f"Summary: {FILES} indexed" in done.stdout, done.stdout + done.stderr
    assert rebuilding(tmp_path)[0] == 0
    rebuilt = Store(tmp_path / "store", database_url=database_url, chroma_url=chroma_url, read_only=True)
    assert sorted(rebuilt.catalog.paragraph_ids()) == ids and rebuilt.catalog.generation() > generation
    assert rebuilt.vector_ids() == set(ids) == set(rebuilt.lexical.ids)
    rebuilt.close()
