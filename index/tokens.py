"""API tokens: created at random, stored only as SHA-256 hashes, checked in constant time, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta

from .access import ANONYMOUS, Viewer

TOKEN_ROLES = ("officer", "admin")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(conn: sqlite3.Connection, role: str, days: int | None = None) -> str:
    """A new token for `role`; only its hash is stored, so it is shown once."""
    if role not in TOKEN_ROLES:
        raise ValueError(f"role must be one of {', '.join(TOKEN_ROLES)}")
    token = "qrm_" + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires = (now + timedelta(days=days)).isoformat() if days else None
    with conn:
        conn.execute(
            "INSERT INTO tokens (hash, role, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (_hash(token), role, now.isoformat(), expires),
        )
    return token


def viewer_for_token(conn: sqlite3.Connection, token: str | None) -> Viewer:
    """The viewer a token stands for; a missing, wrong, revoked or expired token is anonymous."""
    if not token or len(token) > 200:
        return ANONYMOUS
    digest = _hash(token)
    row = conn.execute("SELECT hash, role, expires_at, revoked FROM tokens WHERE hash = ?", (digest,)).fetchone()
    if row is None or not hmac.compare_digest(row[0], digest) or row[3]:
        return ANONYMOUS
    if row[2] and datetime.fromisoformat(row[2]) < datetime.now(UTC):
        return ANONYMOUS
    return Viewer(row[1])


def revoke_token(conn: sqlite3.Connection, token_or_prefix: str) -> int:
    """Revoke a token given in full; returns how many were revoked."""
    with conn:
        return conn.execute("UPDATE tokens SET revoked = 1 WHERE hash = ?", (_hash(token_or_prefix),)).rowcount
