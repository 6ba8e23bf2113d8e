"""Who is asking, resolved once per request: a Bearer token, else (pages only) the signed-in session.

Signing in: an officer or admin pastes their token on /login; the server starts a session and the cookie
(signed, HttpOnly, SameSite=Lax, Secure over https) carries only its random id, never the token. The
session ends on sign-out, after `QUORUM_SESSION_IDLE_MINUTES` without use, `QUORUM_SESSION_HOURS` after
sign-in, or as soon as its token is revoked or expires. The JSON API authenticates with Bearer tokens
only (no cookies, so no CSRF exposure); POST forms authenticated by the cookie carry a CSRF token.
"""

from __future__ import annotations

import hmac
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

from flask import Flask, abort, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface

from index.store import Store
from index.tokens import end_session, start_session, viewer_for_session, viewer_for_token

from .config import Settings
from .context import current_viewer, settings

SECRET_FILE = "secret.key"
SESSION_COOKIE = "quorum_session"
MIN_SECRET_BYTES = 32


class _SessionInterface(SecureCookieSessionInterface):
    """The signed cookie, marked Secure when configured or (by default) when the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        mode = app.config["QUORUM"].secure_cookies
        return mode == "1" or (mode == "auto" and request.is_secure)


def init_app(app: Flask, config: Settings) -> None:
    """Session key and cookie settings, and the viewer resolved before every request."""
    try:
        app.secret_key = config.secret_key or secret_from_file(Path(config.data) / SECRET_FILE)
    except OSError:  # a read-only data directory without a key file: no one can sign in anyway
        app.logger.warning("quorum: %s cannot be created; sessions last until the server stops", SECRET_FILE)
        app.secret_key = secrets.token_bytes(32)
    app.session_interface = _SessionInterface()
    app.config["SESSION_COOKIE_NAME"] = SESSION_COOKIE
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config.session_hours)
    app.before_request(resolve_viewer)


def secret_from_file(path: Path) -> bytes:
    """Read the key file, creating it (mode 0600, atomically) on first use; a short or empty one is replaced."""
    try:
        key = path.read_bytes()
        if len(key.strip()) >= MIN_SECRET_BYTES:
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
            if len(path.read_bytes().strip()) < MIN_SECRET_BYTES:
                os.replace(tmp, path)  # theirs is the short or empty key being replaced
                tmp = ""
    finally:
        if tmp:
            os.unlink(tmp)
    return path.read_bytes()


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() or None if header.lower().startswith("bearer ") else None


def _store() -> Store:
    return Store(settings().db_path)


def _idle() -> timedelta:
    return timedelta(minutes=settings().session_idle_minutes)


def resolve_viewer() -> None:
    """Set `g.viewer`: a Bearer header wins; pages (not the API) also accept the signed-in session."""
    token = bearer_token()
    if token:
        with _store() as store:
            g.viewer = viewer_for_token(store.conn, token)
        return
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return  # an empty Bearer header: anonymous
    if request.blueprint == "api" or "sid" not in session:
        return
    with _store() as store:
        viewer = viewer_for_session(store.conn, session["sid"], _idle())
    if viewer.is_anonymous:  # signed out elsewhere, timed out, or its token was revoked or expired
        session.pop("sid", None)
        return
    g.viewer = viewer
    g.signed_in_by_session = True


def signed_in_by_session() -> bool:
    return bool(g.get("signed_in_by_session", False))


def sign_in(token: str) -> bool:
    """Start a session for a valid token; False (and no session) for anything else, which is logged."""
    with _store() as store:
        store.require_writable()  # a read-only archive cannot record sessions: signing in is refused, clearly
        sid = start_session(store.conn, token, timedelta(hours=settings().session_hours))
    if sid is None:
        current_app.logger.warning("quorum: failed sign-in from %s", request.remote_addr)
        return False
    session.clear()
    session.permanent = True
    session["sid"] = sid
    session["csrf"] = secrets.token_urlsafe(24)
    return True


def sign_out() -> None:
    """End the session on the server too: a saved copy of the cookie signs nobody in afterwards."""
    with _store() as store:
        end_session(store.conn, session.get("sid"))
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
