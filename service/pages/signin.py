"""Signing in with a token, and out."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from index.store import ReadOnlyDataError

from .. import auth
from .blueprint import pages


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect off-site after sign-in."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(c.isspace() or ord(c) < 32 for c in target)
    ):
        return target
    return url_for("pages.search_page")


@pages.route("/login", methods=["GET", "POST"])
def login():
    error = None
    next_url = _safe_next(request.values.get("next"))
    if request.method == "POST":
        auth.check_csrf()
        try:
            if auth.sign_in((request.form.get("token") or "").strip()):
                return redirect(next_url, code=303)
            error = "That token was not recognised. It may have been mistyped, revoked or expired."
        except ReadOnlyDataError:
            error = "Signing in is not possible at the moment: the archive is read-only."
    return render_template("login.html", error=error, next_url=next_url), (401 if error else 200)


@pages.post("/logout")
def logout():
    auth.check_csrf()
    auth.sign_out()
    return redirect(url_for("pages.search_page"), code=303)
