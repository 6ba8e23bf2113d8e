"""The JSON API over HTTP against the real server (gunicorn) with the real corpus and model."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import STOCKTON, get_json


def test_healthz(server: str) -> None:
    status, body = get_json(f"{server}/healthz")
    assert status == 200 and body["status"] == "ok" and body["items"] > 300


def test_meetings_are_listed_and_paged(server: str, manifest: dict) -> None:
    status, body = get_json(f"{server}/api/meetings?per_page=10&page=2")
    assert status == 200
    assert body["total"] == len(manifest) and len(body["meetings"]) == 10
    status, body = get_json(f"{server}/api/meetings?council=Kent&from=2025-01-01&to=2025-01-31")
    assert status == 200 and body["total"] == 3
    assert all(m["date"].startswith("2025-01") and "Kent" in m["council"] for m in body["meetings"])


def _stockton_id(server: str) -> int:
    _, body = get_json(f"{server}/api/meetings?committee=Safer%20Stockton")
    return next(m["id"] for m in body["meetings"] if m["source"] == STOCKTON.name)


def test_meeting_and_item_detail(server: str) -> None:
    status, meeting = get_json(f"{server}/api/meetings/{_stockton_id(server)}")
    assert status == 200
    assert [i["heading"] for i in meeting["items"]][:3] == [
        "Evacuation Procedure",
        "Minutes",
        "Operation Autumnus Update (Mischief and Bonfire period)",
    ]
    assert "entities" in meeting
    status, item = get_json(f"{server}/api/items/{meeting['items'][4]['id']}")
    assert status == 200 and item["heading"] == "Problem Solving Plans"
    assert item["meeting"]["committee"] == "Safer Stockton Partnership"


def test_restricted_items_do_not_exist_for_anonymous(server: str) -> None:
    _, meeting = get_json(f"{server}/api/meetings/{_stockton_id(server)}")
    assert len(meeting["items"]) == 9
    last_public = max(i["id"] for i in meeting["items"])
    for hidden in (last_public + 1, last_public + 2):  # the two restricted items follow the public ones
        status, body = get_json(f"{server}/api/items/{hidden}")
        assert status == 404 and "iQuanta" not in str(body)


@pytest.mark.parametrize(
    "query, problem",
    [
        ("", "'q' is required"),
        ("q=test&k=0", "'k' must be between 1 and 100"),
        ("q=test&k=abc", "'k' must be an integer"),
        ("q=test&k=101", "'k' must be between 1 and 100"),
        ("q=test&from=2024-13-01", "'from' must be a date"),
        ("q=test&from=2025-01-01&to=2024-01-01", "'from' is after 'to'"),
        ("q=test&colour=red", "unknown parameter(s): colour"),
        ("q=" + "x" * 501, "'q' is longer than 500"),
    ],
)
def test_bad_search_parameters_are_400_naming_the_parameter(server: str, query: str, problem: str) -> None:
    status, body = get_json(f"{server}/api/search?{query}")
    assert status == 400
    assert problem in body["message"]


def test_unknown_ids_and_paths_are_json_404(server: str) -> None:
    for path in ("/api/meetings/999999", "/api/items/999999", "/api/entities/999999/mentions", "/api/nothing"):
        status, body = get_json(f"{server}{path}")
        assert status == 404 and body["status"] == 404


def test_openapi_describes_every_endpoint(server: str) -> None:
    status, spec = get_json(f"{server}/api/openapi.json")
    assert status == 200
    assert set(spec["paths"]) == {
        "/api/search",
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/items/{item_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/entities/{entity_id}/mentions",
        "/api/openapi.json",
        "/healthz",
        "/api/briefing",
        "/api/watches",
        "/api/watches/{watch_id}",
        "/api/watches/{watch_id}/feed",
    }


def test_search_finds_street_drinking_in_problem_solving_plans(server: str) -> None:
    status, body = get_json(f"{server}/api/search?q={quote('what was said about street drinking')}&k=5")
    assert status == 200
    assert body["query"] == "what was said about street drinking"
    top = [r["heading"] for r in body["results"][:3]]
    assert "Problem Solving Plans" in top
    result = body["results"][0]
    assert {"item_id", "score", "heading", "text", "snippet", "meeting"} <= set(result)
    assert {"id", "source", "council", "committee", "date"} <= set(result["meeting"])


def test_anonymous_search_never_returns_restricted_text(server: str) -> None:
    for query in ("iQuanta", "DARD Consideration", "ongoing Police investigation"):
        status, body = get_json(f"{server}/api/search?q={quote(query)}&k=100")
        assert status == 200
        results = str(body["results"])  # the response echoes the query itself; the results must not leak
        assert "iQuanta" not in results and "DARD" not in results
        assert "restricted report" not in results and "ongoing Police investigation" not in results


def test_officer_token_sees_restricted_items_and_wrong_token_does_not(server: str, corpus_data) -> None:
    import subprocess
    import sys

    from .conftest import ROOT

    created = subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "create", "--role", "officer", "--data", str(corpus_data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    token = created.stdout.split()[-1]
    meeting_id = _stockton_id(server)
    _, officer_view = get_json(f"{server}/api/meetings/{meeting_id}", {"Authorization": f"Bearer {token}"})
    assert [i["heading"] for i in officer_view["items"]][-2:] == ["iQuanta Report", "DARD Consideration"]
    _, wrong = get_json(f"{server}/api/meetings/{meeting_id}", {"Authorization": f"Bearer {token}x"})
    assert len(wrong["items"]) == 9
    subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "revoke", token, "--data", str(corpus_data)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    _, revoked = get_json(f"{server}/api/meetings/{meeting_id}", {"Authorization": f"Bearer {token}"})
    assert len(revoked["items"]) == 9


def test_items_carry_stored_summary_and_facts(server: str) -> None:
    _, meeting = get_json(f"{server}/api/meetings/{_stockton_id(server)}")
    crime = next(i for i in meeting["items"] if i["heading"] == "Recorded Crime and Disorder Report")
    status, item = get_json(f"{server}/api/items/{crime['id']}")
    assert status == 200
    assert 1 <= len(item["summary"]) <= 3 and all(sentence in item["text"] for sentence in item["summary"])
    assert [f["value"] for f in item["figures"]] == ["13.3%", "7.3%", "7.9%"]
    assert item["actions"][0]["owner"] == "Officers"
    assert [d["text"] for d in item["decisions"]] == ["Members Agreed to note the report."]
    assert crime["summary"] == item["summary"]
    _, results = get_json(f"{server}/api/search?q=recorded%20crime%20reduction&k=3")
    assert all("summary" in r for r in results["results"])
