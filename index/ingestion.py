"""Ingest files into a data directory: collect paths, skip unchanged content, parse, store atomically."""

from __future__ import annotations

import glob
import hashlib
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.parse import parse_source
from ingest.readers import SUPPORTED_SUFFIXES, read_bytes
from ingest.records import PUBLIC, ParsedDocument

from .store import Store
from .timing import stage

if TYPE_CHECKING:
    from .pipeline import Pipeline


@dataclass
class FileOutcome:
    path: str
    status: str  # "ingested", "replaced", "unchanged", "duplicate", "failed"
    detail: str = ""
    meeting_id: int | None = None
    items: int = 0


def collect_paths(patterns: Iterable[str]) -> tuple[list[Path], list[FileOutcome]]:
    """Expand files, folders (recursively: supported types only) and globs; report what matched nothing."""
    found: list[Path] = []
    missing: list[FileOutcome] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
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
) -> list[FileOutcome]:
    """Ingest each file in its own transaction, in order; a failure never touches what is already stored.

    Files are read and parsed up to LOOKAHEAD ahead of the one being written, so a pipeline running ahead
    can start their entity extraction while the current one is embedded.
    """
    outcomes: list[FileOutcome] = []
    window: deque[FileOutcome | _Parsed] = deque()

    def finish() -> None:
        pending = window.popleft()
        outcome = pending if isinstance(pending, FileOutcome) else _write(store, pending, pipeline)
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), len(paths), outcome)

    for path in paths:
        window.append(_read_and_parse(store, path, access, pipeline))
        while len(window) > LOOKAHEAD:
            finish()
    while window:
        finish()
    return outcomes


def _read_and_parse(store: Store, path: Path, access: str, pipeline: Pipeline | None) -> FileOutcome | _Parsed:
    key = str(path.resolve())
    try:
        with stage("read"):
            data = read_bytes(path)
            sha = hashlib.sha256(data).hexdigest()
        existing, same_content = store.find_document(key, sha)
        if existing is not None and existing["sha256"] == sha:
            return FileOutcome(key, "unchanged", "already ingested")
        if same_content is not None and existing is None:
            return FileOutcome(key, "duplicate", f"same content as {same_content['path']}")
        with stage("segment"):
            parsed = parse_source(Path(key), data, access)
        return _Parsed(key, parsed, pipeline.prepare(parsed) if pipeline else None)
    except IngestError as exc:
        return FileOutcome(key, "failed", str(exc))
    except OSError as exc:
        return FileOutcome(key, "failed", f"cannot read: {exc.strerror or exc}")


def _write(store: Store, pending: _Parsed, pipeline: Pipeline | None) -> FileOutcome:
    key, parsed = pending.key, pending.parsed
    existing, same_content = store.find_document(key, parsed.sha256)  # again: earlier files are written now
    if existing is not None and existing["sha256"] == parsed.sha256:
        return FileOutcome(key, "unchanged", "already ingested")
    if same_content is not None and existing is None:
        return FileOutcome(key, "duplicate", f"same content as {same_content['path']}")
    try:
        with stage("write"):  # includes the annotators, which time themselves
            meeting_id = store.write_document(parsed, pipeline.annotate(parsed, pending.prepared) if pipeline else None)
    except IngestError as exc:
        return FileOutcome(key, "failed", str(exc))
    status = "replaced" if existing is not None else "ingested"
    items = len(parsed.meeting.items)
    return FileOutcome(key, status, f"{items} items", meeting_id, items)


def ingest_and_index(
    store: Store,
    paths: list[Path],
    access: str = PUBLIC,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Ingest files (entity extraction running ahead for larger runs), then bring the vector file up to date:
    what the command line and the upload page both do."""
    from .passage_index import refresh_vectors
    from .pipeline import AHEAD_MIN_FILES, Pipeline

    with Pipeline(ahead=len(paths) >= AHEAD_MIN_FILES) as pipeline:
        outcomes = ingest_paths(store, paths, access, pipeline, progress=progress)
    refresh_vectors(store, store.db_path.parent)
    return outcomes
