"""Who is asking, resolved once per request: a Bearer token, else (pages only) the signed-in session.

Signing in: an officer or admin pastes their token on /login; the session cookie (HttpOnly,
SameSite=Lax) keeps it and it is checked against the tokens table on every request, so a revoked
token stops working at once. The JSON API authenticates with Bearer tokens only (no cookies, so no
CSRF exposure); POST forms authenticated by the cookie carry a per-session CSRF token.
"""

from __future__ import annotations

import hmac
import os
import secrets
import tempfile
from pathlib import Path

from flask import Flask, abort, g, request, session

from index.access import Viewer
from index.store import Store
from index.tokens import viewer_for_token

from .config import Settings
from .context import current_viewer, settings

SECRET_FILE = "secret.key"
SESSION_COOKIE = "quorum_session"


def init_app(app: Flask, config: Settings) -> None:
    """Session key and cookie settings, and the viewer resolved before every request."""
    app.secret_key = config.secret_key or secret_from_file(Path(config.data) / SECRET_FILE)
    app.config["SESSION_COOKIE_NAME"] = SESSION_COOKIE
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.before_request(resolve_viewer)


def secret_from_file(path: Path) -> bytes:
    """Read the key file, creating it (mode 0600, atomically) on first use."""
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".secret-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, secrets.token_hex(32).encode())
        os.close(fd)
        try:
            os.link(tmp, path)  # fails if another worker created it first: then use theirs
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return path.read_bytes()


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() or None if header.lower().startswith("bearer ") else None


def _viewer_for(token: str) -> Viewer:
    with Store(settings().db_path) as store:
        return viewer_for_token(store.conn, token)


def resolve_viewer() -> None:
    """Set `g.viewer`: a Bearer header wins; pages (not the API) also accept the session's token."""
    token = bearer_token()
    if token:
        g.viewer = _viewer_for(token)
        return
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return  # an empty Bearer header: anonymous
    if request.blueprint == "api" or "token" not in session:
        return
    viewer = _viewer_for(session["token"])
    if viewer.is_anonymous:  # revoked or expired since sign-in
        session.pop("token", None)
        return
    g.viewer = viewer
    g.signed_in_by_session = True


def signed_in_by_session() -> bool:
    return bool(g.get("signed_in_by_session", False))


def sign_in(token: str) -> bool:
    """Start a session for a valid token; False (and no session) for anything else."""
    if _viewer_for(token).is_anonymous:
        return False
    session.clear()
    session["token"] = token
    session["csrf"] = secrets.token_urlsafe(24)
    return True


def sign_out() -> None:
    session.clear()


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    token: str = session["csrf"]
    return token


def check_csrf() -> None:
    """POSTs authenticated by the session cookie must carry the session's CSRF token."""
    if bearer_token():
        return  # header auth is not ambient: a cross-site form cannot set it
    sent = request.form.get("csrf") or request.headers.get("X-CSRF-Token") or ""
    if not session.get("csrf") or not hmac.compare_digest(sent, session["csrf"]):
        abort(400, description="the form has expired; reload the page and try again")


def require_admin() -> bool:
    """True for an admin; False for an anonymous GET (the caller sends them to sign in); else 401/403."""
    viewer = current_viewer()
    if viewer.is_anonymous:
        if request.method == "GET":
            return False
        abort(401, description="Sign in with an administrator token to upload minutes.")
    if not viewer.is_admin:
        abort(403, description="Uploading minutes needs an administrator token; you are signed in as an officer.")
    return True
