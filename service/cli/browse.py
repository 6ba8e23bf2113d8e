"""`quorum meetings` and `quorum meeting ID`."""

from __future__ import annotations

import json

import click

from index.entities_store import meeting_entities

from .common import all_option, data_option, fail, filter_options, json_option, open_store, viewer_for


@click.command(help="list meetings")
@json_option
@filter_options
@all_option("restricted meetings")
@data_option
def meetings(
    as_json: bool,
    council: str | None,
    committee: str | None,
    date_from: str | None,
    date_to: str | None,
    show_all: bool,
    data: str | None,
) -> int:
    with open_store(data, viewer_for(show_all)) as store:
        rows, total = store.list_meetings(council, committee, date_from, date_to)
    if as_json:
        print(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(
            f"{row.id:>5}  {row.date or '????-??-??'}  {row.council} / {row.committee}"
            f"  ({row.item_count} items)  {row.source}"
        )
    print(f"{total} meetings")
    return 0


@click.command(help="show one meeting with its items")
@click.argument("meeting_id", type=int)
@json_option
@all_option("restricted items")
@data_option
def meeting(meeting_id: int, as_json: bool, show_all: bool, data: str | None) -> int:
    with open_store(data, viewer_for(show_all)) as store:
        found = store.meeting(meeting_id)
        entities = meeting_entities(store.conn, meeting_id) if found is not None else []
    if found is None:
        return fail(f"no meeting with id {meeting_id}")
    if as_json:
        body = found.to_dict()
        body["entities"] = [e.to_dict() for e in entities]
        print(json.dumps(body, indent=2, ensure_ascii=False))
        return 0
    print(f"{found.council} / {found.committee}  {found.date or ''}  {found.venue or ''}")
    for kind in ("present", "officers", "apologies", "in_attendance"):
        people = getattr(found, kind)
        if people:
            names = ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in people)
            print(f"{kind.replace('_', ' ').capitalize()}: {names}")
    for item in found.items:
        flag = " [restricted]" if item.access == "restricted" else ""
        print(f"\n{item.number or item.position}. {item.heading}{flag}\n{item.text}")
    return 0
