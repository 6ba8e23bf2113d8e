"""The OpenAPI 3 description of the JSON API."""

from __future__ import annotations

from typing import Any

from . import params


def _path_id(name: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
        "description": "",
    }


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _text(limit: int, **extra: Any) -> dict:
    return {"type": "string", "maxLength": limit, "pattern": params.NO_NUL, **extra}


_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_DATE = {"type": "string", "format": "date"}
_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema_ref: str, description: str = "ok") -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def openapi_document() -> dict:
    meeting_ref = _obj({"id": _INT, "source": _STR, "council": _STR, "committee": _STR, "date": _NSTR})
    entity_ref = _obj(
        {"id": _INT, "type": _STR, "name": _STR, "surfaces": {"type": "array", "items": _STR}, "count": _INT}
    )
    strings = {"type": "array", "items": _STR}
    records = {"type": "array", "items": {"type": "object", "required": ["text", "start", "end"]}}
    item = _obj(
        {
            "id": _INT,
            "meeting_id": _INT,
            "position": _INT,
            "number": _NSTR,
            "heading": _STR,
            "heading_as_written": _STR,
            "text": _STR,
            "start": _INT,
            "end": _INT,
            "access": _STR,
            "pages": {"type": "array", "items": _INT},
            "summary": strings,
            "decisions": records,
            "actions": records,
            "figures": records,
        }
    )
    person = _obj(
        {"name": _STR, "role": _NSTR, "title": _NSTR, "affiliation": _NSTR, "entity_id": {"type": ["integer", "null"]}}
    )
    entity_fields = {
        "id": _INT,
        "type": _STR,
        "name": _STR,
        "aliases": {"type": "array", "items": _STR},
        "mentions": _INT,
        "meetings": _INT,
        "first_date": _NSTR,
        "last_date": _NSTR,
    }
    schemas = {
        "Error": _obj({"error": _STR, "message": _STR, "status": _INT}),
        "SearchResponse": _obj(
            {
                "query": _STR,
                "took_ms": {"type": "number"},
                "match": {
                    "type": "string",
                    "enum": ["strong", "weak", "none"],
                    "description": "how well the best result answers the query (results below the floor are left out)",
                },
                "suggestions": {
                    "type": "array",
                    "description": "when nothing matches well: a closer spelling, or a filter to drop",
                    "items": {
                        "type": "object",
                        "required": ["kind"],
                        "properties": {
                            "kind": {"type": "string", "enum": ["spelling", "drop_filter"]},
                            "query": _STR,
                            "filter": _STR,
                            "results": _INT,
                            "match": _STR,
                        },
                    },
                },
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "description": "Agenda items (kind 'item'); first, for a 'who ...' question, the people"
                        " asked for (kind 'person': the attendance line with their role, at their latest meeting)",
                        "required": ["kind", "item_id", "score", "heading", "text", "snippet", "meeting"],
                        "properties": {
                            "kind": {"type": "string", "enum": ["item", "person"]},
                            "item_id": {"type": ["integer", "null"]},
                            "entity_id": _INT,
                            "name": _STR,
                            "role": _NSTR,
                            "score": {"type": "number"},
                            "relevance": {
                                "type": "number",
                                "minimum": 0,
                                "maximum": 1,
                                "description": "calibrated: the same scale for every query",
                            },
                            "heading": _STR,
                            "text": _STR,
                            "snippet": _STR,
                            "snippet_text": _STR,
                            "highlights": {"type": "array", "items": {"type": "array", "items": _INT}},
                            "summary": {"type": "array", "items": _STR},
                            "meeting": meeting_ref,
                        },
                    },
                },
            }
        ),
        "MeetingList": _obj(
            {
                "meetings": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": _INT,
                            "source": _STR,
                            "council": _STR,
                            "committee": _STR,
                            "date": _NSTR,
                            "item_count": _INT,
                        }
                    ),
                },
                "total": _INT,
                "page": _INT,
                "per_page": _INT,
            }
        ),
        "Meeting": _obj(
            {
                "id": _INT,
                "source": _STR,
                "format": _STR,
                "council": _STR,
                "committee": _STR,
                "date": _NSTR,
                "venue": _NSTR,
                "present": {"type": "array", "items": person},
                "officers": {"type": "array", "items": person},
                "apologies": {"type": "array", "items": person},
                "in_attendance": {"type": "array", "items": person},
                "kind": _NSTR,
                "items": {"type": "array", "items": item},
                "item_count": _INT,
                "entities": {"type": "array", "items": entity_ref},
            }
        ),
        "Item": {
            **item,
            "properties": {
                **item["properties"],
                "meeting": meeting_ref,
                "entities": {"type": "array", "items": entity_ref},
            },
            "required": item["required"] + ["meeting", "entities"],
        },
        "EntityList": _obj(
            {
                "entities": {
                    "type": "array",
                    "items": _obj(entity_fields),
                },
                "total": _INT,
            }
        ),
        "Entity": {
            "type": "object",
            "required": ["id", "type", "name", "aliases", "mentions", "meetings"],
            "properties": {
                **entity_fields,
                "meetings_attended": _INT,
                "roles": {"type": "array", "items": {"$ref": "#/components/schemas/RoleRecord"}},
            },
        },
        "RoleRecord": {
            "type": "object",
            "description": "A meeting a person is listed at, with the role, title and affiliation written there",
            "required": ["meeting", "kind", "line"],
            "properties": {
                "meeting": meeting_ref,
                "kind": {"type": "string", "enum": ["present", "officer", "apologies", "in_attendance", "signed"]},
                "role": _NSTR,
                "title": _NSTR,
                "affiliation": _NSTR,
                "line": _STR,
            },
        },
        "MentionList": _obj(
            {
                "entity_id": _INT,
                "total": _INT,
                "mentions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["item_id", "meeting_id", "heading", "sentence", "kind"],
                        "properties": {
                            "item_id": {"type": ["integer", "null"], "description": "null for an attendance entry"},
                            "kind": {
                                "type": "string",
                                "enum": ["text", "present", "officer", "apologies", "in_attendance", "signed"],
                            },
                            "role": _NSTR,
                            "title": _NSTR,
                            "affiliation": _NSTR,
                            "rule": _STR,
                            "meeting_id": _INT,
                            "date": _NSTR,
                            "committee": _STR,
                            "council": _STR,
                            "heading": _STR,
                            "sentence": _STR,
                            "surface": _STR,
                            "start": _INT,
                            "end": _INT,
                        },
                    },
                },
            }
        ),
        "Health": {"type": "object", "required": ["status"], "properties": {"status": _STR}},
        "BriefingRequest": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "query": _text(500),
                "entity": _text(500),
                "from": _DATE,
                "to": _DATE,
                "council": _text(500),
                "committee": _text(500),
                "max_items": {"type": "integer", "minimum": 1, "maximum": params.MAX_BRIEFING_ITEMS, "default": 8},
            },
            "anyOf": [
                {"required": ["query"], "properties": {"query": {"minLength": 1, "pattern": "\\S"}}},
                {"required": ["entity"], "properties": {"entity": {"minLength": 1, "pattern": "\\S"}}},
            ],
        },
        "Briefing": {
            "type": "object",
            "required": ["title", "overview", "sections", "decisions", "actions", "figures"],
            "properties": {
                "title": _STR,
                "query": _NSTR,
                "entity": {"type": ["object", "null"]},
                "filters": {"type": "object"},
                "overview": {"type": "array", "items": {"$ref": "#/components/schemas/CitedSentence"}},
                "sections": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["item_id", "heading", "citation", "sentences"],
                        "properties": {
                            "item_id": _INT,
                            "heading": _STR,
                            "citation": {"$ref": "#/components/schemas/Citation"},
                            "sentences": {"type": "array", "items": {"$ref": "#/components/schemas/CitedSentence"}},
                            "decisions": {"type": "array"},
                            "actions": {"type": "array"},
                            "figures": {"type": "array"},
                        },
                    },
                },
                "decisions": {"type": "array"},
                "actions": {"type": "array"},
                "figures": {"type": "array"},
                "attendance": {
                    "type": "array",
                    "description": "For a person: the meetings they are listed at, in date order",
                    "items": {"$ref": "#/components/schemas/RoleRecord"},
                },
                "matching": {"type": "integer", "description": "items that match (above the relevance floor)"},
                "shown": {"type": "integer", "description": "items the note covers"},
                "max_items": _INT,
            },
        },
        "CitedSentence": _obj(
            {
                "text": _STR,
                "item_id": _INT,
                "citation": {"$ref": "#/components/schemas/Citation"},
                "start": _INT,
                "end": _INT,
            }
        ),
        "Citation": _obj(
            {
                "item_id": _INT,
                "meeting_id": _INT,
                "council": _STR,
                "committee": _STR,
                "date": _NSTR,
                "heading": _STR,
                "pages": {"type": "array", "items": _INT},
                "source": _STR,
                "label": _STR,
            }
        ),
    }
    schemas.update(_watch_schemas(meeting_ref))
    errors = {"400": _ERROR, "404": _ERROR}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Quorum",
            "version": "0.1.0",
            "description": "Search and briefings over council meeting minutes. Restricted items are visible "
            "only to officers (Authorization: Bearer TOKEN).",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Hybrid search over agenda items",
                    "parameters": params.openapi_parameters(params.SEARCH),
                    "responses": {"200": _json("SearchResponse"), "400": _ERROR, "503": _ERROR},
                }
            },
            "/api/meetings": {
                "get": {
                    "summary": "List meetings",
                    "parameters": params.openapi_parameters(params.MEETINGS),
                    "responses": {"200": _json("MeetingList"), "400": _ERROR},
                }
            },
            "/api/meetings/{meeting_id}": {
                "get": {
                    "summary": "One meeting with items and entities",
                    "parameters": [_path_id("meeting_id")],
                    "responses": {"200": _json("Meeting"), **errors},
                }
            },
            "/api/items/{item_id}": {
                "get": {
                    "summary": "One agenda item",
                    "parameters": [_path_id("item_id")],
                    "responses": {"200": _json("Item"), **errors},
                }
            },
            "/api/entities": {
                "get": {
                    "summary": "Entities with mention counts",
                    "parameters": params.openapi_parameters(params.ENTITIES),
                    "responses": {"200": _json("EntityList"), "400": _ERROR},
                }
            },
            "/api/entities/{entity_id}": {
                "get": {
                    "summary": "One entity; for a person also their roles and the meetings they are listed at",
                    "parameters": [_path_id("entity_id")],
                    "responses": {"200": _json("Entity"), **errors},
                }
            },
            "/api/entities/{entity_id}/mentions": {
                "get": {
                    "summary": "Every mention of an entity",
                    "parameters": [_path_id("entity_id")],
                    "responses": {"200": _json("MentionList"), **errors},
                }
            },
            "/api/briefing": {
                "post": {
                    "summary": "A briefing note on a topic or entity; every sentence copied from the minutes and cited",
                    "parameters": params.openapi_parameters((params.BRIEFING_FORMAT,)),
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BriefingRequest"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "the briefing (JSON, Markdown or Word)",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Briefing"}},
                                "text/markdown": {"schema": {"type": "string"}},
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                            },
                        },
                        **errors,
                        "503": _ERROR,
                    },
                }
            },
            "/api/openapi.json": {
                "get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI document"}}}
            },
            "/healthz": {"get": {"summary": "Health check", "responses": {"200": _json("Health")}}},
            **_watch_paths(),
        },
        "components": {"schemas": schemas},
    }


