"""Entities by type, and one entity's page with every mention grouped by meeting."""

from __future__ import annotations

from flask import abort, render_template, request

from index.entities_store import entity_mentions, list_entities, visible_entity
from index.people import roles_of

from .. import params, render, timeline
from ..context import get_store
from .blueprint import pages, url_with

ENTITIES_PER_PAGE = 100
ENTITIES_PAGE = (params.ENTITY_TYPE, params.ENTITY_QUERY, params.PAGE)


@pages.get("/entities")
def entities_page():
    values = params.parse(ENTITIES_PAGE, request.args, strict=False)
    entity_type, q, page = values["type"], values["q"], values["page"]
    everything = list_entities(get_store().conn, None, q)
    type_counts = dict.fromkeys(params.ENTITY_TYPES, 0)
    for entity in everything:
        type_counts[entity.type] = type_counts.get(entity.type, 0) + 1
    found = [e for e in everything if not entity_type or e.type == entity_type]
    args = {"type": entity_type, "q": q}
    shown = found[(page - 1) * ENTITIES_PER_PAGE : page * ENTITIES_PER_PAGE]
    return render_template(
        "entities.html",
        entities=shown,
        total=len(found),
        entity_type=entity_type,
        q=q or "",
        types=params.ENTITY_TYPES,
        type_counts=type_counts,
        all_count=len(everything),
        first=(page - 1) * ENTITIES_PER_PAGE + 1,
        prev_url=url_with("pages.entities_page", args, page=page - 1) if page > 1 else None,
        next_url=url_with("pages.entities_page", args, page=page + 1)
        if page * ENTITIES_PER_PAGE < len(found)
        else None,
    )


@pages.get("/entities/<id:entity_id>")
def entity_page(entity_id: int):
    conn = get_store().conn
    entity = visible_entity(conn, entity_id)
    mentions = entity_mentions(conn, entity_id) if entity else []
    if entity is None or not mentions:
        abort(404, description=f"There is no entity {entity_id}, or it is not available to you.")
    meetings: list[dict] = []
    for mention in mentions:
        if not meetings or meetings[-1]["meeting_id"] != mention.meeting_id:
            meetings.append(
                {
                    "meeting_id": mention.meeting_id,
                    "date": mention.date,
                    "council": mention.council,
                    "committee": mention.committee,
                    "mentions": [],
                }
            )
        meetings[-1]["mentions"].append(
            {
                "item_id": mention.item_id,
                "meeting_id": mention.meeting_id,
                "heading": mention.heading,
                "in_heading": mention.in_heading,
                "kind": mention.kind,
                "role": mention.role,
                "marked": render.highlight(mention.sentence or mention.surface, mention.surface),
            }
        )
    roles = roles_of(conn, entity_id) if entity.type == "PERSON" else []
    chart = timeline.build([(m.date, m.council) for m in mentions])
    return render_template(
        "entity.html",
        entity=entity,
        meetings=meetings,
        total=len(mentions),
        roles=roles,
        chart=chart,
        chart_svg=timeline.svg(chart, f"Mentions of {entity.name}", "entity-chart") if chart else "",
    )
