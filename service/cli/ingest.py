"""`quorum ingest` and `quorum reindex`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from index.access import ADMIN
from index.ingestion import FileOutcome, collect_paths, ingest_and_index
from index.passage_index import refresh_vectors
from index.vectors import db_signature

from .common import data_option, open_store


def _progress(number: int, total: int, outcome: FileOutcome) -> None:
    width = 24
    done = int(width * number / total) if total else width
    bar = "#" * done + "-" * (width - done)
    line = f"[{bar}] {number}/{total} {outcome.status:<9} {Path(outcome.path).name}"
    if outcome.detail:
        line += f": {outcome.detail}"
    print(line, file=sys.stderr if outcome.status != "failed" else sys.stdout, flush=True)


@click.command(help="ingest minutes files, folders or globs")
@click.argument("paths", nargs=-1, required=True)
@click.option("--access", type=click.Choice(["public", "restricted"]), default="public", show_default=True)
@data_option
def ingest(paths: tuple[str, ...], access: str, data: str | None) -> int:
    found, missing = collect_paths(paths)
    for outcome in missing:
        print(f"failed    {outcome.path}: {outcome.detail}")
    with open_store(data, ADMIN) as store:
        outcomes = ingest_and_index(store, found, access, progress=_progress)
    outcomes = missing + outcomes
    summary: dict[str, int] = {}
    for outcome in outcomes:
        summary[outcome.status] = summary.get(outcome.status, 0) + 1
    print("; ".join(f"{count} {status}" for status, count in sorted(summary.items())) or "nothing to ingest")
    return 1 if any(o.status == "failed" for o in outcomes) or not outcomes else 0


@click.command(help="rebuild the vector index (vectors.faiss) from the database")
@data_option
def reindex(data: str | None) -> int:
    with open_store(data, ADMIN) as store:
        refresh_vectors(store, store.db_path.parent, force=True)
        signature = db_signature(store.conn)
    print(f"reindexed {signature.count} passage vectors into {store.db_path.parent / 'vectors.faiss'}")
    return 0
