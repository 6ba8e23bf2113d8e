"""API tokens and sign-in sessions.

Tokens are created at random, stored only as SHA-256 hashes, checked in constant time, and can expire
or be revoked (by the token itself or its id). A signed-in browser holds a random session id; only its
hash is stored, with an idle and an absolute lifetime, and the token behind it is checked on every
request, so signing out, revoking the token or letting it expire ends the session at once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .access import ANONYMOUS, Viewer

TOKEN_ROLES = ("officer", "admin")
LAST_USED_GRANULARITY = timedelta(
    seconds=int(os.environ.get("QUORUM_LAST_USED_SECONDS", "60"))
)  # write at most so often


@dataclass(frozen=True)
class TokenInfo:
    """What `quorum token list` shows: never the token itself."""

    id: int
    role: str
    created_at: str
    expires_at: str | None
    last_used_at: str | None
    revoked: bool
    email: str | None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def create_token(conn: sqlite3.Connection, role: str, days: int | None = None, email: str | None = None) -> str:
    """A new token for `role`; only its hash is stored, so it is shown once. `days` must be at least 1."""
    if role not in TOKEN_ROLES:
        raise ValueError(f"role must be one of {', '.join(TOKEN_ROLES)}")
    if days is not None and days < 1:
        raise ValueError("--days must be at least 1 (leave it out for a token that does not expire)")
    token = "qrm_" + secrets.token_urlsafe(32)
    now = _now()
    expires = (now + timedelta(days=days)).isoformat() if days else None
    with conn:
        conn.execute(
            "INSERT INTO tokens (hash, role, created_at, expires_at, email) VALUES (?, ?, ?, ?, ?)",
            (_hash(token), role, now.isoformat(), expires, email),
        )
    return token


def _valid_row(row: sqlite3.Row | tuple | None) -> bool:
    """A token row that is neither revoked nor expired: (hash, role, expires_at, revoked, id)."""
    if row is None or row[3]:
        return False
    return not (row[2] and datetime.fromisoformat(row[2]) < _now())


def active_token(conn: sqlite3.Connection, token_id: int) -> tuple[str, str | None] | None:
    """(role, email) of the token with this id if it is neither revoked nor expired."""
    row = conn.execute(
        "SELECT hash, role, expires_at, revoked, id, email FROM tokens WHERE id = ?", (token_id,)
    ).fetchone()
    return (row[1], row[5]) if _valid_row(row) else None


def _touch(conn: sqlite3.Connection, table: str, column: str, row_id: int, last: str | None) -> None:
    now = _now()
    if last and now - datetime.fromisoformat(last) < LAST_USED_GRANULARITY:
        return
    try:
        with conn:
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (now.isoformat(), row_id))
    except sqlite3.OperationalError:  # a read-only data directory: use is simply not recorded
        pass


def viewer_for_token(conn: sqlite3.Connection, token: str | None) -> Viewer:
    """The viewer a token stands for; a missing, wrong, revoked or expired token is anonymous."""
    if not token or len(token) > 200:
        return ANONYMOUS
    digest = _hash(token)
    row = conn.execute(
        "SELECT hash, role, expires_at, revoked, id, last_used_at FROM tokens WHERE hash = ?", (digest,)
    ).fetchone()
    if row is None or not hmac.compare_digest(row[0], digest) or not _valid_row(row):
        return ANONYMOUS
    _touch(conn, "tokens", "last_used_at", row[4], row[5])
    return Viewer(row[1], row[4])


def list_tokens(conn: sqlite3.Connection) -> list[TokenInfo]:
    rows = conn.execute(
        "SELECT id, role, created_at, expires_at, last_used_at, revoked, email FROM tokens ORDER BY id"
    ).fetchall()
    return [TokenInfo(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows]


def revoke_token(conn: sqlite3.Connection, token_or_id: str) -> str:
    """Revoke a token given in full or by its id: 'revoked', 'already revoked' or 'no such token'.
    Its sign-in sessions end with it."""
    if token_or_id.isascii() and token_or_id.isdigit() and len(token_or_id) <= 18:
        row = conn.execute("SELECT id, revoked FROM tokens WHERE id = ?", (int(token_or_id),)).fetchone()
    else:
        row = conn.execute("SELECT id, revoked FROM tokens WHERE hash = ?", (_hash(token_or_id),)).fetchone()
    if row is None:
        return "no such token"
    if row[1]:
        return "already revoked"
    with conn:
        conn.execute("UPDATE tokens SET revoked = 1 WHERE id = ?", (row[0],))
        conn.execute("DELETE FROM sessions WHERE token_id = ?", (row[0],))
    return "revoked"


# --- sign-in sessions -----------------------------------------------------------------------------


def start_session(conn: sqlite3.Connection, token: str, lifetime: timedelta) -> str | None:
    """A new session for a valid token (its random id, to keep in the cookie), or None."""
    viewer = viewer_for_token(conn, token)
    if viewer.token_id is None:
        return None
    secret = secrets.token_urlsafe(32)
    now = _now()
    with conn:
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now.isoformat(),))
        conn.execute(
            "INSERT INTO sessions (hash, token_id, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)",
            (_hash(secret), viewer.token_id, now.isoformat(), now.isoformat(), (now + lifetime).isoformat()),
        )
    return secret


def viewer_for_session(conn: sqlite3.Connection, secret: str | None, idle: timedelta) -> Viewer:
    """Who a session id signs in: anonymous if it is unknown, ended, past its lifetime, idle too long, or its
    token is no longer valid."""
    if not secret or len(secret) > 200:
        return ANONYMOUS
    row = conn.execute(
        "SELECT s.id, s.last_seen, s.expires_at, t.hash, t.role, t.expires_at, t.revoked, t.id, s.hash"
        " FROM sessions s JOIN tokens t ON t.id = s.token_id WHERE s.hash = ?",
        (_hash(secret),),
    ).fetchone()
    if row is None or not hmac.compare_digest(row[8], _hash(secret)):
        return ANONYMOUS
    now = _now()
    if datetime.fromisoformat(row[2]) < now or datetime.fromisoformat(row[1]) + idle < now:
        end_session(conn, secret)
        return ANONYMOUS
    if not _valid_row((row[3], row[4], row[5], row[6])):
        return ANONYMOUS
    _touch(conn, "sessions", "last_seen", row[0], row[1])
    return Viewer(row[4], row[7])


def end_session(conn: sqlite3.Connection, secret: str | None) -> None:
    if not secret:
        return
    try:
        with conn:
            conn.execute("DELETE FROM sessions WHERE hash = ?", (_hash(secret),))
    except sqlite3.OperationalError:
        pass
