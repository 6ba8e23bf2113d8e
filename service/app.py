"""The Flask application factory: configuration, the request context, auth, blueprints, error handlers."""

from __future__ import annotations

import sys
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from index.passage_index import vector_index_problem
from index.store import Store

from . import auth, context, errors
from . import watch_api as _watch_api  # noqa: F401  (adds the /api/watches routes to the api blueprint)
from .api import api
from .config import Settings
from .feeds import feeds
from .health import health
from .pages import pages


class RowIdConverter(IntegerConverter):
    """A database row id in a URL: 1 to 2**63-1 (anything larger cannot exist, so the route does not match)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, min=1, max=2**63 - 1)


def create_app(settings: Settings | None = None, warm_models: bool = False) -> Flask:
    """Build the app for one data directory; `warm_models` loads the embedding model up front."""
    settings = settings or Settings()
    app = Flask(__name__)
    app.config["QUORUM"] = settings
    app.config["JSON_SORT_KEYS"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    settings.data.mkdir(parents=True, exist_ok=True)
    Store(settings.db_path).close()  # create the schema before the first request
    if settings.proxies:  # behind a reverse proxy: trust its X-Forwarded-* headers (see README, "Serving")
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.url_map.converters["id"] = RowIdConverter
    context.init_app(app)
    auth.init_app(app, settings)
    errors.init_app(app)
    app.register_blueprint(api)
    app.register_blueprint(health)
    app.register_blueprint(pages)
    app.register_blueprint(feeds)
    _check_vector_index(app, settings)
    if warm_models:
        from models.embedder import get_model

        get_model()
    return app


def _check_vector_index(app: Flask, settings: Settings) -> None:
    """Say at start-up, clearly, when the vector file is missing or damaged (searches then answer 503)."""
    with Store(settings.db_path) as store:
        problem = vector_index_problem(store, settings.data)
    if problem:
        app.logger.error("quorum: %s", problem)
        print(f"quorum: {problem}", file=sys.stderr, flush=True)
