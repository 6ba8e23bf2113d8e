"""`quorum entities` and `quorum mentions NAME`: the named entities of the archive from the command line."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable


def register(sub: argparse._SubParsersAction, add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add the two subcommands and their handlers (called by service.cli.build_parser)."""
    from . import cli

    p = add("entities", "list named entities (operations, projects, strategies, places, organisations, people, laws)")
    p.add_argument("--type", type=str.upper, choices=["OPERATION", "PROJECT", "STRATEGY", "PLACE", "ORG", "PERSON",
                                                      "LEGISLATION"])
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include mentions in restricted items")
    p = add("mentions", "every mention of one entity (matched through its aliases)")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include mentions in restricted items")
    cli.COMMANDS["entities"] = cmd_entities
    cli.COMMANDS["mentions"] = cmd_mentions


def cmd_entities(args: argparse.Namespace) -> int:
    from index.entities_store import list_entities

    from .cli import _store, _viewer

    with _store(args, _viewer(args)) as store:
        rows = list_entities(store.conn, type=args.type)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        aliases = f"  (also: {'; '.join(row['aliases'][:5])})" if row["aliases"] else ""
        print(f"{row['type']:<11} {row['name']}{aliases}  {row['mentions']} mentions in {row['meetings']} meetings,"
              f" {row['first_date'] or '?'} .. {row['last_date'] or '?'}")
    print(f"{len(rows)} entities")
    return 0


def cmd_mentions(args: argparse.Namespace) -> int:
    from index.entities_store import entity_mentions, find_entity

    from .cli import _store, _viewer

    with _store(args, _viewer(args)) as store:
        entity = find_entity(store.conn, args.name)
        if entity is None:
            print(f"error: no entity called {args.name!r}", file=sys.stderr)
            return 1
        mentions = entity_mentions(store.conn, entity["id"])
    if args.json:
        print(json.dumps({"entity": entity, "mentions": mentions}, indent=2, ensure_ascii=False))
        return 0
    print(f"{entity['type']} {entity['name']}: {len(mentions)} mentions in {entity['meetings']} meetings")
    for m in mentions:
        print(f"\n{m['date'] or '????-??-??'}  {m['council']} / {m['committee']}\n  {m['heading']}\n  {m['sentence']}")
    return 0
