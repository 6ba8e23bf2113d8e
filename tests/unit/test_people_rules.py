"""Rules about people and filters that several layers share: attendance offsets, title classes, the
Python twin of the meeting filter SQL, and download names."""

from __future__ import annotations

import sqlite3

from index.store import meeting_filter_clauses, meeting_in_filters
from index.views import MeetingRef
from ingest.attendance import parse_attendance
from models.entities import title_class
from service.downloads import attachment


def test_people_of_later_blocks_in_one_paragraph_are_placed_on_their_own_names() -> None:
    header = "Present: Cllr J. Smith (Chair), Cllr A. Brown. Apologies: Cllr P. Smith."
    attendance = parse_attendance(header)
    assert [p.name for p in attendance.present] == ["J. Smith", "A. Brown"]
    (apology,) = attendance.apologies
    assert header[apology.start : apology.end].endswith("P. Smith")
    (first, _) = attendance.present
    assert header[first.start : first.end].endswith("J. Smith")


def test_title_classes() -> None:
    assert title_class("Chief Superintendent") == "police"
    assert title_class("DI") == "police"
    assert title_class("Cllr") == "member"
    assert title_class("Deputy") == "member"  # a member of the Dáil
    assert title_class("Deputy Chief Executive") is None
    assert title_class("Mr") is None
    assert title_class(None) is None
    assert title_class("Diane") is None  # not 'DI'


def test_meeting_filter_in_python_agrees_with_the_sql() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE meetings (id INTEGER PRIMARY KEY, council TEXT, committee TEXT, date TEXT)")
    rows = [
        (1, "Kent County Council", "Corporate Parenting Panel", "2024-10-29"),
        (2, "Limerick City and County Council", "Joint Policing Committee", None),
        (3, "Stockton-on-Tees Borough Council", "Safer Stockton Partnership", "2024-11-27"),
    ]
    conn.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?)", rows)
    cases = [
        (None, None, None, None),
        ("kent", None, None, None),
        (None, "policing", None, None),
        (None, None, "2024-11-01", None),
        (None, None, None, "2024-11-01"),
        ("council", "p", "2024-01-01", "2024-12-31"),
    ]
    for council, committee, date_from, date_to in cases:
        clauses, params = meeting_filter_clauses(council, committee, date_from, date_to)
        sql = "SELECT id FROM meetings m" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        expected = {row[0] for row in conn.execute(sql, params)}
        found = {
            row[0]
            for row in rows
            if meeting_in_filters(
                MeetingRef(row[0], "x.txt", row[1], row[2], row[3]), council, committee, date_from, date_to
            )
        }
        assert found == expected, (council, committee, date_from, date_to)


def test_download_names_travel_as_latin_1_and_keep_what_was_written() -> None:
    assert attachment("briefing.md") == 'attachment; filename="briefing.md"'
    welsh = attachment("quorum-ŵyl-łąka.csv")
    welsh.encode("latin-1")
    assert "filename*=UTF-8''quorum-%C5%B5yl-%C5%82%C4%85ka.csv" in welsh
    assert 'filename="quorum-wyl-aka.csv"' in welsh
