"""Records on real minutes, parsed without the models: items that stay inside their document, headings at
page breaks, signatures, attendance, canonical councils and committees, and what is not minutes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.ingestion import not_minutes
from ingest.councils import canonical_names, name_key
from ingest.furniture import is_signature_line
from ingest.parse import parse_file, parse_source

from ..conftest import CORPUS, ROOT

NORFOLK = CORPUS / "norfolk-parishes"
ONE_LINE = sorted(p for p in NORFOLK.glob("*.txt") if len(p.read_text().splitlines()) == 1)


def test_the_one_line_parish_files_are_the_ones_the_gold_covers() -> None:
    gold = json.loads((ROOT / "tests" / "gold" / "segmentation.json").read_text())
    assert len(ONE_LINE) == 5 and all(f"norfolk-parishes/{p.name}" in gold for p in ONE_LINE)


@pytest.mark.parametrize("path", ONE_LINE, ids=lambda p: p.name)
def test_items_of_one_line_minutes_stay_inside_the_document(path: Path) -> None:
    parsed = parse_file(path)
    items = parsed.meeting.items
    assert len(items) >= 5
    size = len(path.read_text(encoding="utf-8"))
    assert sum(len(item.text) for item in items) <= size
    opening = " ".join(parsed.text[:60].split())
    for item in items:
        assert parsed.text[item.start : item.end] == item.text
        assert not " ".join(item.text.split()).startswith(opening)  # no item starts again at the top
    for before, after in zip(items, items[1:]):
        assert before.end <= after.start


def test_a_heading_separated_from_its_item_marker_by_a_page_break_is_kept() -> None:
    items = parse_file(CORPUS / "kent" / "kent-cc_corporate-parenting-panel_2024-10-29.pdf").meeting.items
    headings = [item.heading for item in items]
    assert len(items) == 12
    assert "Verbal updates by the Cabinet Member" in headings
    assert "The Joint Housing Protocol for Care Leavers" in headings
    joint = items[headings.index("The Joint Housing Protocol for Care Leavers")]
    assert joint.pages == [6, 7] and "Brian Horton summarised the role of KHG" in " ".join(joint.text.split())


def test_signature_lines_are_neither_headings_nor_item_text() -> None:
    for line in (
        "Signed:",
        "**Signed:**",
        "Signed: \\_\\_\\_\\_\\_\\_, Chairman.",
        "Minutes Signed By Chair:",
        "Signed: R. Crisp, Chairman Date: 7th October 2014",
        "\\_\\_\\_\\_\\_\\_\\_\\_",
    ):
        assert is_signature_line(line), line
    for line in ("Signed a contract with the builder for the new roof.", "The lease was signed in May."):
        assert not is_signature_line(line), line
    for rel in (
        "limerick/limerick-ccc_joint-policing-committee_2022-09-23.txt",
        "limerick/limerick-ccc_joint-policing-committee_2019-05-10.txt",
    ):
        items = parse_file(CORPUS / rel).meeting.items
        assert not any(item.heading.lower().startswith("signed") for item in items)
        assert "Signed" not in items[-1].text[-200:]


def test_a_present_list_under_its_own_label_is_attendance() -> None:
    attendance = parse_file(
        CORPUS / "manordeilo-salem" / "manordeilo-salem-cc_community-council_2020-01-08.txt"
    ).meeting.attendance
    assert [p.name for p in attendance.present] == [
        "Alun Davies",
        "Arwel Davies",
        "Kim Davies",
        "Peter Harries",
        "Doris Jones",
        "Andrew Thomas",
        "Joseph Davies",
    ]


def test_councils_and_committees_are_canonical() -> None:
    manifest = {e["path"]: e for e in json.loads((CORPUS / "manifest.json").read_text())}
    councils, committees = set(), set()
    for rel in manifest:
        meeting = parse_file(CORPUS / rel).meeting
        councils.add(meeting.council)
        committees.add((meeting.council, meeting.committee))
        assert meeting.council != "Unknown council" and meeting.committee not in ("Meeting", "Special Meeting"), rel
        assert not any(word in meeting.committee.lower() for word in ("special", "monthly", "ordinary", "annual")), rel
    kent = {c for council, c in committees if council == "Kent County Council"}
    assert kent == {"Cabinet", "County Council", "Corporate Parenting Panel"}
    assert len(councils) == 10 and len(committees) == 20  # each once: the filter listed 24 with duplicates
    special = parse_file(CORPUS / "limerick" / "limerick-ccc_joint-policing-committee-special_2022-12-23.txt").meeting
    assert (special.committee, special.kind) == ("Joint Policing Committee", "special")


def test_names_the_archive_spells_many_ways_share_a_key() -> None:
    assert name_key("Monthly Meeting of the Municipal District of Cappamore Kilmallock") == name_key(
        "Municipal District of Cappamore-kilmallock"
    )
    assert name_key("Limerick City & County Council") == name_key("Limerick City and County Council")
    names = canonical_names(
        "MINUTES OF ADJOURNED MEETING OF LIMERICK CITY AND COUNTY COUNCIL HELD ON ...",
        "Adjourned Meeting Of Limerick City and County Council",
        None,
    )
    assert (names.council, names.committee, names.kind) == (
        "Limerick City and County Council",
        "Full Council",
        "adjourned",
    )
    unknown = canonical_names(
        "Minutes of the meeting held on 3 March 2025",
        None,
        None,
        "notes.txt",
        given_council="Upton Parish Council",
        given_committee="Parish Council",
    )
    assert (unknown.council, unknown.committee) == ("Upton Parish Council", "Parish Council")


def test_files_that_are_not_minutes_say_why() -> None:
    readme = parse_file(CORPUS / "README.md")
    shopping = parse_source(Path("shopping.txt"), b"eggs\nmilk\nbread\nwashing-up liquid\n")
    assert not_minutes(shopping) == (
        "none of a meeting date, a council or committee, an attendance list, numbered agenda items"
    )
    assert not_minutes(parse_file(CORPUS / "kent" / "kent-cc_cabinet_2025-01-09.pdf")) is None
    assert readme.meeting is not None  # the README is refused by name when a folder is ingested (tests/test_records)
