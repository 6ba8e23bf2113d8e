"""The help page: what each page does, how to ask, and how watching works."""

from __future__ import annotations

from flask import Response, render_template
from flask.typing import ResponseReturnValue

from .blueprint import pages


@pages.get("/help")
def help_page() -> ResponseReturnValue:
    return render_template("help.html")


@pages.get("/favicon.ico")
def favicon() -> Response:
    """No icon (browsers ask for one even for feeds and downloads): an empty answer, not a 404."""
    return Response(status=204, headers={"Cache-Control": "public, max-age=86400"})
