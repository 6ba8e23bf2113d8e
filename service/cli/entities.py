"""`quorum entities` and `quorum mentions NAME`."""

from __future__ import annotations

import json

import click

from index.entities_store import entity_mentions, find_entity, list_entities
from models.labels import LABELS

from .common import all_option, data_option, fail, json_option, open_store, viewer_for


@click.command(help="list named entities (operations, projects, strategies, places, organisations, people, laws)")
@click.option("--type", "entity_type", type=click.Choice(LABELS, case_sensitive=False))
@json_option
@all_option("mentions in restricted items")
@data_option
def entities(entity_type: str | None, as_json: bool, show_all: bool, data: str | None) -> int:
    with open_store(data, viewer_for(show_all)) as store:
        rows = list_entities(store.conn, type=entity_type.upper() if entity_type else None)
    if as_json:
        print(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        aliases = f"  (also: {'; '.join(row.aliases[:5])})" if row.aliases else ""
        print(
            f"{row.type:<11} {row.name}{aliases}  {row.mentions} mentions in {row.meetings} meetings,"
            f" {row.first_date or '?'} .. {row.last_date or '?'}"
        )
    print(f"{len(rows)} entities")
    return 0


@click.command(help="every mention of one entity (matched through its aliases)")
@click.argument("name")
@json_option
@all_option("mentions in restricted items")
@data_option
def mentions(name: str, as_json: bool, show_all: bool, data: str | None) -> int:
    with open_store(data, viewer_for(show_all)) as store:
        entity = find_entity(store.conn, name)
        if entity is None:
            return fail(f"no entity called {name!r}")
        found = entity_mentions(store.conn, entity.id)
    if as_json:
        print(
            json.dumps(
                {"entity": entity.to_dict(), "mentions": [m.to_dict() for m in found]}, indent=2, ensure_ascii=False
            )
        )
        return 0
    print(f"{entity.type} {entity.name}: {len(found)} mentions in {entity.meetings} meetings")
    for m in found:
        print(f"\n{m.date or '????-??-??'}  {m.council} / {m.committee}\n  {m.heading}\n  {m.sentence}")
    return 0
