"""One open store per process: the embedder, Chroma client and BM25 index are loaded once
and shared by the command line, the UI and the eval harness; and the indexing runs and corrections
both of them start, with the settings' limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.settings import Settings
from index.parse.corrections import Correction
from index.errors import BadInput
from index.models import Meeting
from index.store.accounts import EVERYTHING, Access
from index.store.health import heal_on_open
from index.pipeline import IndexReport, forget, index_paths
from index.read.progress import ReadProgress
from index.store.archive import Snapshot, Store

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def open_store(settings: Settings, heal: bool = True, upgrade: bool = True) -> Store:
    """The store, opened once per process; on opening a catalog an older version made is upgraded in place (unless
    upgrade=False) and the store is checked and repaired (index/store/health.py), unless heal=False (`paragraf
    index` repairs as part of its run; `paragraf check` reports instead of either). A damaged catalog raises
    CorruptStore."""
    key = (str(settings.store.resolve()), settings.embedder, settings.chroma_url, settings.database_url)
    with _lock:
        if key not in _stores:
            store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url, upgrade=upgrade)
            if heal:
                heal_on_open(store, settings.upload_dir)
            _stores[key] = store
        return _stores[key]


@dataclass(frozen=True)
class Reader:
    """The open store as one reader sees it: `snapshot()` is the latest generation restricted to the organisations
    the reader may read (index/store/accounts.py), so everything that reads through it (answers, search, brief,
    timeline, the meetings list) holds nothing else."""

    store: Store
    access: Access = EVERYTHING

    def snapshot(self) -> Snapshot:
        return self.store.snapshot().within(self.access.organisations)

    @property
    def meetings(self) -> list[dict]:
        return self.snapshot().meetings

    @property
    def table(self):
        return self.snapshot().table


def reader(settings: Settings, access: Access = EVERYTHING) -> Reader:
    """The open store as `access` may read it."""
    return Reader(open_store(settings), access)


def access_of(settings: Settings, user: str | None) -> Access:
    """What a user may read: everything for no user (the operator, or the single login of PARAGRAF_USERNAME),
    else what the archive's accounts say; BadInput for a user the archive does not know."""
    if not user or (settings.username and user == settings.username):
        return EVERYTHING
    return open_store(settings).accounts.access(user)


def remove_as(reader: Reader, wanted: str) -> str:
    """The indexed file `wanted` names (a meeting id, file name or path), when the reader may remove it: an
    administrator, or a secretary of its organisation. A meeting the reader cannot read is named as unknown."""
    store, access = reader.store, reader.access
    key = store.catalog.file_key(wanted)
    organisation = store.catalog.organisation_of(key) or ""
    if not access.reads(organisation):
        raise BadInput(f"'{wanted}' is no indexed meeting id, file name or path (see the meetings with `paragraf meetings`)")
    if not access.manages(organisation):
        raise BadInput(f"{access.user} may not remove meetings of {organisation} (a secretary's or an administrator's task)")
    return key


def open_llm(settings: Settings):
    """The configured language model, built once per process; None when PARAGRAF_LLM=none."""
    return _llm(settings.llm, settings.llm_model, settings.llm_base_url, settings.llm_api_key)


@lru_cache(maxsize=2)
def _llm(name: str, model: str, base_url: str, api_key: str):
    from assistant.answer.llm import make_llm

    return make_llm(Settings.load(llm=name, llm_model=model, llm_base_url=base_url, llm_api_key=api_key))


def index_archive(settings: Settings, paths: list[Path], store: Store | None = None, progress: bool = False,
                  on_file: Callable[[int, int, Path], None] | None = None,
                  on_read: Callable[[ReadProgress], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, access: Access = EVERYTHING) -> IndexReport:
    """An indexing run with the settings' limits (file size, reading time and text per file), resuming uploads
    a killed run left in the upload folder: the one run of `paragraf index`, `paragraf correct` and the UI.
    `store` defaults to the open store; `progress` shows a bar; `on_file(done, total, path)` hears of each file,
    `on_read` of each step of its reading; `cancelled()` stops the run (index/pipeline.py `index_paths`); a protocol
    of an organisation `access` does not manage is refused before it is stored."""
    return index_paths(store or open_store(settings), paths, progress=progress, max_file_mb=settings.max_file_mb,
                       seconds=settings.file_seconds, uploads=settings.upload_dir, limits=settings.read_limits,
                       on_file=on_file, on_read=on_read, cancelled=cancelled,
                       admit=None if access.admin else _admission(access))


def _admission(access: Access) -> Callable[[Meeting], str]:
    def admit(meeting: Meeting) -> str:
        if access.manages(meeting.organisation):
            return ""
        return (f"a protocol of {meeting.organisation or 'an unnamed organisation'}; {access.user} adds protocols of "
                f"{', '.join(sorted(access.secretary_of)) or 'no organisation'} only")

    return admit


@dataclass
class Corrected:
    """A stored correction: the protocol's file name, the correction that now holds, and the re-indexing run."""

    source_file: str
    correction: Correction
    report: IndexReport


def correct_meeting(settings: Settings, wanted: str, correction: Correction, access: Access = EVERYTHING) -> Corrected:
    """Store the secretary's correction of the protocol `wanted` names (its meeting id, file name or path) with the
    archive's records and index its file again, so the meetings, the search and the citations show it at once.
    `access` must manage the meeting's organisation, and the organisation it is moved to."""
    store = open_store(settings)
    name = Path(wanted).name
    meetings = [m for m in store.catalog.meetings() if name in (m["id"], m["source_file"])]
    if any(not access.manages(m["organisation"]) for m in meetings) or (
            correction.organisation and not access.manages(correction.organisation)):
        raise BadInput(f"{access.user or 'this user'} may not correct '{wanted}'" + (
            f" or move it to {correction.organisation}" if correction.organisation else ""))
    named = {m["source_file"] for m in meetings}
    keys = [key for key in store.catalog.files() if Path(key).name in named | {name}]
    if not keys:
        raise BadInput(f"no indexed protocol is called '{wanted}' (see `paragraf meetings`)")
    source = Path(keys[0]).name
    kept = store.corrections.add(source, correction)
    for key in keys:
        forget(store, key)  # indexed again below, now with the correction
    return Corrected(source, kept, index_archive(settings, [Path(key) for key in keys], store))
