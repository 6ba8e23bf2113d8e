"""The friendly error pages, shared by the pages' own handlers and the app-wide ones."""

from __future__ import annotations

from flask import render_template
from werkzeug.exceptions import HTTPException

ERROR_TITLES = {
    400: "Please check your search",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
}
SEARCH_UNAVAILABLE = (
    "Search is unavailable for a moment: its index is missing or damaged. An administrator has been told and"
    " can rebuild it with `quorum reindex`."
)


def error_page(exc: HTTPException) -> tuple[str, int]:
    code = exc.code or 500
    title = ERROR_TITLES.get(code, exc.name)
    return render_template("error.html", code=code, title=title, message=exc.description), code


def unavailable_page() -> tuple[str, int]:
    return render_template("error.html", code=503, title="Search is unavailable", message=SEARCH_UNAVAILABLE), 503
