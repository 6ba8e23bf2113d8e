"""Files handed to the user: briefing notes as Markdown or Word, and original minutes documents."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import Response, abort, request, send_file

from index.briefing import Briefing
from index.views import MeetingView, long_date

from .context import current_viewer, get_store, settings
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


def attachment(filename: str) -> str:
    """A Content-Disposition value for a download named `filename`: an ASCII name every client reads, and
    the name as written (RFC 6266 `filename*`) when it has other letters (headers travel as Latin-1)."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c))
    plain = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", letters)).strip("-.") or "download"
    if plain == filename:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def link_root() -> str:
    """Where links in exports, feeds and pages point: QUORUM_BASE_URL, else the address the request came to."""
    return (settings().base_url or request.host_url).rstrip("/")


def briefing_file(note: Briefing, fmt: str, filename: str | None = None) -> Response:
    """The briefing as a download; the file is named after its title unless `filename` is given."""
    stem = re.sub(r"[^a-z0-9]+", "-", note.title.lower()).strip("-")[:60] or "briefing"
    base_url = link_root()
    body = to_markdown(note, base_url) if fmt == "md" else to_docx(note, base_url)
    return Response(
        body,
        content_type=BRIEFING_TYPES[fmt],
        headers={
            "Content-Disposition": attachment(filename or f"{stem}.{fmt}"),
            "Cache-Control": "private, no-store",
        },
    )


def public_record(meeting: MeetingView) -> Response:
    """The meeting as the viewer may read it, as plain text: header, attendance and every visible item.

    Originals can hold restricted items, so only viewers entitled to those download them; everyone else
    gets this for every meeting alike, so a download never tells which meetings hold restricted items.
    """
    lines = [f"{meeting.council}", f"{meeting.committee}", long_date(meeting.date)]
    if meeting.venue:
        lines.append(meeting.venue)
    lines += ["", f"Source: {meeting.source} (the public record of this meeting, as kept by Quorum)", ""]
    for kind, title in (("present", "Present"), ("officers", "Officers"), ("apologies", "Apologies")):
        people = getattr(meeting, kind)
        if people:
            lines.append(f"{title}: " + ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in people))
    for item in meeting.items:
        lines += ["", f"{item.number + '. ' if item.number else ''}{item.heading}", "", item.text]
    stem = Path(meeting.source).stem
    return Response(
        "\n".join(lines) + "\n",
        content_type="text/plain; charset=utf-8",
        headers={
            "Content-Disposition": attachment(f"{stem}.public.txt"),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "private",
        },
    )


def original_document(meeting: MeetingView) -> Response:
    """The meeting's original file for viewers entitled to all of it; the public record for everyone else."""
    if not current_viewer().sees_restricted:
        return public_record(meeting)
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


def original_available(meeting: MeetingView) -> bool:
    """Whether the download is the original file (linkable by page) rather than the public record."""
    return (
        current_viewer().sees_restricted
        and bool(meeting.path)
        and Path(meeting.path).is_file()
        and get_store().document_available(meeting.id)
    )
