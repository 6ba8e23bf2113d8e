"""Request parameters declared once: the API, the pages and the OpenAPI document all read these.

A `Param` parses one query-string value (a bad or missing value is a 400 naming the parameter, with
the same message everywhere) and describes itself as an OpenAPI parameter. Limits live here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from flask import abort

from models.labels import LABELS

MAX_QUERY_CHARS = 500
MAX_NAME_CHARS = 200
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
MAX_BRIEFING_ITEMS = 30
NO_NUL = "^[^\\x00]*$"  # a NUL character in a parameter is a 400


def bad_request(message: str) -> NoReturn:
    """Stop the request with a 400 whose message names what is wrong."""
    abort(400, description=message)


@dataclass(frozen=True)
class Param:
    """One query-string parameter: its kind (text, int, date or choice), limits and description."""

    name: str
    kind: str = "text"
    description: str = ""
    required: bool = False
    default: Any = None
    low: int = 0
    high: int = 0
    limit: int = MAX_NAME_CHARS
    choices: tuple[str, ...] = ()

    def parse(self, raw: str | None) -> Any:
        """The value of this parameter from its raw text (None or "" gives the default)."""
        if self.kind == "text":
            return self._text(raw)
        if raw is None or raw == "":
            return self.default
        if self.kind == "int":
            try:
                value = int(raw)
            except ValueError:
                bad_request(f"parameter '{self.name}' must be an integer between {self.low} and {self.high}")
            if not self.low <= value <= self.high:
                bad_request(f"parameter '{self.name}' must be between {self.low} and {self.high}")
            return value
        if self.kind == "date":
            return parse_date(raw, f"parameter '{self.name}'")
        choice = raw.strip().upper() if self.kind == "upper-choice" else raw
        if choice not in self.choices:
            bad_request(f"parameter '{self.name}' must be one of {', '.join(self.choices)}")
        return choice

    def _text(self, raw: str | None) -> str | None:
        value = raw.strip() if raw else ""
        if self.required and not value:
            bad_request(f"parameter '{self.name}' is required")
        if len(value) > self.limit:
            bad_request(f"parameter '{self.name}' is longer than {self.limit} characters")
        if "\x00" in value:
            bad_request(f"parameter '{self.name}' contains a NUL character")
        if any("\ud800" <= c <= "\udfff" for c in value):
            bad_request(f"parameter '{self.name}' is not valid text")
        return value or None

    def schema(self) -> dict[str, Any]:
        """The JSON schema of the value, for OpenAPI."""
        if self.kind == "int":
            schema: dict[str, Any] = {"type": "integer", "minimum": self.low, "maximum": self.high}
            return {**schema, "default": self.default} if self.default is not None else schema
        if self.kind == "date":
            return {"type": "string", "format": "date"}
        if self.kind in ("choice", "upper-choice"):
            schema = {"type": "string", "enum": list(self.choices)}
            return {**schema, "default": self.default} if self.default is not None else schema
        schema = {"type": "string", "maxLength": self.limit, "pattern": NO_NUL}
        return {**schema, "minLength": 1} if self.required else schema

    def openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "schema": self.schema(),
            "description": self.description,
        }


def parse_date(raw: str, what: str) -> str:
    try:
        return date.fromisoformat(raw).isoformat()
    except (ValueError, TypeError):
        bad_request(f"{what} must be a date as YYYY-MM-DD")


def parse(params: Sequence[Param], args: Mapping[str, str], strict: bool = True) -> dict[str, Any]:
    """Every declared parameter's value by name; `strict` refuses parameters not declared (the API)."""
    if strict:
        allowed = {p.name for p in params}
        unknown = sorted(set(args) - allowed)
        if unknown:
            bad_request(f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    values = {p.name: p.parse(args.get(p.name)) for p in params}
    if values.get("from") and values.get("to") and values["from"] > values["to"]:
        bad_request("parameter 'from' is after 'to'")
    return values


def openapi_parameters(params: Sequence[Param]) -> list[dict[str, Any]]:
    return [p.openapi() for p in params]


# --- the parameters of the API and the pages ------------------------------------------------------

ENTITY_TYPES = LABELS

QUERY = Param("q", required=True, limit=MAX_QUERY_CHARS, description="what to search for")
OPTIONAL_QUERY = Param("q", limit=MAX_QUERY_CHARS, description="what to search for")
COUNCIL = Param("council", description="council name contains")
COMMITTEE = Param("committee", description="committee name contains")
DATE_FROM = Param("from", "date", description="meetings on or after (YYYY-MM-DD)")
DATE_TO = Param("to", "date", description="meetings on or before (YYYY-MM-DD)")
ENTITY = Param("entity", description="entity id or name")
FILTERS = (COUNCIL, COMMITTEE, DATE_FROM, DATE_TO)
API_K = Param("k", "int", default=10, low=1, high=100, description="number of results")
PAGE = Param("page", "int", default=1, low=1, high=MAX_PAGE)
PER_PAGE = Param("per_page", "int", default=50, low=1, high=MAX_PAGE_SIZE)
ENTITY_TYPE = Param("type", "upper-choice", choices=ENTITY_TYPES, description="entity type")
ENTITY_QUERY = Param("q", description="name or alias contains")
MAX_ITEMS = Param(
    "max_items", "int", default=8, low=1, high=MAX_BRIEFING_ITEMS, description="the most agenda items the note covers"
)
BRIEFING_FORMAT = Param("format", "choice", default="json", choices=("json", "md", "docx"))

SEARCH = (QUERY, API_K, *FILTERS, ENTITY)
MEETINGS = (*FILTERS, PAGE, PER_PAGE)
ENTITIES = (ENTITY_TYPE, ENTITY_QUERY)
