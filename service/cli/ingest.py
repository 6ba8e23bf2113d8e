"""`quorum ingest` and `quorum reindex`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from index.access import ADMIN
from index.ingestion import FileOutcome, IngestOptions, collect_paths, ingest_and_index
from index.passage_index import refresh_vectors
from index.vectors import db_signature

from .common import data_option, fail, open_store, settings_for


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
@click.option("--council", help="the council, where the document does not say")
@click.option("--committee", help="the committee, where the document does not say")
@click.option("--force", is_flag=True, help="store files that do not read as minutes too")
@click.option("--replace", "replace", metavar="ID|SOURCE", help="the document a corrected file replaces")
@data_option
def ingest(
    paths: tuple[str, ...],
    access: str,
    council: str | None,
    committee: str | None,
    force: bool,
    replace: str | None,
    data: str | None,
) -> int:
    found, missing = collect_paths(paths)
    for outcome in missing:
        print(f"failed    {outcome.path}: {outcome.detail}")
    with open_store(data, ADMIN) as store:
        store.require_writable()
        replaced = None
        if replace is not None:
            if len(found) != 1:
                return fail("--replace takes exactly one new file", 2)
            targets = store.find_documents(replace)
            if len(targets) != 1:
                return fail(
                    f"--replace {replace!r} names {len(targets)} documents; give a meeting id from `quorum meetings`"
                    if targets
                    else f"no document {replace!r} to replace"
                )
            replaced = int(targets[0]["id"])
        options = IngestOptions(access, council, committee, force, replaced)
        outcomes = ingest_and_index(store, found, access, progress=_progress, options=options)
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
        store.require_writable()
        refresh_vectors(store, store.db_path.parent, force=True)
        signature = db_signature(store.conn)
    print(f"reindexed {signature.count} passage vectors into {store.db_path.parent / 'vectors.faiss'}")
    return 0


@click.command("ingest-queue", hidden=True, help="index the queued uploads (the upload page starts this)")
@data_option
def ingest_queue(data: str | None) -> int:
    from index.upload_jobs import run_queue

    config = settings_for(data)
    print(f"{run_queue(config.db_path, config.data)} uploads indexed", flush=True)
    return 0


@click.command(help="remove a document and everything derived from it (by meeting id or file name)")
@click.argument("reference", metavar="ID|SOURCE")
@data_option
def remove(reference: str, data: str | None) -> int:
    with open_store(data, ADMIN) as store:
        store.require_writable()
        targets = store.find_documents(reference)
        if not targets:
            return fail(f"no document {reference!r} (give a meeting id from `quorum meetings`, or a file name)")
        if len(targets) > 1:
            ids = ", ".join(str(t["meeting_id"]) for t in targets)
            return fail(f"{reference!r} names {len(targets)} documents (meetings {ids}); give one meeting id")
        target = targets[0]
        store.remove_document(int(target["id"]))
        refresh_vectors(store, store.db_path.parent)
        uploads = (store.db_path.parent / "uploads").resolve()
        if Path(target["path"]).parent == uploads:  # our own copy of an upload goes with it
            Path(target["path"]).unlink(missing_ok=True)
    print(f"removed meeting {target['meeting_id']} ({target['source']}) and everything derived from it")
    return 0
