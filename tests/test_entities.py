"""Named entities on the real corpus with the real spaCy model: extraction, normalisation, storage,
the `quorum entities` / `quorum mentions` commands and the access check on restricted items."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.parse import parse_source
from models import entities as ents

from .conftest import CORPUS, ROOT, STOCKTON

QUORUM = [sys.executable, "-m", "service.cli"]


def quorum(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QUORUM, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


def _document_entities(rel: str) -> dict[tuple[str, str], ents.Entity]:
    path = CORPUS / rel
    parsed = parse_source(path, path.read_bytes(), "public")
    attendance = parsed.meeting.attendance
    people = [p.name for p in attendance.present + attendance.officers + attendance.apologies]
    places = [parsed.meeting.council, parsed.meeting.committee]
    return {(e.label, e.canonical): e for e in ents.extract_document(parsed.text, people, places)}


@pytest.fixture(scope="module")
def stockton() -> dict[tuple[str, str], ents.Entity]:
    return _document_entities(str(STOCKTON.relative_to(CORPUS)))


@pytest.fixture(scope="module")
def listed(corpus_data: Path) -> list[dict]:
    return json.loads(quorum("entities", "--json", "--data", str(corpus_data)).stdout)


@pytest.fixture(scope="module")
def listed_all(corpus_data: Path) -> list[dict]:
    return json.loads(quorum("entities", "--json", "--all", "--data", str(corpus_data)).stdout)


def _names(rows: list[dict], label: str | None = None) -> set[str]:
    return {r["name"] for r in rows if label is None or r["type"] == label}


# --- the extractor ----------------------------------------------------------------------------------


def test_normalised_keys() -> None:
    assert ents.entity_key("Cllr Norma Stephenson", "PERSON") == ents.entity_key("Norma  Stephenson", "PERSON")
    assert ents.entity_key("Clir Steven Nelson", "PERSON") == "steven nelson"
    assert ents.entity_key("The Policing\nAuthority", "ORG") == "policing authority"
    assert ents.same_thing("serious youth violence stategy", "serious youth violence strategy", "STRATEGY")
    assert not ents.same_thing("project harmony", "operation harmony", "PROJECT")
    assert not ents.same_thing("integration plan 2017", "integration plan 2018", "STRATEGY")


def test_stockton_document_entities(stockton: dict) -> None:
    expected = [
        ("OPERATION", "Operation Autumnus"),
        ("OPERATION", "Operation Harmony"),
        ("PROJECT", "Project Harmony"),
        ("STRATEGY", "Serious Youth Violence Strategy"),
        ("STRATEGY", "Clear Hold Build strategy"),
        ("PLACE", "Ropner Ward"),
        ("ORG", "Cleveland Police"),
        ("ORG", "Youth Justice Board"),
        ("PERSON", "Norma Stephenson"),
        ("PERSON", "Steven Nelson"),
        ("PERSON", "Pauline Bealle"),
    ]
    for key in expected:
        assert key in stockton, key
    strategy = stockton[("STRATEGY", "Serious Youth Violence Strategy")]
    assert "Serious Youth Violence Stategy" in strategy.surfaces  # one entity, the typo an alias
    assert any(s.startswith("Cllr") for s in stockton[("PERSON", "Norma Stephenson")].surfaces)
    assert any(s.startswith("Clir") for s in stockton[("PERSON", "Steven Nelson")].surfaces)
    names = {name for _, name in stockton}
    assert not names & {"Officers", "Members", "the Council", "Chair"}
    assert ("PERSON", "Street Drinking") not in stockton
    assert ("PLACE", "Project Harmony") not in stockton


@pytest.mark.parametrize(
    "rel, present, absent",
    [
        (
            "limerick/limerick-ccc_joint-policing-committee_2020-07-24.txt",
            [
                ("OPERATION", "Operation Meirle"),
                ("LEGISLATION", "Garda Siochana Act 2005"),
                ("LEGISLATION", "Road Traffic Act 1994"),
                ("ORG", "Limerick City and County Council"),
                ("PERSON", "Adam Teskey"),
                ("PLACE", "Dooradoyle"),
            ],
            [("PERSON", "Dooradoyle"), ("PERSON", "Sergeants")],
        ),
        (
            "norfolk-parishes/wretton-pc_parish-council-ordinary_2019-11-04.txt",
            [
                ("ORG", "Norfolk County Council"),
                ("STRATEGY", "Norfolk Minerals & Waste Local Plan"),
                ("PERSON", "Martyn Cann"),
            ],
            [("PERSON", "Signature")],
        ),
        (
            "manordeilo-salem/manordeilo-salem-cc_community-council_2020-03-11.txt",
            [
                ("ORG", "Carmarthenshire County Council"),
                ("ORG", "Welsh Government"),
                ("PLACE", "C2218"),
                ("PERSON", "Alun Davies"),
            ],
            [("ORG", "Council")],
        ),
        (
            "kent/kent-cc_corporate-parenting-panel_2024-12-10.pdf",
            [
                ("ORG", "Corporate Parenting Panel"),
                ("PLACE", "Darent Room"),
                ("STRATEGY", "Practice Framework"),
                ("PERSON", "Sarah Hamilton"),
            ],
            [("PERSON", "Announcements")],
        ),
        (
            "limerick/limerick-ccc_joint-policing-committee_2019-05-10.txt",
            [
                ("OPERATION", "Operation Cais Lean"),
                ("PROJECT", "Garda Recruitment Campaign 2019"),
                ("PERSON", "Paul Keller"),
            ],
            [("PERSON", "Recruitment Campaign"), ("PERSON", "Limerick")],
        ),
    ],
)
def test_per_source_must_and_must_not(rel: str, present: list, absent: list) -> None:
    found = _document_entities(rel)
    for key in present:
        assert key in found, (rel, key)
    for key in absent:
        assert key not in found, (rel, key)


# --- storage, commands and access ---------------------------------------------------------------------


def test_entities_listed_with_counts(listed: list[dict]) -> None:
    assert listed and set(listed[0]) == {
        "id",
        "type",
        "name",
        "aliases",
        "mentions",
        "meetings",
        "first_date",
        "last_date",
    }
    assert {r["type"] for r in listed} <= set(ents.LABELS)
    assert {"Operation Autumnus", "Operation Harmony"} <= _names(listed, "OPERATION")
    assert "Project Harmony" in _names(listed, "PROJECT")
    assert {"Serious Youth Violence Strategy", "Clear Hold Build strategy"} <= _names(listed, "STRATEGY")
    assert "Ropner Ward" in _names(listed, "PLACE")
    assert {"Cleveland Police", "Youth Justice Board"} <= _names(listed, "ORG")
    assert not _names(listed) & {"Officers", "Members", "Street Drinking"}
    strategy = [r for r in listed if r["name"] == "Serious Youth Violence Strategy"]
    assert len(strategy) == 1 and "Serious Youth Violence Stategy" in strategy[0]["aliases"]
    assert all(r["mentions"] >= 1 and r["meetings"] >= 1 for r in listed)
    harmony = next(r for r in listed if r["name"] == "Project Harmony")
    assert harmony["first_date"] == harmony["last_date"] == "2024-11-27"


def test_entities_type_filter(corpus_data: Path) -> None:
    rows = json.loads(quorum("entities", "--type", "operation", "--json", "--data", str(corpus_data)).stdout)
    assert rows and {r["type"] for r in rows} == {"OPERATION"}
    text = quorum("entities", "--type", "OPERATION", "--data", str(corpus_data)).stdout
    assert "Operation Autumnus" in text


def test_mentions_through_alias_includes_heading(corpus_data: Path) -> None:
    result = quorum("mentions", "serious youth violence stategy", "--json", "--data", str(corpus_data))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["entity"]["name"] == "Serious Youth Violence Strategy"
    mentions = payload["mentions"]
    assert len(mentions) >= 3
    assert {
        "item_id",
        "meeting_id",
        "date",
        "committee",
        "council",
        "heading",
        "sentence",
        "surface",
        "start",
        "end",
    } <= set(mentions[0])
    assert any(m["in_heading"] and m["surface"] == "Serious Youth Violence Stategy" for m in mentions)
    assert all("Serious Youth Violence" in m["sentence"] for m in mentions)
    assert [m["date"] for m in mentions] == sorted(m["date"] for m in mentions)
    plain = quorum("mentions", "Serious Youth Violence Strategy", "--data", str(corpus_data)).stdout
    assert "Safer Stockton Partnership" in plain


def test_mentions_unknown_name_fails(corpus_data: Path) -> None:
    result = quorum("mentions", "Operation Nonexistent Zebra Quux", "--data", str(corpus_data))
    assert result.returncode == 1
    assert "no entity" in result.stderr


def test_restricted_items_give_no_mentions_to_anonymous(
    corpus_data: Path, listed: list[dict], listed_all: list[dict]
) -> None:
    assert not any("iquanta" in r["name"].lower() for r in listed)
    assert not any("iquanta" in a.lower() for r in listed for a in r["aliases"])
    assert len(listed_all) >= len(listed)
    if any("iquanta" in r["name"].lower() for r in listed_all):
        result = quorum("mentions", "iQuanta", "--json", "--data", str(corpus_data))
        assert result.returncode == 1
        assert quorum("mentions", "iQuanta", "--json", "--all", "--data", str(corpus_data)).returncode == 0
    for row in listed:  # anonymous counts never include restricted mentions
        full = next(r for r in listed_all if r["id"] == row["id"])
        assert full["mentions"] >= row["mentions"]


def test_meeting_json_carries_entities(corpus_data: Path) -> None:
    meetings = json.loads(quorum("meetings", "--json", "--data", str(corpus_data)).stdout)
    stockton = next(m for m in meetings if m["source"] == STOCKTON.name)
    meeting = json.loads(quorum("meeting", str(stockton["id"]), "--json", "--data", str(corpus_data)).stdout)
    entities = meeting["entities"]
    assert entities and all(set(e) == {"id", "type", "name", "surfaces", "count"} for e in entities)
    names = {e["name"] for e in entities}
    assert {"Operation Harmony", "Project Harmony", "Ropner Ward", "Cleveland Police"} <= names
    assert not any("iquanta" in e["name"].lower() for e in entities)
    assert not any(e["name"].lower() == "home office" for e in entities)  # only named in a restricted item


def test_item_entities_and_find_entity(corpus_data: Path) -> None:
    from index.access import ANONYMOUS
    from index.entities_store import entity_mentions, find_entity, item_entities
    from index.store import Store
    from service.config import Settings

    with Store(Settings(data=corpus_data).db_path, ANONYMOUS) as store:
        entity = find_entity(store.conn, "CLEVELAND POLICE")
        assert entity is not None and entity.type == "ORG"
        fuzzy = find_entity(store.conn, "Serious Youth Violance Strategy")
        assert fuzzy is not None and fuzzy.name == "Serious Youth Violence Strategy"
        mention = entity_mentions(store.conn, entity.id)[0]
        rows = item_entities(store.conn, mention.item_id)
        assert any(r.id == entity.id and r.count >= 1 for r in rows)
