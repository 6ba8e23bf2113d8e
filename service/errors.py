"""Error responses: JSON (with a status) for the API and /healthz, friendly pages elsewhere."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from index.vectors import VectorIndexError

from .error_pages import SEARCH_UNAVAILABLE, error_page, unavailable_page


def wants_page() -> bool:
    """Pages answer errors with HTML; the API and the health check with JSON."""
    return not (request.path.startswith("/api/") or request.path == "/api" or request.path == "/healthz")


def unavailable_message(exc: Exception) -> str:
    """What a user is told when search cannot run: the server's paths and commands only for administrators."""
    from .context import current_viewer

    return f"{SEARCH_UNAVAILABLE} ({exc})" if current_viewer().is_admin else SEARCH_UNAVAILABLE


def json_error(code: int, name: str, message: str):
    return jsonify({"error": name, "message": message, "status": code}), code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        if code == 404 and request.url_rule is None and wants_page():
            return error_page(exc)  # unknown paths outside the API get a page
        return json_error(code, exc.name, exc.description or "")

    @app.errorhandler(VectorIndexError)
    def vectors_unavailable(exc: VectorIndexError):
        current_app.logger.error("quorum: %s", exc)
        if wants_page():
            return unavailable_page()
        return json_error(503, "Service Unavailable", unavailable_message(exc))

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        current_app.logger.exception("unhandled error")
        return json_error(500, "Internal Server Error", "the server could not answer this request")
