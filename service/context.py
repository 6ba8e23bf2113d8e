"""Per-request context: who is asking (set once by `service.auth`) and the store opened for them."""

from __future__ import annotations

from flask import Flask, current_app, g

from index.access import ANONYMOUS, Viewer
from index.store import Store

from .config import Settings


def settings() -> Settings:
    """The running app's settings."""
    found: Settings = current_app.config["QUORUM"]
    return found


def current_viewer() -> Viewer:
    """Who is asking: resolved from a Bearer token or the session by `service.auth`, else anonymous."""
    viewer: Viewer = g.get("viewer", ANONYMOUS)
    return viewer


def get_store() -> Store:
    """The request's store, opened lazily with the viewer's access views."""
    if "store" not in g:
        g.store = Store(settings().db_path, current_viewer())
    store: Store = g.store
    return store


def init_app(app: Flask) -> None:
    """Close the request's store when the request ends."""

    @app.teardown_appcontext
    def close_store(_exc: BaseException | None) -> None:
        store = g.pop("store", None)
        if store is not None:
            store.close()
