"""All configuration in one place: environment variables with sensible defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def data_dir(explicit: str | None = None) -> Path:
    """`--data DIR`, else `$QUORUM_DATA`, else `./data`."""
    return Path(explicit or os.environ.get("QUORUM_DATA") or "data").resolve()


@dataclass
class Settings:
    data: Path = field(default_factory=data_dir)
    host: str = field(default_factory=lambda: os.environ.get("QUORUM_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("QUORUM_PORT", "8000")))
    workers: int = field(default_factory=lambda: int(os.environ.get("QUORUM_WORKERS", "2")))
    threads: int = field(default_factory=lambda: int(os.environ.get("QUORUM_THREADS", "2")))
    secret_key: str | None = field(default_factory=lambda: os.environ.get("QUORUM_SECRET_KEY") or None)
    max_upload_mb: int = field(default_factory=lambda: int(os.environ.get("QUORUM_MAX_UPLOAD_MB", "50")))

    @property
    def db_path(self) -> Path:
        return self.data / "quorum.sqlite3"
