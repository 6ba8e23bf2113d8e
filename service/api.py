"""The JSON API. Every handler reads through the request's Store, whose views apply the access check."""
from __future__ import annotations

import time
from datetime import date

from flask import Blueprint, abort, jsonify, request

from .app import get_store
from .openapi import openapi_document

api = Blueprint("api", __name__, url_prefix="/api")

MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 200


def _bad(message: str) -> None:
    abort(400, description=message)


def _check_known(allowed: set[str]) -> None:
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        _bad(f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        _bad(f"parameter '{name}' must be an integer between {low} and {high}")
    if not low <= value <= high:
        _bad(f"parameter '{name}' must be between {low} and {high}")
    return value


def date_param(name: str) -> str | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        _bad(f"parameter '{name}' must be a date as YYYY-MM-DD")
    return None


def text_param(name: str, required: bool = False, limit: int = 200) -> str | None:
    raw = request.args.get(name)
    value = raw.strip() if raw else ""
    if required and not value:
        _bad(f"parameter '{name}' is required")
    if len(value) > limit:
        _bad(f"parameter '{name}' is longer than {limit} characters")
    if "\x00" in value:
        _bad(f"parameter '{name}' contains a NUL character")
    return value or None


def _date_range() -> tuple[str | None, str | None]:
    date_from, date_to = date_param("from"), date_param("to")
    if date_from and date_to and date_from > date_to:
        _bad("parameter 'from' is after 'to'")
    return date_from, date_to


@api.get("/search")
def search():  # noqa: ANN201
    _check_known({"q", "k", "council", "committee", "from", "to", "entity"})
    query = text_param("q", required=True, limit=MAX_QUERY_CHARS)
    k = int_param("k", 10, 1, 100)
    date_from, date_to = _date_range()
    started = time.perf_counter()
    from index.search import search as run_search

    response = run_search(get_store(), query, k=k, council=text_param("council"), committee=text_param("committee"),
                          date_from=date_from, date_to=date_to, entity=text_param("entity"))
    results = response["results"] if isinstance(response, dict) else response.results
    from index.summary_store import summaries_for

    summaries = summaries_for(get_store().conn, [r["item_id"] for r in results])
    results = [{**r, "summary": [s["text"] for s in summaries.get(r["item_id"], [])]} for r in results]
    return jsonify({"query": query, "took_ms": round((time.perf_counter() - started) * 1000, 1),
                    "results": results})


@api.get("/meetings")
def meetings():  # noqa: ANN201
    _check_known({"council", "committee", "from", "to", "page", "per_page"})
    page = int_param("page", 1, 1, 100000)
    per_page = int_param("per_page", 50, 1, MAX_PAGE_SIZE)
    date_from, date_to = _date_range()
    rows, total = get_store().list_meetings(text_param("council"), text_param("committee"), date_from, date_to,
                                            limit=per_page, offset=(page - 1) * per_page)
    listed = [{k: m[k] for k in ("id", "source", "council", "committee", "date", "item_count")} for m in rows]
    return jsonify({"meetings": listed, "total": total, "page": page, "per_page": per_page})


@api.get("/meetings/<id:meeting_id>")
def meeting(meeting_id: int):  # noqa: ANN201
    _check_known(set())
    store = get_store()
    found = store.meeting(meeting_id)
    if found is None:
        abort(404, description=f"no meeting with id {meeting_id}")
    found.pop("path", None)
    from index.entities_store import meeting_entities

    found["entities"] = meeting_entities(store.conn, meeting_id)
    _add_item_details(store, found["items"])
    return jsonify(found)


def _add_item_details(store, items: list[dict]) -> None:  # noqa: ANN001
    """Each item's stored summary, decisions, actions and figures."""
    from index.facts_store import item_facts
    from index.summary_store import summaries_for

    summaries = summaries_for(store.conn, [item["id"] for item in items])
    for item in items:
        item["summary"] = [s["text"] for s in summaries.get(item["id"], [])]
        item.update(item_facts(store.conn, item["id"]))


@api.get("/items/<id:item_id>")
def item(item_id: int):  # noqa: ANN201
    _check_known(set())
    store = get_store()
    found = store.item(item_id)
    if found is None:
        abort(404, description=f"no item with id {item_id}")
    from index.entities_store import item_entities

    found["entities"] = item_entities(store.conn, item_id)
    _add_item_details(store, [found])
    return jsonify(found)


ENTITY_TYPES = ("OPERATION", "PROJECT", "STRATEGY", "PLACE", "ORG", "PERSON", "LEGISLATION")


@api.get("/entities")
def entities():  # noqa: ANN201
    _check_known({"type", "q"})
    entity_type = text_param("type")
    if entity_type and entity_type.upper() not in ENTITY_TYPES:
        _bad(f"parameter 'type' must be one of {', '.join(ENTITY_TYPES)}")
    from index.entities_store import list_entities

    found = list_entities(get_store().conn, entity_type.upper() if entity_type else None, text_param("q"))
    return jsonify({"entities": found, "total": len(found)})


@api.get("/entities/<id:entity_id>/mentions")
def entity_mentions(entity_id: int):  # noqa: ANN201
    _check_known(set())
    from index.entities_store import entity_mentions as mentions_of

    found = mentions_of(get_store().conn, entity_id)
    if not found:
        abort(404, description=f"no entity with id {entity_id}")
    return jsonify({"entity_id": entity_id, "mentions": found, "total": len(found)})


@api.get("/openapi.json")
def openapi():  # noqa: ANN201
    return jsonify(openapi_document())


BRIEFING_FIELDS = {"query", "entity", "from", "to", "council", "committee", "max_items"}


def _briefing_request() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        _bad("the request body must be a JSON object with 'query' or 'entity'")
    unknown = sorted(set(body) - BRIEFING_FIELDS)
    if unknown:
        _bad(f"unknown field(s): {', '.join(unknown)}; allowed: {', '.join(sorted(BRIEFING_FIELDS))}")
    for name in BRIEFING_FIELDS - {"max_items"}:
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_QUERY_CHARS or "\x00" in value):
            _bad(f"field '{name}' must be a string of at most {MAX_QUERY_CHARS} characters")
    query, entity = (body.get("query") or "").strip(), (body.get("entity") or "").strip()
    if not query and not entity:
        _bad("field 'query' or 'entity' is required")
    dates = {}
    for name in ("from", "to"):
        if body.get(name):
            try:
                dates[name] = date.fromisoformat(body[name]).isoformat()
            except ValueError:
                _bad(f"field '{name}' must be a date as YYYY-MM-DD")
    max_items = body.get("max_items", 8)
    if isinstance(max_items, float) and max_items.is_integer():
        max_items = int(max_items)  # JSON has one number type: 8.0 is the integer 8
    if not isinstance(max_items, int) or isinstance(max_items, bool) or not 1 <= max_items <= 30:
        _bad("field 'max_items' must be an integer between 1 and 30")
    return {"query": query or None, "entity": entity or None, "date_from": dates.get("from"),
            "date_to": dates.get("to"), "council": body.get("council") or None,
            "committee": body.get("committee") or None, "max_items": max_items}


@api.post("/briefing")
def briefing():  # noqa: ANN201
    _check_known({"format"})
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "md", "docx"):
        _bad("parameter 'format' must be one of json, md, docx")
    params = _briefing_request()
    from index.briefing import build_briefing

    try:
        note = build_briefing(get_store(), **params)
    except LookupError as exc:
        abort(404, description=str(exc))
    from flask import Response

    from .export import to_docx, to_markdown

    if fmt == "md":
        return Response(to_markdown(note), mimetype="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="briefing.md"'})
    if fmt == "docx":
        return Response(to_docx(note),
                        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": 'attachment; filename="briefing.docx"'})
    return jsonify(note.as_dict())
