"""Shared fixtures: the bundled corpus indexed once per test session into a temporary store.

Every test that needs an index uses `corpus_store`; nothing touches ./.paragraf or the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.servers import free_port, serving

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


# --- real services: a throwaway PostgreSQL and a Chroma server, each started once per test session ---------------
STARTUP_SECONDS = 60


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@pytest.fixture(scope="session")
def postgres():
    """The address of a PostgreSQL server of its own (initdb in a temporary folder, loopback only, a free port),
    stopped at the end of the session. As root it runs as the `postgres` user (PostgreSQL refuses root)."""
    import getpass
    import os
    import shutil
    import subprocess
    import tempfile

    binaries = _postgres_bin()
    if binaries is None:
        pytest.skip("no PostgreSQL server installed (scripts/run.sh test installs Debian's postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="paragraf-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    owner = "postgres" if as_user else getpass.getuser()
    port = free_port()
    subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", owner,
                    "-E", "UTF8", "--locale", "C.UTF-8"], check=True, capture_output=True, timeout=STARTUP_SECONDS)
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=300")
    subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l",
                    str(folder / "server.log"), "-w", "-t", str(STARTUP_SECONDS), "start"], check=True, capture_output=True,
                   timeout=STARTUP_SECONDS + 10)
    try:
        yield f"postgresql://{owner}@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database_url(postgres: str) -> str:
    """A new, empty database on the session's PostgreSQL server."""
    import uuid

    import psycopg

    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres}/postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return f"{postgres}/{name}"


def _chroma_heartbeat(url: str) -> bool:
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
            return response.status == 200 and any("heartbeat" in key for key in json.loads(response.read()))
    except (OSError, ValueError):
        return False


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory):
    """A real `chroma run` on a free loopback port, for the session; stopped at teardown whatever happens."""
    import sys

    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("chroma CLI not installed")
    data = tmp_path_factory.mktemp("chroma-server")
    url = f"http://127.0.0.1:{(port := free_port())}"
    command = [str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, lambda: _chroma_heartbeat(url), data / "server.log", STARTUP_SECONDS, stop_seconds=10):
        yield url


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> dict:
    """Where a test's store keeps its catalog: the embedded SQLite files, or a fresh PostgreSQL database with its
    vectors on the Chroma server. The Store keyword arguments."""
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("database_url"), "chroma_url": request.getfixturevalue("chroma_url")}


def same_store(store):
    """The same store as another process opens it (its own connections and clients)."""
    from index.store.archive import Store

    return Store(store.folder, store.embedder_name, store.chroma_url, store.database_url)


@dataclass(frozen=True)
class Raised:
    """An exception raised in a child process (`bounded`): its type's name and message."""

    kind: str
    message: str


def bounded(function, *args, seconds: float = 60, memory_mb: int = 1024):
    """Run `function(*args)` in a forked child and return (result, seconds taken, megabytes its peak memory grew):
    the measure of a reader's work. The child may grow by `memory_mb` at most (its address space is capped, so a
    runaway fails there instead of taking the machine's memory) and is killed after `seconds`; an exception in it
    comes back as its result (Raised), a child that died or ran out of time as the string 'died (code N)' or 'timeout'."""
    import multiprocessing
    import resource
    import time

    def status(key: str) -> int:
        with open("/proc/self/status") as lines:
            return next(int(line.split()[1]) for line in lines if line.startswith(key)) // 1024

    def child(connection) -> None:
        import gc

        gc.freeze()  # the parent's garbage is never collected here (see index/worker.py)
        cap = (status("VmSize:") + memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the peak starts again from here
        before = status("VmRSS:")
        try:
            result = function(*args)
        except BaseException as exc:  # reported to the test, which says what it expects
            result = exc
        grown = status("VmHWM:") - before
        if isinstance(result, BaseException):
            result = Raised(type(result).__name__, str(result))
        connection.send((result, grown))

    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=child, args=(sending,), daemon=True)
    started = time.monotonic()
    process.start()
    sending.close()
    if not receiving.poll(seconds):
        process.kill()
        process.join()
        return "timeout", time.monotonic() - started, 0
    try:
        result, grown = receiving.recv()
    except EOFError:
        process.join()
        return f"died (code {process.exitcode})", time.monotonic() - started, 0
    process.join()
    return result, time.monotonic() - started, grown
