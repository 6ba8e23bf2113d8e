"""`quorum search` and `quorum reindex`: hybrid search from the command line, and rebuilding the vector file."""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from typing import Callable


def register(sub: argparse._SubParsersAction, add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add the two subcommands and their handlers (called by service.cli.build_parser)."""
    from . import cli

    p = add("search", "hybrid (semantic + keyword) search over agenda items")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--council")
    p.add_argument("--committee")
    p.add_argument("--from", dest="from")
    p.add_argument("--to")
    p.add_argument("--entity", help="entity id or name mentioned in the item")
    p.add_argument("--all", action="store_true", help="include restricted items")
    add("reindex", "rebuild the vector index (vectors.faiss) from the database")
    cli.COMMANDS["search"] = cmd_search
    cli.COMMANDS["reindex"] = cmd_reindex


def _plain(snippet: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "*", snippet))


def cmd_search(args: argparse.Namespace) -> int:
    from index.search import search
    from index.vectors import VectorIndexError

    from .cli import _store, _viewer

    if args.k < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return 2
    with _store(args, _viewer(args)) as store:
        try:
            response = search(store, args.query, k=args.k, council=args.council, committee=args.committee,
                              date_from=getattr(args, "from"), date_to=args.to, entity=args.entity)
        except VectorIndexError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(response.to_dict(), indent=2, ensure_ascii=False))
        return 0
    for rank, result in enumerate(response.results, start=1):
        meeting = result["meeting"]
        print(f"{rank:>2}. [{result['score']:.3f}] {result['heading']}  (item {result['item_id']})")
        print(f"    {meeting['council']} / {meeting['committee']}  {meeting['date'] or ''}  {meeting['source']}")
        print(f"    {_plain(result['snippet'])}")
    print(f"{len(response.results)} results")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from index.access import ADMIN
    from index.passage_index import refresh_vectors
    from index.vectors import db_signature

    from .cli import _store

    with _store(args, ADMIN) as store:
        refresh_vectors(store, store.db_path.parent, force=True)
        signature = db_signature(store.conn)
    print(f"reindexed {signature.count} passage vectors into {store.db_path.parent / 'vectors.faiss'}")
    return 0
