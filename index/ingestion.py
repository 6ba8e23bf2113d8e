"""Ingest files into a data directory: collect paths, skip unchanged content, parse, store atomically."""
from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ingest.errors import IngestError
from ingest.parse import parse_source
from ingest.readers import SUPPORTED_SUFFIXES, read_bytes
from ingest.records import PUBLIC

from .store import Store
from .timing import stage


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


def ingest_paths(store: Store, paths: list[Path], access: str = PUBLIC,
                 annotate: Callable | None = None,
                 progress: Callable[[int, int, FileOutcome], None] | None = None) -> list[FileOutcome]:
    """Ingest each file in its own transaction; a failure never touches what is already stored."""
    outcomes = []
    for number, path in enumerate(paths, start=1):
        outcome = ingest_one(store, path, access, annotate)
        outcomes.append(outcome)
        if progress:
            progress(number, len(paths), outcome)
    return outcomes


def ingest_one(store: Store, path: Path, access: str = PUBLIC, annotate: Callable | None = None) -> FileOutcome:
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
        item_annotator = annotate(parsed) if annotate else None
        with stage("write"):  # includes the annotators, which time themselves
            meeting_id = store.write_document(parsed, item_annotator)
        status = "replaced" if existing is not None else "ingested"
        return FileOutcome(key, status, f"{len(parsed.meeting.items)} items", meeting_id, len(parsed.meeting.items))
    except IngestError as exc:
        return FileOutcome(key, "failed", str(exc))
    except OSError as exc:
        return FileOutcome(key, "failed", f"cannot read: {exc.strerror or exc}")
