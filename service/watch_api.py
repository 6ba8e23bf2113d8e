"""The watches API: a signed-in token's saved searches and watched entities, their matches and feeds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from index.access import ADMIN
from index.entities_store import find_entity, visible_entity
from index.store import Store
from index.watches import add_watch, get_watch, list_watches, matches_of, remove_watch, rotate_feed

from . import params
from .api import api
from .context import current_viewer, get_store, settings

WATCH_FIELDS = {"query", "council", "committee", "from", "to", "entity"}


def owner() -> int:
    """The token id of the signed-in caller (watches belong to a token)."""
    viewer = current_viewer()
    if viewer.token_id is None:
        abort(401, description="watches belong to a token: send 'Authorization: Bearer <token>'")
    return viewer.token_id


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        params.bad_request("the request body must be a JSON object with 'query' or 'entity'")
    unknown = sorted(set(body) - WATCH_FIELDS)
    if unknown:
        params.bad_request(f"unknown field(s): {', '.join(unknown)}; allowed: {', '.join(sorted(WATCH_FIELDS))}")
    return watch_values(body)


def watch_values(body: Mapping[str, Any]) -> dict[str, Any]:
    """The watch fields of a request (JSON body or form), checked: strings, dates, a query or an entity."""
    values: dict[str, Any] = {}
    for name in WATCH_FIELDS:
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > params.MAX_QUERY_CHARS or "\x00" in value):
            params.bad_request(f"field '{name}' must be a string of at most {params.MAX_QUERY_CHARS} characters")
        values[name] = " ".join(value.split()) if isinstance(value, str) and value.strip() else None
    for name in ("from", "to"):
        if values[name]:
            values[name] = params.parse_date(values[name], f"field '{name}'")
    if bool(values["query"]) == bool(values["entity"]):
        params.bad_request("give either 'query' (a search to save) or 'entity' (a name or id to watch)")
    return values


def create_watch(token_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Save the search or watch the entity `values` name, for the token; the new watch as the API shows it."""
    entity_id = entity_name = None
    if values["entity"]:
        name = values["entity"]
        conn = get_store().conn
        by_id = name.isascii() and name.isdigit() and len(name) <= 18
        found = visible_entity(conn, int(name)) if by_id else find_entity(conn, name)
        if found is None:
            abort(404, description=f"no entity called {values['entity']!r} in the minutes you can see")
        entity_id, entity_name = found.id, found.name
    with Store(settings().db_path, ADMIN) as store:
        store.require_writable()
        try:
            watch = add_watch(
                store.conn,
                token_id,
                query=values["query"],
                council=values["council"],
                committee=values["committee"],
                date_from=values["from"],
                date_to=values["to"],
                entity_id=entity_id,
                entity_name=entity_name,
            )
        except ValueError as exc:
            params.bad_request(str(exc))
    return watch.to_dict()


@api.get("/watches")
def watches() -> ResponseReturnValue:
    params.parse((), request.args)
    token_id = owner()
    return jsonify({"watches": [w.to_dict() for w in list_watches(get_store().conn, token_id)]})


@api.post("/watches")
def new_watch() -> ResponseReturnValue:
    token_id = owner()
    return jsonify(create_watch(token_id, _body())), 201


@api.route("/watches/<id:watch_id>", methods=["GET", "DELETE"])
def one_watch(watch_id: int) -> ResponseReturnValue:
    """One rule per path for all its methods (with one rule per method, an id too large to be a row made
    a 405 for DELETE instead of a 404)."""
    if request.method == "DELETE":
        return delete_watch(watch_id)
    params.parse((), request.args)
    watch = get_watch(get_store().conn, watch_id, owner())
    if watch is None:
        abort(404, description=f"you have no watch {watch_id}")
    return jsonify({**watch.to_dict(), "matches": [m.to_dict() for m in matches_of(get_store(), watch_id)]})


def delete_watch(watch_id: int) -> ResponseReturnValue:
    token_id = owner()
    with Store(settings().db_path, ADMIN) as store:
        store.require_writable()
        if not remove_watch(store.conn, watch_id, token_id):
            abort(404, description=f"you have no watch {watch_id}")
    return "", 204


@api.route("/watches/<id:watch_id>/feed", methods=["POST", "DELETE"])
def watch_feed(watch_id: int) -> ResponseReturnValue:
    """POST: a new secret feed URL for the watch (the old one stops working); DELETE: no feed at all."""
    return _feed(watch_id, revoke=request.method == "DELETE")


def _feed(watch_id: int, revoke: bool) -> ResponseReturnValue:
    token_id = owner()
    with Store(settings().db_path, ADMIN) as store:
        store.require_writable()
        watch = rotate_feed(store.conn, watch_id, token_id, revoke=revoke)
    if watch is None:
        abort(404, description=f"you have no watch {watch_id}")
    return jsonify(watch.to_dict())
