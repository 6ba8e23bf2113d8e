"""The queue of uploaded files: queued by the upload request, ingested one at a time by an ingest process.

`run_queue` works through queued jobs until none is left, holding an exclusive lock file so that one
process does the ingesting however many uploads start one; each document's ingest is bounded in time
(`ingestion.DOCUMENT_SECONDS`). A job left `running` by a process that died is queued again.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .access import ADMIN
from .ingestion import IngestOptions, ingest_and_index
from .store import Store, now_iso

LOCK_FILE = "ingest.lock"
FINAL = ("ingested", "replaced", "unchanged", "duplicate", "failed")


@dataclass
class UploadJob:
    id: int
    name: str
    status: str  # queued, running, then one of FINAL
    detail: str
    meeting_id: int | None
    items: int

    @property
    def finished(self) -> bool:
        return self.status in FINAL

    def to_dict(self) -> dict:
        return {
            "job": self.id,
            "name": self.name,
            "status": self.status,
            "detail": self.detail,
            "meeting_id": self.meeting_id,
            "items": self.items,
            "finished": self.finished,
        }


def enqueue(
    store: Store,
    name: str,
    path: Path,
    access: str,
    backup: Path | None = None,
    council: str | None = None,
    committee: str | None = None,
) -> UploadJob:
    """Queue a saved upload; `backup` is the earlier file at `path` it replaced."""
    with store.conn:
        job_id = (
            store.conn.execute(
                "INSERT INTO upload_jobs (name, path, backup, access, council, committee, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, str(path), str(backup) if backup else None, access, council, committee, now_iso()),
            ).lastrowid
            or 0
        )
    return UploadJob(job_id, name, "queued", "", None, 0)


def job(store: Store, job_id: int) -> UploadJob | None:
    row = store.conn.execute(
        "SELECT id, name, status, detail, meeting_id, items FROM upload_jobs WHERE id = ?", (job_id,)
    ).fetchone()
    return UploadJob(*row) if row else None


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[bool]:
    """Whether this process holds the ingest lock (released on exit, or when the process dies)."""
    handle = open(Path(data_dir) / LOCK_FILE, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        yield False
        return
    try:
        yield True
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _next(store: Store) -> tuple[int, Path, IngestOptions, Path | None] | None:
    row = store.conn.execute(
        "SELECT id, path, access, backup, council, committee FROM upload_jobs WHERE status = 'queued'"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    with store.conn:
        store.conn.execute(
            "UPDATE upload_jobs SET status = 'running', started_at = ? WHERE id = ?", (now_iso(), row[0])
        )
    return row[0], Path(row[1]), IngestOptions(row[2], row[4], row[5]), Path(row[3]) if row[3] else None


def _settle_files(path: Path, backup: Path | None, stored: bool) -> None:
    """Leave the uploads folder holding what the archive holds: the new file if it was stored, else the old."""
    if stored:
        if backup is not None:
            backup.unlink(missing_ok=True)
    elif backup is not None and backup.exists():
        os.replace(backup, path)
    else:
        path.unlink(missing_ok=True)


def run_queue(db_path: Path, data_dir: Path) -> int:
    """Ingest queued uploads until none is left; how many this process ingested (0 if another holds the lock)."""
    done = 0
    while True:
        with _exclusive(data_dir) as mine:
            if not mine:
                return done
            with Store(db_path, ADMIN) as store:
                with store.conn:  # a process that died mid-job left it running: it is queued again
                    store.conn.execute("UPDATE upload_jobs SET status = 'queued' WHERE status = 'running'")
                while (claimed := _next(store)) is not None:
                    job_id, path, options, backup = claimed
                    outcome = ingest_and_index(store, [path], options.access, options=options)[0]
                    _settle_files(path, backup, outcome.status in ("ingested", "replaced", "unchanged"))
                    with store.conn:
                        store.conn.execute(
                            "UPDATE upload_jobs SET status = ?, detail = ?, meeting_id = ?, items = ?, finished_at = ?"
                            " WHERE id = ?",
                            (outcome.status, outcome.detail, outcome.meeting_id, outcome.items, now_iso(), job_id),
                        )
                    done += 1
        with Store(db_path, ADMIN) as store:  # a job queued while the lock was being released
            if store.conn.execute("SELECT 1 FROM upload_jobs WHERE status = 'queued'").fetchone() is None:
                return done


def pending(store: Store) -> int:
    return int(
        store.conn.execute("SELECT COUNT(*) FROM upload_jobs WHERE status IN ('queued', 'running')").fetchone()[0]
    )
