"""The `quorum` command line: a thin layer over ingest, index and the service."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from index.access import ADMIN, ANONYMOUS, OFFICER, Viewer
from index.entities_store import meeting_entities
from index.ingestion import FileOutcome, collect_paths, ingest_paths
from index.pipeline import AHEAD_MIN_FILES, Pipeline
from index.store import Store

from .config import Settings, data_dir

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable:
    def register(function: Callable[[argparse.Namespace], int]) -> Callable:
        COMMANDS[name] = function
        return function
    return register


def _store(args: argparse.Namespace, viewer: Viewer = ANONYMOUS) -> Store:
    return Store(Settings(data=data_dir(args.data)).db_path, viewer)


def _viewer(args: argparse.Namespace) -> Viewer:
    """The command line runs on the archive's own machine: officers see restricted items with --all."""
    return OFFICER if getattr(args, "all", False) else ANONYMOUS


def _progress(number: int, total: int, outcome: FileOutcome) -> None:
    width = 24
    done = int(width * number / total) if total else width
    bar = "#" * done + "-" * (width - done)
    name = Path(outcome.path).name
    line = f"[{bar}] {number}/{total} {outcome.status:<9} {name}"
    if outcome.detail:
        line += f": {outcome.detail}"
    print(line, file=sys.stderr if outcome.status != "failed" else sys.stdout, flush=True)


@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    paths, missing = collect_paths(args.paths)
    for outcome in missing:
        print(f"failed    {outcome.path}: {outcome.detail}")
    with _store(args, ADMIN) as store:
        with Pipeline(ahead=len(paths) >= AHEAD_MIN_FILES) as pipeline:
            outcomes = ingest_paths(store, paths, args.access, pipeline, progress=_progress)
        from index.passage_index import refresh_vectors

        refresh_vectors(store, store.db_path.parent)
    outcomes = missing + outcomes
    summary: dict[str, int] = {}
    for outcome in outcomes:
        summary[outcome.status] = summary.get(outcome.status, 0) + 1
    print("; ".join(f"{count} {status}" for status, count in sorted(summary.items())) or "nothing to ingest")
    return 1 if any(o.status == "failed" for o in outcomes) or not outcomes else 0


@command("meetings")
def cmd_meetings(args: argparse.Namespace) -> int:
    with _store(args, _viewer(args)) as store:
        meetings, total = store.list_meetings(args.council, args.committee, getattr(args, "from"), args.to)
    rows = [{k: m[k] for k in ("id", "source", "council", "committee", "date", "item_count")} for m in meetings]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            print(f"{row['id']:>5}  {row['date'] or '????-??-??'}  {row['council']} / {row['committee']}"
                  f"  ({row['item_count']} items)  {row['source']}")
        print(f"{total} meetings")
    return 0


@command("meeting")
def cmd_meeting(args: argparse.Namespace) -> int:
    with _store(args, _viewer(args)) as store:
        meeting = store.meeting(args.id)
        if meeting is not None:
            meeting["entities"] = meeting_entities(store.conn, args.id)
    if meeting is None:
        print(f"error: no meeting with id {args.id}", file=sys.stderr)
        return 1
    meeting.pop("path", None)
    if args.json:
        print(json.dumps(meeting, indent=2, ensure_ascii=False))
        return 0
    print(f"{meeting['council']} / {meeting['committee']}  {meeting['date'] or ''}  {meeting['venue'] or ''}")
    for kind in ("present", "officers", "apologies"):
        if meeting[kind]:
            names = ", ".join(p["name"] + (f" ({p['role']})" if p["role"] else "") for p in meeting[kind])
            print(f"{kind.title()}: {names}")
    for item in meeting["items"]:
        flag = " [restricted]" if item["access"] == "restricted" else ""
        print(f"\n{item['number'] or item['position']}. {item['heading']}{flag}\n{item['text']}")
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve

    settings = Settings(data=data_dir(args.data))
    if args.host:
        settings.host = args.host
    if args.port:
        settings.port = args.port
    if args.workers:
        settings.workers = args.workers
    print(f"Quorum serving {settings.data} on http://{settings.host}:{settings.port}", flush=True)
    serve(settings)
    return 0


@command("token")
def cmd_token(args: argparse.Namespace) -> int:
    from index.tokens import create_token, revoke_token

    with _store(args, ADMIN) as store:
        if args.action == "create":
            token = create_token(store.conn, args.role, args.days)
            print(f"Created {args.role} token (shown once): {token}")
            return 0
        if not args.token:
            print("error: token revoke needs the token", file=sys.stderr)
            return 2
        revoked = revoke_token(store.conn, args.token)
        print("revoked" if revoked else "no such token")
        return 0 if revoked else 1


@command("brief")
def cmd_brief(args: argparse.Namespace) -> int:
    from index.briefing import build_briefing

    from .export import to_docx, to_markdown

    if not args.query and not args.entity:
        print("error: give a topic or --entity NAME", file=sys.stderr)
        return 2
    with _store(args, _viewer(args)) as store:
        try:
            note = build_briefing(store, query=args.query, entity=args.entity, date_from=getattr(args, "from"),
                                  date_to=args.to, council=args.council, committee=args.committee,
                                  max_items=args.max_items)
        except LookupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    if args.format == "docx":
        if not args.output:
            print("error: --format docx needs -o FILE", file=sys.stderr)
            return 2
        Path(args.output).write_bytes(to_docx(note))
    else:
        text = to_markdown(note) if args.format == "md" else json.dumps(note.as_dict(), indent=2, ensure_ascii=False)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            print(text)
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quorum", description="Search and briefings over council minutes.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--data", help="data directory (default: $QUORUM_DATA or ./data)")
        return p

    p = add("ingest", "ingest minutes files, folders or globs")
    p.add_argument("paths", nargs="+")
    p.add_argument("--access", choices=["public", "restricted"], default="public")

    p = add("meetings", "list meetings")
    p.add_argument("--json", action="store_true")
    p.add_argument("--council")
    p.add_argument("--committee")
    p.add_argument("--from", dest="from")
    p.add_argument("--to")
    p.add_argument("--all", action="store_true", help="include restricted meetings")

    p = add("meeting", "show one meeting with its items")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include restricted items")

    p = add("brief", "a briefing note on a topic or an entity, every sentence cited")
    p.add_argument("query", nargs="?")
    p.add_argument("--entity")
    p.add_argument("--from", dest="from")
    p.add_argument("--to")
    p.add_argument("--council")
    p.add_argument("--committee")
    p.add_argument("--max-items", type=int, default=8)
    p.add_argument("--format", choices=["md", "docx", "json"], default="md")
    p.add_argument("-o", "--output")
    p.add_argument("--all", action="store_true", help="include restricted items")

    p = add("token", "create or revoke API tokens")
    p.add_argument("action", choices=["create", "revoke"])
    p.add_argument("token", nargs="?", help="the token to revoke")
    p.add_argument("--role", choices=["officer", "admin"], default="officer")
    p.add_argument("--days", type=int, help="expire after this many days")

    p = add("serve", "run the web service (gunicorn)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int)

    for extension in _EXTENSIONS:
        extension(sub, add)
    return parser


_EXTENSIONS: list[Callable] = []
from .cli_entities import register as _register_entities  # noqa: E402
_EXTENSIONS.append(_register_entities)
from .cli_search import register as _register_search  # noqa: E402
_EXTENSIONS.append(_register_search)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    # `python -m service.cli` runs this file as __main__; use the imported module so that there is one
    # command table, the one the extension modules register into.
    from service.cli import main as _main

    sys.exit(_main())
