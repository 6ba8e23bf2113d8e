"""Ingest files into a data directory: collect paths, skip unchanged content, parse, store atomically."""

from __future__ import annotations

import glob
import hashlib
import os
import signal
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.parse import parse_source
from ingest.readers import SUPPORTED_SUFFIXES, read_bytes
from ingest.records import PUBLIC, RESTRICTED, ParsedDocument

from .store import Store
from .timing import stage

if TYPE_CHECKING:
    from .pipeline import Pipeline


@dataclass
class FileOutcome:
    path: str
    status: str  # "ingested", "replaced", "unchanged", "duplicate", "skipped", "failed"
    detail: str = ""
    meeting_id: int | None = None
    items: int = 0


@dataclass(frozen=True)
class IngestOptions:
    """How files are taken in: their access level, the council and committee to file them under where the
    document does not say, whether to store what does not read as minutes, and a document to replace."""

    access: str = PUBLIC
    council: str | None = None
    committee: str | None = None
    force: bool = False
    replace: int | None = None  # a document id: removed in the same transaction as the new file is stored


SKIPPED_NAMES = {"readme", "license", "licence", "changelog", "changes", "contributing", "copying", "authors"}


def not_minutes(parsed: ParsedDocument) -> str | None:
    """Why a document does not read as minutes, or None: it has none of a meeting date, a council or
    committee, an attendance block or numbered agenda items."""
    meeting = parsed.meeting
    attendance = meeting.attendance
    signs = {
        "a meeting date": meeting.date is not None,
        "a council or committee": "does not name its council" not in "; ".join(meeting.notes)
        or "does not name its committee" not in "; ".join(meeting.notes),
        "an attendance list": bool(attendance.present or attendance.officers or attendance.apologies),
        "numbered agenda items": any(item.number for item in meeting.items),
    }
    if any(signs.values()):
        return None
    return "none of " + ", ".join(signs)


def collect_paths(patterns: Iterable[str]) -> tuple[list[Path], list[FileOutcome]]:
    """Expand files, folders (recursively: supported types only) and globs; report what matched nothing."""
    found: list[Path] = []
    missing: list[FileOutcome] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():  # a folder's README, LICENSE or CHANGELOG is no minutes
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.stem.lower() not in SKIPPED_NAMES
                )
            )
        elif path.exists():
            found.append(path)
        else:
            matches = sorted(Path(m) for m in glob.glob(pattern, recursive=True) if Path(m).is_file())
            if matches:
                found.extend(matches)
            else:
                missing.append(FileOutcome(pattern, "failed", "no such file or directory"))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, missing


LOOKAHEAD = 2  # documents parsed (and their entities started) ahead of the one being written


@dataclass
class _Parsed:
    """A document read and parsed, waiting to be written."""

    key: str
    parsed: ParsedDocument
    prepared: Future | None


def ingest_paths(
    store: Store,
    paths: list[Path],
    access: str = PUBLIC,
    pipeline: Pipeline | None = None,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
    options: IngestOptions | None = None,
) -> list[FileOutcome]:
    """Ingest each file in its own transaction, in order; a failure never touches what is already stored.

    Files are read and parsed up to LOOKAHEAD ahead of the one being written, so a pipeline running ahead
    can start their entity extraction while the current one is embedded.
    """
    options = options or IngestOptions(access=access)
    outcomes: list[FileOutcome] = []
    window: deque[FileOutcome | _Parsed] = deque()

    def finish() -> None:
        pending = window.popleft()
        outcome = pending if isinstance(pending, FileOutcome) else _write(store, pending, pipeline, options.replace)
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), len(paths), outcome)

    for path in paths:
        window.append(_read_and_parse(store, path, options, pipeline))
        while len(window) > LOOKAHEAD:
            finish()
    while window:
        finish()
    return outcomes


DOCUMENT_SECONDS = int(os.environ.get("QUORUM_DOCUMENT_SECONDS", "600"))  # parse, or embed and write, one document


