"""The Flask application factory: JSON API under /api, health check, one DB connection per request."""
from __future__ import annotations

import sys

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from index.access import ANONYMOUS, Viewer
from index.store import Store

from .config import Settings


class RowIdConverter(IntegerConverter):
    """A database row id in a URL: 1 to 2**63-1 (anything larger cannot exist, so the route does not match)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        super().__init__(map, min=1, max=2**63 - 1)


def create_app(settings: Settings | None = None, warm_models: bool = False) -> Flask:
    """Build the app for one data directory; `warm_models` loads the embedding model up front."""
    settings = settings or Settings()
    app = Flask(__name__)
    app.config["QUORUM"] = settings
    app.config["JSON_SORT_KEYS"] = False
    app.json.ensure_ascii = False
    settings.data.mkdir(parents=True, exist_ok=True)
    Store(settings.db_path).close()  # create the schema before the first request

    app.url_map.converters["id"] = RowIdConverter
    from .api import api

    app.register_blueprint(api)
    from .pages import pages; app.register_blueprint(pages)  # noqa: E702

    @app.before_request
    def identify_viewer() -> None:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        if token:
            from index.store import connect
            from index.tokens import viewer_for_token

            conn = connect(settings.db_path)
            try:
                g.viewer = viewer_for_token(conn, token)
            finally:
                conn.close()

    @app.get("/healthz")
    def healthz():  # noqa: ANN202
        store = get_store()
        return jsonify({"status": "ok", **store.counts()})

    @app.teardown_appcontext
    def close_store(_exc: BaseException | None) -> None:
        store = g.pop("store", None)
        if store is not None:
            store.close()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # noqa: ANN202
        return jsonify({"error": exc.name, "message": exc.description, "status": exc.code}), exc.code

    from index.vectors import VectorIndexError

    @app.errorhandler(VectorIndexError)
    def vectors_unavailable(exc: VectorIndexError):  # noqa: ANN202
        return jsonify({"error": "Service Unavailable", "message": str(exc), "status": 503}), 503

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):  # noqa: ANN202
        app.logger.exception("unhandled error")
        return jsonify({"error": "Internal Server Error", "message": "the server could not answer this request",
                        "status": 500}), 500

    _check_vector_index(app, settings)
    if warm_models:
        from models.embedder import get_model

        get_model()
    return app


def _check_vector_index(app: Flask, settings: Settings) -> None:
    """Say at start-up, clearly, when the vector file is missing or damaged (searches then answer 503)."""
    from index.store import connect
    from index.vectors import VectorIndexError, index_path, load

    conn = connect(settings.db_path)
    try:
        has_passages = conn.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is not None
    finally:
        conn.close()
    if not has_passages:
        return
    try:
        load(index_path(settings.data))
    except VectorIndexError as exc:
        app.logger.error("quorum: %s", exc)
        print(f"quorum: {exc}", file=sys.stderr, flush=True)


def current_viewer() -> Viewer:
    """Who is asking; tokens are checked by the auth layer when configured, anonymous otherwise."""
    return g.get("viewer", ANONYMOUS)


def get_store() -> Store:
    """The request's store, opened lazily with the viewer's access views."""
    if "store" not in g:
        from flask import current_app

        g.store = Store(current_app.config["QUORUM"].db_path, current_viewer())
    return g.store
