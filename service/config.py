"""All configuration in one place: environment variables with sensible defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def data_dir(explicit: str | None = None) -> Path:
    """`--data DIR`, else `$QUORUM_DATA`, else `./data`."""
    return Path(explicit or os.environ.get("QUORUM_DATA") or "data").resolve()


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _float(name: str, default: float) -> float:
    return float(_env(name, str(default)))


@dataclass
class Settings:
    data: Path = field(default_factory=data_dir)
    host: str = field(default_factory=lambda: _env("QUORUM_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _int("QUORUM_PORT", 8000))
    workers: int = field(default_factory=lambda: _int("QUORUM_WORKERS", 2))
    threads: int = field(default_factory=lambda: _int("QUORUM_THREADS", 2))  # for QUORUM_WORKER_CLASS=gthread
    worker_class: str = field(default_factory=lambda: _env("QUORUM_WORKER_CLASS", "gevent"))
    worker_connections: int = field(default_factory=lambda: _int("QUORUM_WORKER_CONNECTIONS", 500))
    secret_key: str | None = field(default_factory=lambda: os.environ.get("QUORUM_SECRET_KEY") or None)
    max_upload_mb: int = field(default_factory=lambda: _int("QUORUM_MAX_UPLOAD_MB", 50))
    # sign-in sessions: ended after this long without a request, and this long after sign-in whatever happens
    session_idle_minutes: float = field(default_factory=lambda: _float("QUORUM_SESSION_IDLE_MINUTES", 120))
    session_hours: float = field(default_factory=lambda: _float("QUORUM_SESSION_HOURS", 12))
    # the session cookie's Secure flag: "auto" (set when the request came over https), "1" always, "0" never
    secure_cookies: str = field(default_factory=lambda: _env("QUORUM_SECURE_COOKIES", "auto"))
    # trust X-Forwarded-Proto/-For from this many proxies in front (0: none), so "auto" sees https behind them
    proxies: int = field(default_factory=lambda: _int("QUORUM_PROXIES", 0))
    # where exported briefings link to (the service's public address); the request's own address when unset
    base_url: str | None = field(default_factory=lambda: os.environ.get("QUORUM_BASE_URL") or None)
    # email digests (`quorum digest --send`): the SMTP server and who the mail comes from
    smtp_host: str | None = field(default_factory=lambda: os.environ.get("QUORUM_SMTP_HOST") or None)
    smtp_port: int = field(default_factory=lambda: _int("QUORUM_SMTP_PORT", 25))
    smtp_user: str | None = field(default_factory=lambda: os.environ.get("QUORUM_SMTP_USER") or None)
    smtp_password: str | None = field(default_factory=lambda: os.environ.get("QUORUM_SMTP_PASSWORD") or None)
    smtp_starttls: bool = field(default_factory=lambda: _env("QUORUM_SMTP_STARTTLS", "0") == "1")
    smtp_sender: str = field(default_factory=lambda: _env("QUORUM_SMTP_SENDER", "quorum@localhost"))

    @property
    def link_root(self) -> str:
        """Where links written outside a request (CLI exports, digests) point: QUORUM_BASE_URL, else the
        address `quorum serve` listens on."""
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def db_path(self) -> Path:
        return self.data / "quorum.sqlite3"
