"""Request parameters: one declaration parses requests (with the same 400 messages everywhere) and
describes the parameter in the OpenAPI document."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import BadRequest

from service import params


def _message(specs, args, strict=True) -> str:
    with pytest.raises(BadRequest) as raised:
        params.parse(specs, args, strict)
    return str(raised.value.description)


def test_values_defaults_and_normalisation() -> None:
    values = params.parse(params.SEARCH, {"q": "  street drinking ", "from": "2024-01-05"})
    assert values == {
        "q": "street drinking",
        "k": 10,
        "council": None,
        "committee": None,
        "from": "2024-01-05",
        "to": None,
        "entity": None,
    }
    assert params.parse(params.ENTITIES, {"type": "person"})["type"] == "PERSON"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "parameter 'q' is required"),
        ({"q": "x", "k": "0"}, "parameter 'k' must be between 1 and 100"),
        ({"q": "x", "k": "abc"}, "parameter 'k' must be an integer between 1 and 100"),
        ({"q": "x", "from": "2024-13-01"}, "parameter 'from' must be a date as YYYY-MM-DD"),
        ({"q": "x", "from": "2025-01-01", "to": "2024-01-01"}, "parameter 'from' is after 'to'"),
        ({"q": "x", "colour": "red"}, "unknown parameter(s): colour"),
        ({"q": "x" * 501}, "parameter 'q' is longer than 500 characters"),
        ({"q": "a\x00b"}, "parameter 'q' contains a NUL character"),
    ],
)
def test_bad_values_name_the_parameter(args: dict, message: str) -> None:
    assert message in _message(params.SEARCH, args)


def test_pages_ignore_unknown_parameters_the_api_refuses() -> None:
    assert params.parse(params.MEETINGS, {"utm_source": "mail"}, strict=False)["page"] == 1
    assert "unknown parameter" in _message(params.MEETINGS, {"utm_source": "mail"})
    assert "must be one of OPERATION" in _message(params.ENTITIES, {"type": "weather"})


def test_openapi_describes_the_same_limits() -> None:
    described = {p["name"]: p for p in params.openapi_parameters(params.SEARCH)}
    assert described["q"]["required"] is True and described["q"]["schema"]["maxLength"] == params.MAX_QUERY_CHARS
    assert described["k"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}
    assert described["from"]["schema"] == {"type": "string", "format": "date"}
    from service.openapi import openapi_document

    document = openapi_document()
    assert document["paths"]["/api/search"]["get"]["parameters"] == params.openapi_parameters(params.SEARCH)
    assert document["paths"]["/api/entities"]["get"]["parameters"][0]["schema"]["enum"] == list(params.ENTITY_TYPES)
