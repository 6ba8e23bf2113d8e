"""The briefing builder: a topic or an entity, filters, the note on the page and as Word or Markdown."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from index.briefing import CANDIDATE_ITEMS, Briefing, build_briefing
from index.entities_store import visible_entity
from index.views import EntityView

from .. import params
from ..context import get_store
from ..downloads import briefing_file
from .blueprint import filter_options, pages, url_with

BRIEF_PAGE = (params.OPTIONAL_QUERY, params.ENTITY, *params.FILTERS, params.MAX_ITEMS)


def _briefing_args() -> dict:
    values = params.parse(BRIEF_PAGE, request.args, strict=False)
    return {
        "q": values["q"],
        "entity": values["entity"],
        "from": values["from"],
        "to": values["to"],
        "council": values["council"],
        "committee": values["committee"],
        "max_items": values["max_items"],
    }


def _build(args: dict) -> tuple[Briefing, EntityView | None]:
    entity = args["entity"]
    entity_record = None
    if entity and entity.isascii() and entity.isdigit():
        entity_record = visible_entity(get_store().conn, int(entity)) if len(entity) <= 18 else None
        if entity_record is None:
            abort(404, description=f"There is no entity {entity}, or it is not available to you.")
        entity = entity_record.name
    try:
        note = build_briefing(
            get_store(),
            query=args["q"],
            entity=entity,
            date_from=args["from"],
            date_to=args["to"],
            council=args["council"],
            committee=args["committee"],
            max_items=args["max_items"],
        )
    except LookupError:
        abort(404, description=f"No entity called \u201c{entity}\u201d appears in the minutes you can see.")
    return note, entity_record


@pages.get("/brief")
def brief_page():
    args = _briefing_args()
    note = entity_record = None
    if args["q"] or args["entity"]:
        note, entity_record = _build(args)
    councils, committees = filter_options()
    return render_template(
        "brief.html",
        args=args,
        note=note,
        entity_record=entity_record,
        councils=councils,
        committees=committees,
        md_url=url_with("pages.brief_md", args),
        docx_url=url_with("pages.brief_docx", args),
        more_url=url_with(
            "pages.brief_page", {**args, "max_items": min(args["max_items"] * 2, params.MAX_BRIEFING_ITEMS)}
        ),
        max_briefing_items=params.MAX_BRIEFING_ITEMS,
        candidate_items=CANDIDATE_ITEMS,
    )


def _download(fmt: str) -> Response:
    args = _briefing_args()
    if not args["q"] and not args["entity"]:
        abort(400, description="a briefing needs a topic ('q') or an entity ('entity')")
    note, _ = _build(args)
    return briefing_file(note, fmt)


@pages.get("/brief.md")
def brief_md() -> Response:
    return _download("md")


@pages.get("/brief.docx")
def brief_docx() -> Response:
    return _download("docx")
