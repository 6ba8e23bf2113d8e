"""Files handed to the user: briefing notes as Markdown or Word, and original minutes documents."""

from __future__ import annotations

import re

from flask import Response, abort, send_file

from index.briefing import Briefing
from index.views import MeetingView

from .context import current_viewer, get_store
from .export import to_docx, to_markdown

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BRIEFING_TYPES = {"md": "text/markdown; charset=utf-8", "docx": DOCX}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "html": "text/plain; charset=utf-8",
    "docx": DOCX,
}


def briefing_file(note: Briefing, fmt: str, filename: str | None = None) -> Response:
    """The briefing as a download; the file is named after its title unless `filename` is given."""
    stem = re.sub(r"[^a-z0-9]+", "-", note.title.lower()).strip("-")[:60] or "briefing"
    body = to_markdown(note) if fmt == "md" else to_docx(note)
    return Response(
        body,
        mimetype=BRIEFING_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{filename or stem + "." + fmt}"',
            "Cache-Control": "private, no-store",
        },
    )


def original_document(meeting: MeetingView) -> Response:
    """The meeting's original file, if the viewer may have it (404 otherwise)."""
    from pathlib import Path

    if not get_store().document_available(meeting.id) or not Path(meeting.path).is_file():
        abort(404, description=f"The original document of meeting {meeting.id} is not available.")
    fmt = meeting.format
    response = send_file(
        meeting.path,
        mimetype=DOCUMENT_TYPES.get(fmt, "application/octet-stream"),
        as_attachment=fmt == "docx",
        download_name=meeting.source,
        conditional=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if fmt != "pdf":  # never let an uploaded document run script on this origin
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store" if current_viewer().sees_restricted else "private"
    return response


def document_available(meeting: MeetingView) -> bool:
    """Whether to offer the download link: the file exists and the access views allow it."""
    from pathlib import Path

    return bool(meeting.path) and Path(meeting.path).is_file() and get_store().document_available(meeting.id)
