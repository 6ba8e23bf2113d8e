"""The Watching page: a signed-in user's saved searches and watched entities, their new matches and
feeds; and the forms that add one from the search and entity pages."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from index.access import ADMIN
from index.store import Store
from index.watches import list_watches, matches_of, remove_watch, rotate_feed

from .. import auth
from ..context import current_viewer, get_store, settings
from ..downloads import link_root
from ..watch_api import WATCH_FIELDS, create_watch, watch_values
from .blueprint import pages

MATCHES_SHOWN = 10


def _owner() -> int | None:
    viewer = current_viewer()
    return viewer.token_id


@pages.get("/watching")
def watching_page() -> ResponseReturnValue:
    token_id = _owner()
    if token_id is None:
        return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))
    store = get_store()
    watches = [(w, matches_of(store, w.id, MATCHES_SHOWN)) for w in list_watches(store.conn, token_id)]
    added = next((w.title for w, _ in watches if str(w.id) == request.args.get("added")), None)
    return render_template("watching.html", watches=watches, root=link_root(), added=added)


@pages.post("/watching")
def add_watch() -> ResponseReturnValue:
    token_id = _owner()
    if token_id is None:
        abort(401, description="Sign in with your token to follow searches and entities.")
    auth.check_csrf()
    values = watch_values({name: request.form.get(name) for name in WATCH_FIELDS})
    created = create_watch(token_id, values)
    return redirect(url_for("pages.watching_page", added=created["id"]), code=303)


def _change(watch_id: int, change: Callable[[sqlite3.Connection, int, int], object]) -> None:
    """Apply `change(conn, watch_id, token_id)` to the signed-in user's own watch (404 for anyone else's)."""
    token_id = _owner()
    if token_id is None:
        abort(401, description="Sign in with your token to manage what you follow.")
    auth.check_csrf()
    with Store(settings().db_path, ADMIN) as store:
        store.require_writable()
        if not change(store.conn, watch_id, token_id):
            abort(404, description=f"You have no watch {watch_id}.")


@pages.post("/watching/<id:watch_id>/remove")
def remove_watch_page(watch_id: int) -> ResponseReturnValue:
    _change(watch_id, remove_watch)
    return redirect(url_for("pages.watching_page"), code=303)


@pages.post("/watching/<id:watch_id>/feed")
def rotate_feed_page(watch_id: int) -> ResponseReturnValue:
    """A new feed address (the old one stops working), or none (`revoke=1`)."""
    revoke = request.form.get("revoke") == "1"
    _change(watch_id, lambda conn, w, t: rotate_feed(conn, w, t, revoke=revoke) is not None)
    return redirect(url_for("pages.watching_page"), code=303)