def _watch_schemas(meeting_ref: dict) -> dict[str, Any]:
    watch = {
        "type": "object",
        "required": ["id", "kind", "title", "created_at"],
        "properties": {
            "id": _INT,
            "kind": {"type": "string", "enum": ["search", "entity"]},
            "title": _STR,
            "query": _NSTR,
            "council": _NSTR,
            "committee": _NSTR,
            "date_from": _NSTR,
            "date_to": _NSTR,
            "entity_id": {"type": ["integer", "null"]},
            "entity_name": _NSTR,
            "feed": {"type": ["string", "null"], "description": "the Atom feed's secret path (null: turned off)"},
            "created_at": _STR,
            "last_digest_at": _NSTR,
        },
    }
    match = _obj(
        {
            "watch_id": _INT,
            "item_id": _INT,
            "heading": _STR,
            "snippet": _STR,
            "council": _STR,
            "committee": _STR,
            "date": _NSTR,
            "source": _STR,
            "relevance": {"type": ["number", "null"]},
            "matched_at": _STR,
        }
    )
    return {
        "Watch": watch,
        "WatchList": _obj({"watches": {"type": "array", "items": {"$ref": "#/components/schemas/Watch"}}}),
        "WatchDetail": {
            "allOf": [
                {"$ref": "#/components/schemas/Watch"},
                {
                    "type": "object",
                    "required": ["matches"],
                    "properties": {"matches": {"type": "array", "items": match}},
                },
            ]
        },
        "WatchRequest": {
            "type": "object",
            "additionalProperties": False,
            "description": "a search to save ('query' with filters) or an entity to watch (a name or id)",
            "properties": {
                "query": _text(params.MAX_QUERY_CHARS),
                "entity": _text(500),
                "council": _text(500),
                "committee": _text(500),
                "from": _DATE,
                "to": _DATE,
            },
        },
    }


