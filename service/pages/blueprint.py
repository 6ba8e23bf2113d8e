"""The pages blueprint and what its areas share: filter lists, URLs with changed arguments, the template
globals (viewer, CSRF), security headers and the error pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from index.views import EntityView
from models.labels import LABEL_NAMES

from .. import auth, render
from ..context import current_viewer, get_store
from ..error_pages import error_page, unavailable_page

SERVICE = Path(__file__).resolve().parents[1]
pages = Blueprint(
    "pages",
    __name__,
    template_folder=str(SERVICE / "templates"),
    static_folder=str(SERVICE / "static"),
    static_url_path="/static/pages",
)


@pages.record_once
def _register_filters(state) -> None:
    env = state.app.jinja_env
    env.filters["long_date"] = render.long_date
    env.filters["plain"] = render.plain
    env.globals["entity_labels"] = LABEL_NAMES


@pages.app_context_processor
def _template_globals() -> dict:
    viewer = current_viewer()
    return {
        "viewer": viewer,
        "csrf_token": auth.csrf_token,
        "signed_in": not viewer.is_anonymous,
        "signed_in_by_session": auth.signed_in_by_session(),
    }


@pages.after_request
def _security_headers(response: Response) -> Response:
    """Defence in depth for the HTML pages: no inline script, no framing, no query strings in Referer."""
    if response.mimetype == "text/html":
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none';"
            " base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if current_viewer().sees_restricted:
            response.headers.setdefault("Cache-Control", "private, no-store")
    return response


@pages.errorhandler(HTTPException)
def _page_error(exc: HTTPException):
    if request.path == "/upload" and request.accept_mimetypes.best == "application/json":
        from flask import jsonify

        return jsonify({"status": "failed", "detail": exc.description, "code": exc.code}), exc.code
    return error_page(exc)


@pages.errorhandler(Exception)
def _page_crash(exc: Exception):
    from index.vectors import VectorIndexError

    if isinstance(exc, HTTPException):
        return _page_error(exc)
    if isinstance(exc, VectorIndexError):
        current_app.logger.error("quorum: %s", exc)
        return unavailable_page()
    current_app.logger.exception("page failed")
    return render_template(
        "error.html",
        code=500,
        title="Something went wrong",
        message="This page could not be shown. Please try again in a moment.",
    ), 500


def filter_options() -> tuple[list[str], list[str]]:
    """Councils and committees of the meetings this viewer can see."""
    return get_store().filter_options()


def url_with(endpoint: str, args: dict, **changes: object) -> str:
    merged = {k: v for k, v in {**args, **changes}.items() if v not in (None, "")}
    return url_for(endpoint) + ("?" + urlencode(merged) if merged else "")


def visible_entity_or_400(entity: str | None) -> EntityView | None:
    """The entity a numeric `entity` parameter names, if the viewer can see it (400 otherwise)."""
    if not entity or not (entity.isascii() and entity.isdigit()):
        return None
    from index.entities_store import visible_entity

    found = visible_entity(get_store().conn, int(entity)) if len(entity) <= 18 else None
    if found is None:
        abort(400, description="parameter 'entity' is not the number of an entity you can see")
    return found
