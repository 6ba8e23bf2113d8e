"""The one access check, on a temporary database: what each viewer's `visible_*` views hold."""

from __future__ import annotations

from pathlib import Path

from index.access import ANONYMOUS, OFFICER
from index.store import Store
from ingest.parse import parse_file

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "stockton-bc_safer-stockton-partnership_2024-11-27.txt"


def test_restricted_items_exist_only_for_officers(tmp_path: Path) -> None:
    db = tmp_path / "quorum.sqlite3"
    parsed = parse_file(EXAMPLE)
    restricted = [i.heading for i in parsed.meeting.items if i.access == "restricted"]
    assert restricted == ["iQuanta Report", "DARD Consideration"]
    with Store(db, OFFICER) as store:
        meeting_id = store.write_document(parsed)
        officer_items = [i.heading for i in store.meeting(meeting_id).items]
        assert store.document_available(meeting_id)
    with Store(db, ANONYMOUS) as store:
        meeting = store.meeting(meeting_id)
        assert meeting is not None
        assert [i.heading for i in meeting.items] == [h for h in officer_items if h not in restricted]
        hidden = next(i.id for i in Store(db, OFFICER).meeting(meeting_id).items if i.heading == "DARD Consideration")
        assert store.item(hidden) is None and store.items_by_id([hidden]) == {}
        assert store.counts()["items"] == len(officer_items) - 2
        assert not store.document_available(meeting_id)  # the file holds restricted items
        assert (
            store.conn.execute(
                "SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH 'iQuanta'"
                " AND rowid IN (SELECT id FROM visible_items)"
            ).fetchone()[0]
            == 0
        )


def test_a_restricted_document_is_invisible_to_anonymous(tmp_path: Path) -> None:
    db = tmp_path / "quorum.sqlite3"
    with Store(db, OFFICER) as store:
        meeting_id = store.write_document(parse_file(EXAMPLE, access="restricted"))
    with Store(db, ANONYMOUS) as store:
        assert store.meeting(meeting_id) is None
        assert store.list_meetings() == ([], 0)
        assert store.filter_options() == ([], [])
        assert not store.document_available(meeting_id)
    with Store(db, OFFICER) as store:
        assert store.list_meetings()[1] == 1 and store.document_available(meeting_id)
