"""People as the product stores them, on the real corpus ingested through the real CLI: everyone in an
attendance block is a PERSON with a mention at that place, their roles over time, answers to "who ..."
questions, and linking a clerk would agree with (initials and full names joined, namesakes kept apart)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, get_json

QUORUM = [sys.executable, "-m", "service.cli"]


def quorum(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QUORUM, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


def _entities(base: str, q: str) -> list[dict]:
    status, body = get_json(f"{base}/api/entities?type=PERSON&q={urllib.parse.quote(q)}")
    assert status == 200
    return body["entities"]


def _entity(base: str, entity_id: int) -> dict:
    status, body = get_json(f"{base}/api/entities/{entity_id}")
    assert status == 200
    return body


def test_a_chair_listed_only_in_attendance_has_mentions(corpus_data: Path) -> None:
    run = quorum("mentions", "Norma Stephenson", "--json", "--data", str(corpus_data))
    assert run.returncode == 0, run.stderr
    mentions = json.loads(run.stdout)["mentions"]
    present = [m for m in mentions if m["kind"] == "present"]
    assert present, mentions
    assert all(m["item_id"] is None and m["meeting_id"] for m in present)
    assert any("Chair" in (m["role"] or "") for m in present)
    assert all("Stockton" in m["council"] for m in present)


def test_attendance_people_are_in_the_entity_list_with_roles(server: str) -> None:
    found = [e for e in _entities(server, "Stephenson") if e["name"] == "Norma Stephenson"]
    assert len(found) == 1
    entity = _entity(server, found[0]["id"])
    assert entity["meetings_attended"] >= 1
    assert {"present"} <= {r["kind"] for r in entity["roles"]}
    assert any(r["role"] and "Chair" in r["role"] for r in entity["roles"])
    status, body = get_json(f"{server}/api/entities/{found[0]['id']}/mentions")
    assert status == 200 and any(m["kind"] == "present" for m in body["mentions"])


def test_officers_and_apologies_carry_kind_and_title(server: str, corpus_data: Path) -> None:
    """Limerick Joint Policing Committee minutes list Garda officers by rank and councillors' apologies."""
    superintendents = [
        r
        for e in _entities(server, "Sheahan")
        for r in _entity(server, e["id"])["roles"]
        if "Superintendent" in f"{r['title'] or ''} {r['role'] or ''}"
    ]
    assert superintendents
    run = quorum("mentions", "Teskey", "--json", "--data", str(corpus_data))
    kinds = {m["kind"] for m in json.loads(run.stdout)["mentions"]}
    assert {"present", "text"} <= kinds


def test_who_chairs_puts_the_person_first(server: str) -> None:
    query = urllib.parse.quote("who chairs the Safer Stockton Partnership")
    status, body = get_json(f"{server}/api/search?q={query}")
    assert status == 200
    first = body["results"][0]
    assert first["kind"] == "person" and first["name"] == "Norma Stephenson"
    assert "Chair" in first["text"] and "Stockton" in first["meeting"]["council"]
    assert all(r["kind"] == "item" for r in body["results"][1:] if r.get("item_id") is not None)


def test_a_name_asked_for_is_answered_by_the_person_not_a_misspelling(server: str) -> None:
    """Norma Stephenson is named only in an attendance list (no agenda item mentions her): the search for
    her name shows her first and does not offer 'normally' as a correction."""
    status, body = get_json(f"{server}/api/search?q=norma%20stephenson")
    assert status == 200
    first = body["results"][0]
    assert first["kind"] == "person" and first["name"] == "Norma Stephenson" and first["role"] == "Chair"
    assert not [s for s in body["suggestions"] if s["kind"] == "spelling"], body["suggestions"]


def test_who_question_on_the_command_line(corpus_data: Path) -> None:
    run = quorum("search", "who chairs the Safer Stockton Partnership", "--data", str(corpus_data))
    assert run.returncode == 0, run.stderr
    assert "Norma Stephenson" in run.stdout.splitlines()[0] + run.stdout.splitlines()[1]


def test_a_plain_topic_gives_no_people(server: str) -> None:
    status, body = get_json(f"{server}/api/search?q=street%20drinking")
    assert status == 200 and all(r["kind"] == "item" for r in body["results"])


def test_initials_and_full_name_are_one_person(server: str) -> None:
    """'Councillor A. Teskey' (attendance) and 'Councillor Adam Teskey' (text): one councillor."""
    teskeys = [e for e in _entities(server, "Teskey") if e["name"].endswith("Teskey")]
    assert len(teskeys) == 1, teskeys
    assert teskeys[0]["mentions"] >= 20


def test_namesakes_with_different_titles_stay_apart(server: str) -> None:
    """A Chief Superintendent Sheahan and the Councillors Sheahan (J), (K), (M) are different people."""
    councillors = 0
    for entity in _entities(server, "Sheahan"):
        roles = _entity(server, entity["id"])["roles"]
        garda = [r for r in roles if re.search(r"Superintend|Garda|Inspector|Sergeant", f"{r['title']} {r['role']}")]
        council = [r for r in roles if (r["title"] or "").lower().startswith(("councillor", "cllr"))]
        assert not (garda and council), (entity, roles)
        councillors += bool(council)
    assert councillors >= 2  # J. and K. Sheahan are two councillors


def test_merges_record_their_rule(server: str) -> None:
    teskey = next(e for e in _entities(server, "Teskey") if e["name"].endswith("Teskey"))
    status, body = get_json(f"{server}/api/entities/{teskey['id']}/mentions")
    assert status == 200
    rules = {m["rule"] for m in body["mentions"] if m["rule"]}
    assert rules, "joining 'A. Teskey' to 'Adam Teskey' must say why"


def test_briefing_by_person_lists_their_attendance(server: str) -> None:
    request = urllib.request.Request(
        f"{server}/api/briefing",
        data=json.dumps({"entity": "Norma Stephenson"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.loads(response.read())
    assert body["attendance"] and body["attendance"][0]["kind"] == "present"
    dates = [r["meeting"]["date"] or "" for r in body["attendance"]]
    assert dates == sorted(dates)


def test_entity_page_shows_roles_and_attendance(server: str) -> None:
    entity = next(e for e in _entities(server, "Stephenson") if e["name"] == "Norma Stephenson")
    with urllib.request.urlopen(f"{server}/entities/{entity['id']}", timeout=60) as response:
        page = response.read().decode()
    assert "Roles and attendance" in page and "Chair" in page


@pytest.mark.parametrize("name", ["Lynn Norfolk", "Ferry King"])
def test_addresses_are_not_people(server: str, name: str) -> None:
    assert not [e for e in _entities(server, name) if e["name"] == name]