def _watch_paths() -> dict[str, Any]:
    owned = {"400": _ERROR, "401": _ERROR, "404": _ERROR}
    watch_id = _path_id("watch_id")
    note = " (needs Authorization: Bearer TOKEN; watches belong to the token)"
    return {
        "/api/watches": {
            "get": {
                "summary": "Your watches" + note,
                "responses": {"200": _json("WatchList"), "400": _ERROR, "401": _ERROR},
            },
            "post": {
                "summary": "Save a search or watch an entity" + note,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WatchRequest"}}},
                },
                "responses": {"201": _json("Watch"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            },
        },
        "/api/watches/{watch_id}": {
            "get": {
                "summary": "One watch with its matches" + note,
                "parameters": [watch_id],
                "responses": {"200": _json("WatchDetail"), **owned},
            },
            "delete": {
                "summary": "Stop watching" + note,
                "parameters": [watch_id],
                "responses": {"204": {"description": "removed"}, **owned},
            },
        },
        "/api/watches/{watch_id}/feed": {
            "post": {
                "summary": "A new secret feed address (the old one stops working)" + note,
                "parameters": [watch_id],
                "responses": {"200": _json("Watch"), **owned},
            },
            "delete": {
                "summary": "Turn the feed off" + note,
                "parameters": [watch_id],
                "responses": {"200": _json("Watch"), **owned},
            },
        },
    }