class DocumentTimeout(IngestError):
    """A document took longer than DOCUMENT_SECONDS to parse or to store."""


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    """Stop the block with DocumentTimeout after `seconds` (main thread only; elsewhere, or 0, no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise DocumentTimeout(f"{what} took longer than {seconds} s; nothing was stored")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lowers_access(existing: sqlite3.Row | None, access: str) -> bool:
    """Replacing an officers-only document with a public one is never done silently."""
    return existing is not None and existing["access"] == RESTRICTED and access != RESTRICTED


LOWERED = "it replaces a document stored for officers only; ingest it as restricted, or remove the old one first"


def _read_and_parse(
    store: Store, path: Path, options: IngestOptions, pipeline: Pipeline | None
) -> FileOutcome | _Parsed:
    key, access = str(path.resolve()), options.access
    try:
        with stage("read"):
            data = read_bytes(path)
            sha = hashlib.sha256(data).hexdigest()
        existing, same_content = store.find_document(key, sha)
        if existing is not None and existing["sha256"] == sha:
            return FileOutcome(key, "unchanged", "already ingested")
        if same_content is not None and existing is None:
            return FileOutcome(key, "duplicate", f"same content as {same_content['path']}")
        if lowers_access(existing, access):
            return FileOutcome(key, "failed", LOWERED)
        with stage("segment"), time_limit(DOCUMENT_SECONDS, "reading the document"):
            parsed = parse_source(Path(key), data, access, options.council, options.committee)
        reason = None if options.force else not_minutes(parsed)
        if reason:
            return FileOutcome(key, "skipped", f"not minutes ({reason}); --force stores it anyway")
        return _Parsed(key, parsed, pipeline.prepare(parsed) if pipeline else None)
    except IngestError as exc:
        return FileOutcome(key, "failed", str(exc))
    except OSError as exc:
        return FileOutcome(key, "failed", f"cannot read: {exc.strerror or exc}")


def _write(store: Store, pending: _Parsed, pipeline: Pipeline | None, replace: int | None = None) -> FileOutcome:
    key, parsed = pending.key, pending.parsed
    existing, same_content = store.find_document(key, parsed.sha256)  # again: earlier files are written now
    if existing is not None and existing["sha256"] == parsed.sha256:
        return FileOutcome(key, "unchanged", "already ingested")
    if same_content is not None and existing is None:
        return FileOutcome(key, "duplicate", f"same content as {same_content['path']}")
    try:
        with stage("write"), time_limit(DOCUMENT_SECONDS, "indexing the document"):  # the annotators time themselves
            meeting_id = store.write_document(
                parsed, pipeline.annotate(parsed, pending.prepared) if pipeline else None, replace=replace
            )
    except IngestError as exc:
        return FileOutcome(key, "failed", str(exc))
    except sqlite3.OperationalError as exc:  # the transaction was rolled back: nothing of the document is stored
        full = "full" in str(exc) or "disk" in str(exc)
        return FileOutcome(key, "failed", "the disk is full; nothing was stored" if full else f"database error: {exc}")
    status = "replaced" if existing is not None or replace is not None else "ingested"
    items = len(parsed.meeting.items)
    return FileOutcome(key, status, f"{items} items", meeting_id, items)


def ingest_and_index(
    store: Store,
    paths: list[Path],
    access: str = PUBLIC,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
    options: IngestOptions | None = None,
) -> list[FileOutcome]:
    """Ingest files (entity extraction running ahead for larger runs), bring the vector file up to date, then
    match the saved searches and watched entities against what was added: what the command line and the
    upload page both do."""
    from . import timing
    from .passage_index import refresh_vectors
    from .pipeline import AHEAD_MIN_FILES, Pipeline
    from .watches import match_new_items

    with Pipeline(ahead=len(paths) >= AHEAD_MIN_FILES) as pipeline:
        outcomes = ingest_paths(store, paths, access, pipeline, progress=progress, options=options)
    refresh_vectors(store, store.db_path.parent)
    if any(o.status in ("ingested", "replaced") for o in outcomes):
        with timing.stage("watches"):
            match_new_items(store.db_path)
    return outcomes
