"""Agenda items, meetings and their original documents."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, redirect, render_template, request, url_for

from index.access import ADMIN
from index.entities_store import item_entities, meeting_entities
from index.facts_store import item_facts
from index.passage_index import refresh_vectors
from index.store import Store
from index.summary_store import summaries_for

from .. import auth, params, render
from ..context import get_store, settings
from ..downloads import original_available, original_document
from .blueprint import filter_options, pages, url_with

MEETINGS_PER_PAGE = 50
MEETINGS_PAGE = (params.PAGE, *params.FILTERS)


@pages.get("/items/<id:item_id>")
def item_page(item_id: int):
    store = get_store()
    item = store.item(item_id)
    meeting = store.meeting(item.meeting_id) if item is not None else None
    if item is None or meeting is None:
        abort(404, description=f"There is no agenda item {item_id}, or it is not available to you.")
    return render_template(
        "item.html",
        item=item,
        meeting=meeting,
        paragraphs=render.paragraphs(item.text),
        facts=item_facts(store.conn, item_id),
        entities=item_entities(store.conn, item_id),
        summary=summaries_for(store.conn, [item_id]).get(item_id, []),
        original_available=original_available(meeting),
    )


@pages.get("/meetings/<id:meeting_id>")
def meeting_page(meeting_id: int):
    store = get_store()
    meeting = store.meeting(meeting_id)
    if meeting is None:
        abort(404, description=f"There is no meeting {meeting_id}, or it is not available to you.")
    paragraphs = {item.id: render.paragraphs(item.text) for item in meeting.items}
    return render_template(
        "meeting.html",
        meeting=meeting,
        paragraphs=paragraphs,
        entities=meeting_entities(store.conn, meeting_id),
        original_available=original_available(meeting),
    )


@pages.get("/meetings")
def meetings_page():
    values = params.parse(MEETINGS_PAGE, request.args, strict=False)
    page = values["page"]
    council, committee, date_from, date_to = values["council"], values["committee"], values["from"], values["to"]
    rows, total = get_store().list_meetings(
        council, committee, date_from, date_to, limit=MEETINGS_PER_PAGE, offset=(page - 1) * MEETINGS_PER_PAGE
    )
    args = {"council": council, "committee": committee, "from": date_from, "to": date_to}
    councils, committees = filter_options()
    return render_template(
        "meetings.html",
        removed=request.args.get("removed", "")[:200],
        meetings=rows,
        total=total,
        page=page,
        args=args,
        councils=councils,
        committees=committees,
        prev_url=url_with("pages.meetings_page", args, page=page - 1) if page > 1 else None,
        next_url=url_with("pages.meetings_page", args, page=page + 1) if page * MEETINGS_PER_PAGE < total else None,
    )


@pages.get("/documents/<id:meeting_id>")
def document(meeting_id: int) -> Response:
    meeting = get_store().meeting(meeting_id)
    if meeting is None:
        abort(404, description=f"The original document of meeting {meeting_id} is not available.")
    return original_document(meeting)


@pages.post("/meetings/<id:meeting_id>/remove")
def remove_meeting(meeting_id: int):
    """An administrator removes a document and everything derived from it."""
    if not auth.require_admin():
        abort(401, description="Sign in with an administrator token to remove meetings.")
    auth.check_csrf()
    config = settings()
    with Store(config.db_path, ADMIN) as store:
        targets = store.find_documents(str(meeting_id))
        if not targets:
            abort(404, description=f"There is no meeting {meeting_id}.")
        store.remove_document(int(targets[0]["id"]))
        refresh_vectors(store, config.data)
    uploaded = Path(targets[0]["path"])
    if uploaded.parent == (Path(config.data) / "uploads").resolve():
        uploaded.unlink(missing_ok=True)
    return redirect(url_for("pages.meetings_page", removed=targets[0]["source"]), code=303)
