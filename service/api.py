"""The JSON API. Every handler reads through the request's Store, whose views apply the access check;
parameters are declared in `service.params` (which the OpenAPI document describes)."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, abort, jsonify, request
from werkzeug.exceptions import HTTPException

from index.briefing import build_briefing
from index.entities_store import entity_mentions as mentions_of
from index.entities_store import item_entities, list_entities, meeting_entities, visible_entity
from index.facts_store import item_facts
from index.people import ATTENDED, roles_of
from index.search import search as run_search
from index.store import Store
from index.summary_store import summaries_for

from . import params
from .context import get_store
from .downloads import briefing_file
from .openapi import openapi_document
from .render import hit_json

api = Blueprint("api", __name__, url_prefix="/api")

BRIEFING_FIELDS = {"query", "entity", "from", "to", "council", "committee", "max_items"}


@api.get("/search")
def search():
    values = params.parse(params.SEARCH, request.args)
    started = time.perf_counter()
    store = get_store()
    response = run_search(
        store,
        values["q"],
        k=values["k"],
        council=values["council"],
        committee=values["committee"],
        date_from=values["from"],
        date_to=values["to"],
        entity=values["entity"],
    )
    summaries = summaries_for(store.conn, [hit.item_id for hit in response.results])
    results = [person.to_dict() for person in response.people]
    results += [hit_json(hit, [s["text"] for s in summaries.get(hit.item_id, [])]) for hit in response.results]
    return jsonify(
        {
            "query": values["q"],
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
            "match": response.match,
            "suggestions": response.suggestions,
            "results": results,
        }
    )


@api.get("/meetings")
def meetings():
    values = params.parse(params.MEETINGS, request.args)
    page, per_page = values["page"], values["per_page"]
    rows, total = get_store().list_meetings(
        values["council"],
        values["committee"],
        values["from"],
        values["to"],
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    return jsonify({"meetings": [m.to_dict() for m in rows], "total": total, "page": page, "per_page": per_page})


def _item_details(store: Store, items: list[dict[str, Any]]) -> None:
    """Each item's stored summary, decisions, actions and figures."""
    summaries = summaries_for(store.conn, [item["id"] for item in items])
    for item in items:
        item["summary"] = [s["text"] for s in summaries.get(item["id"], [])]
        item.update(item_facts(store.conn, item["id"]))


@api.get("/meetings/<id:meeting_id>")
def meeting(meeting_id: int):
    params.parse((), request.args)
    store = get_store()
    found = store.meeting(meeting_id)
    if found is None:
        abort(404, description=f"no meeting with id {meeting_id}")
    body = found.to_dict()
    body["entities"] = [e.to_dict() for e in meeting_entities(store.conn, meeting_id)]
    _item_details(store, body["items"])
    return jsonify(body)


@api.get("/items/<id:item_id>")
def item(item_id: int):
    params.parse((), request.args)
    store = get_store()
    found = store.item(item_id)
    if found is None:
        abort(404, description=f"no item with id {item_id}")
    body = found.to_dict()
    body["entities"] = [e.to_dict() for e in item_entities(store.conn, item_id)]
    _item_details(store, [body])
    return jsonify(body)


@api.get("/entities")
def entities():
    values = params.parse(params.ENTITIES, request.args)
    found = list_entities(get_store().conn, values["type"], values["q"])
    return jsonify({"entities": [e.to_dict() for e in found], "total": len(found)})


@api.get("/entities/<id:entity_id>")
def entity(entity_id: int):
    """An entity as the viewer may see it; for a person, the roles and meetings the attendance lists give."""
    params.parse((), request.args)
    conn = get_store().conn
    found = visible_entity(conn, entity_id)
    if found is None:
        abort(404, description=f"no entity with id {entity_id}")
    body = found.to_dict()
    if found.type == "PERSON":
        records = roles_of(conn, entity_id)
        body["roles"] = [r.to_dict() for r in records]
        body["meetings_attended"] = len({r.meeting.id for r in records if r.kind in ATTENDED})
    return jsonify(body)


@api.get("/entities/<id:entity_id>/mentions")
def entity_mentions(entity_id: int):
    params.parse((), request.args)
    found = mentions_of(get_store().conn, entity_id)
    if not found:
        abort(404, description=f"no entity with id {entity_id}")
    return jsonify({"entity_id": entity_id, "mentions": [m.to_dict() for m in found], "total": len(found)})


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


def _text_field(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or len(value) > params.MAX_QUERY_CHARS
        or "\x00" in value
        or any("\ud800" <= c <= "\udfff" for c in value)
    ):
        params.bad_request(f"field '{name}' must be a string of at most {params.MAX_QUERY_CHARS} characters")
    return value.strip() or None


def briefing_request() -> dict[str, Any]:
    """The briefing parameters of a JSON body, checked (a 400 names the field at fault)."""
    try:
        body = request.get_json(silent=True)
    except (RecursionError, ValueError, OSError, HTTPException):  # too deeply nested, or a malformed chunked body
        params.bad_request("the request body could not be read as JSON")
    except Exception:
        params.bad_request("the request body could not be read")
    if not isinstance(body, dict):
        params.bad_request("the request body must be a JSON object with 'query' or 'entity'")
    unknown = sorted(set(body) - BRIEFING_FIELDS)
    if unknown:
        params.bad_request(f"unknown field(s): {', '.join(unknown)}; allowed: {', '.join(sorted(BRIEFING_FIELDS))}")
    texts = {name: _text_field(body, name) for name in BRIEFING_FIELDS - {"max_items"}}
    if not texts["query"] and not texts["entity"]:
        params.bad_request("field 'query' or 'entity' is required")
    dates = {
        name: params.parse_date(raw, f"field '{name}'") if (raw := texts[name]) else None for name in ("from", "to")
    }
    max_items = body.get("max_items", 8)
    if isinstance(max_items, float) and max_items.is_integer():
        max_items = int(max_items)  # JSON has one number type: 8.0 is the integer 8
    if not isinstance(max_items, int) or isinstance(max_items, bool) or not 1 <= max_items <= params.MAX_BRIEFING_ITEMS:
        params.bad_request(f"field 'max_items' must be an integer between 1 and {params.MAX_BRIEFING_ITEMS}")
    return {
        "query": texts["query"],
        "entity": texts["entity"],
        "date_from": dates["from"],
        "date_to": dates["to"],
        "council": texts["council"],
        "committee": texts["committee"],
        "max_items": max_items,
    }


@api.post("/briefing")
def briefing():
    fmt = params.parse((params.BRIEFING_FORMAT,), request.args)["format"]
    try:
        note = build_briefing(get_store(), **briefing_request())
    except LookupError as exc:
        abort(404, description=str(exc))
    if fmt in ("md", "docx"):
        return briefing_file(note, fmt, filename=f"briefing.{fmt}")
    return jsonify(note.as_dict())
