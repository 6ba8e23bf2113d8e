"""The embedded SQLite store (WAL): writing parsed documents atomically and reading them back.

Every read goes through the `visible_*` views that `index.access` creates for the connection's viewer,
so restricted content cannot leak through a query that forgets to check.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.records import ParsedDocument

from .access import ANONYMOUS, Viewer, install_views
from .migrations import migrate_sqlite, pending_sqlite_readonly
from .vectors import bump_generation
from .views import AttendeeView, ItemView, MeetingRef, MeetingRow, MeetingView


class ReadOnlyDataError(RuntimeError):
    """A write was asked of a data directory that can only be read."""


def writable(db_path: Path) -> bool:
    """Whether the database (or, before it exists, its folder) can be written by this process."""
    folder = db_path.parent
    if db_path.exists():
        return os.access(db_path, os.W_OK) and os.access(folder, os.W_OK)
    return folder.exists() and os.access(folder, os.W_OK) or not folder.exists()


def _create_private(db_path: Path) -> None:
    """Create the database file readable by its owner only (it holds restricted minutes and token hashes);
    SQLite gives its -wal and -shm files the same mode."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if not db_path.exists():
        os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif db_path.stat().st_mode & 0o077 and db_path.stat().st_uid == os.getuid():
        os.chmod(db_path, 0o600)


def connect(db_path: Path, viewer: Viewer = ANONYMOUS, readonly: bool = False) -> sqlite3.Connection:
    """Open the database (creating it and its schema if needed) with the viewer's views installed.

    A data directory this process cannot write is opened read-only (reads are served; a write raises
    ReadOnlyDataError); one whose database needs a schema step it cannot apply refuses to open.
    """
    readonly = readonly or not writable(db_path)
    if readonly:
        if not db_path.exists():
            raise ReadOnlyDataError(f"no archive at {db_path.parent} (and the folder cannot be written)")
        if pending_sqlite_readonly(db_path):
            raise ReadOnlyDataError(
                f"the archive in {db_path.parent} needs a schema upgrade, which a read-only folder does not allow"
            )
        conn = _open_readonly(db_path)
    else:
        _create_private(db_path)
        migrate_sqlite(db_path)
        conn = sqlite3.connect(db_path, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    if not readonly:
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=30000")
    install_views(conn, viewer)
    return conn


def _open_readonly(db_path: Path) -> sqlite3.Connection:
    """Read-only, through the WAL when SQLite can use its shared-memory file, else as an immutable file."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """Reads and writes one data directory's SQLite database."""

    def __init__(self, db_path: Path, viewer: Viewer = ANONYMOUS) -> None:
        self.db_path = db_path
        self.viewer = viewer
        self.readonly = not writable(db_path)
        self.conn = connect(db_path, viewer, readonly=self.readonly)

    def require_writable(self) -> None:
        if self.readonly:
            raise ReadOnlyDataError(f"the data directory {self.db_path.parent} is read-only: nothing can be changed")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------------

    def find_document(self, path: str, sha256: str) -> tuple[sqlite3.Row | None, sqlite3.Row | None]:
        """(document at this path, any document with this content)."""
        by_path = self.conn.execute("SELECT id, sha256, path, access FROM documents WHERE path = ?", (path,)).fetchone()
        by_hash = self.conn.execute(
            "SELECT id, sha256, path, access FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return by_path, by_hash

    def write_document(
        self,
        parsed: ParsedDocument,
        annotate: Callable[[sqlite3.Connection, list[int]], None] | None = None,
        replace: int | None = None,
    ) -> int:
        """Insert a parsed document, replacing any older version at the same path (and the document with id
        `replace`, for a corrected file under a new name), in one transaction.

        `annotate(conn, item_ids)` runs inside the same transaction to add passages and mentions,
        so a document is either wholly stored with all its derived rows or not at all.
        """
        conn = self.conn
        with conn:  # BEGIN ... COMMIT, or ROLLBACK on any exception
            if replace is not None:
                conn.execute("DELETE FROM documents WHERE id = ?", (replace,))
            conn.execute("DELETE FROM documents WHERE path = ?", (parsed.path,))
            doc_id = (
                conn.execute(
                    "INSERT INTO documents (path, source, sha256, format, size, access, ingested_at, text)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        parsed.path,
                        parsed.source,
                        parsed.sha256,
                        parsed.format,
                        parsed.size,
                        parsed.access,
                        now_iso(),
                        parsed.text,
                    ),
                ).lastrowid
                or 0
            )
            meeting = parsed.meeting
            meeting_id = (
                conn.execute(
                    "INSERT INTO meetings (document_id, council, committee, date, venue, access, kind, notes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        meeting.council,
                        meeting.committee,
                        meeting.date,
                        meeting.venue,
                        parsed.access,
                        meeting.kind,
                        "; ".join(meeting.notes),
                    ),
                ).lastrowid
                or 0
            )
            for kind in ("present", "officers", "apologies", "in_attendance"):
                for position, person in enumerate(getattr(meeting.attendance, kind)):
                    conn.execute(
                        "INSERT INTO attendance (meeting_id, kind, position, name, role, title, affiliation, as_written,"
                        " start, end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            meeting_id,
                            kind,
                            position,
                            person.name,
                            person.role,
                            person.title,
                            person.affiliation,
                            person.as_written,
                            person.start,
                            person.end,
                        ),
                    )
            item_ids: list[int] = []
            for item in meeting.items:
                item_ids.append(
                    conn.execute(
                        "INSERT INTO items (meeting_id, position, number, heading, heading_clean, text, start, end, pages,"
                        " access) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            meeting_id,
                            item.position,
                            item.number,
                            item.heading,
                            item.heading_clean,
                            item.text,
                            item.start,
                            item.end,
                            json.dumps(item.pages),
                            item.access,
                        ),
                    ).lastrowid
                    or 0
                )
            if annotate is not None:
                annotate(conn, item_ids)
            conn.execute("DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions)")
        return meeting_id

    def find_documents(self, reference: str) -> list[sqlite3.Row]:
        """Documents a user names: a meeting id (as `quorum meetings` shows), a file name, or a full path."""
        if reference.isascii() and reference.isdigit() and len(reference) <= 18:
            return self.conn.execute(
                "SELECT d.id, d.path, d.source, m.id AS meeting_id FROM documents d JOIN meetings m"
                " ON m.document_id = d.id WHERE m.id = ?",
                (int(reference),),
            ).fetchall()
        return self.conn.execute(
            "SELECT d.id, d.path, d.source, m.id AS meeting_id FROM documents d JOIN meetings m ON m.document_id = d.id"
            " WHERE d.path = ? OR d.source = ? ORDER BY d.id",
            (str(Path(reference).resolve()), reference),
        ).fetchall()

    def remove_document(self, document_id: int) -> bool:
        """Remove a document and everything derived from it (items, passages and their vectors, keyword rows,
        sentence vectors, mentions, facts, summaries) in one transaction; entities left without a mention go."""
        with self.conn:
            removed = self.conn.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount
            if removed:
                bump_generation(self.conn)
            self.conn.execute("DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions)")
        return bool(removed)

    # --- reading (always through the visible_* views) -----------------------------------------------

    def list_meetings(
        self,
        council: str | None = None,
        committee: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> tuple[list[MeetingRow], int]:
        where, params = _meeting_filters(council, committee, date_from, date_to)
        total = self.conn.execute(f"SELECT COUNT(*) FROM visible_meetings m {where}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT m.id, d.source, m.council, m.committee, m.date, m.venue, m.kind,"
            f" (SELECT COUNT(*) FROM visible_items i WHERE i.meeting_id = m.id) AS item_count"
            f" FROM visible_meetings m JOIN documents d ON d.id = m.document_id {where}"
            f" ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [MeetingRow(**dict(row)) for row in rows], total

    def meeting(self, meeting_id: int) -> MeetingView | None:
        row = self.conn.execute(
            "SELECT m.id, d.source, d.format, d.path, m.council, m.committee, m.date, m.venue, m.kind, m.notes"
            " FROM visible_meetings m JOIN documents d ON d.id = m.document_id WHERE m.id = ?",
            (meeting_id,),
        ).fetchone()
        if row is None:
            return None
        meeting = MeetingView(**dict(row))
        people = {
            row["id"]: row["entity_id"]
            for row in self.conn.execute(
                "SELECT a.id, (SELECT mn.entity_id FROM mentions mn WHERE mn.meeting_id = a.meeting_id AND mn.item_id"
                " IS NULL AND mn.start = a.start AND mn.end = a.end LIMIT 1) AS entity_id FROM attendance a"
                " WHERE a.meeting_id = ?",
                (meeting_id,),
            )
        }
        for kind in ("present", "officers", "apologies", "in_attendance"):
            setattr(
                meeting,
                kind,
                [
                    AttendeeView(r["name"], r["role"], r["title"], r["affiliation"], people.get(r["id"]))
                    for r in self.conn.execute(
                        "SELECT id, name, role, title, affiliation FROM attendance WHERE meeting_id = ? AND kind = ?"
                        " ORDER BY position",
                        (meeting_id, kind),
                    )
                ],
            )
        meeting.items = [
            _item_view(r)
            for r in self.conn.execute(
                "SELECT * FROM visible_items WHERE meeting_id = ? ORDER BY position", (meeting_id,)
            )
        ]
        return meeting

    def item(self, item_id: int) -> ItemView | None:
        """A visible item with its meeting."""
        return self.items_by_id([item_id]).get(item_id)

    def items_by_id(self, item_ids: list[int]) -> dict[int, ItemView]:
        """Visible items with their meeting, keyed by id (ids the viewer may not see are absent)."""
        found: dict[int, ItemView] = {}
        for begin in range(0, len(item_ids), 900):
            chunk = item_ids[begin : begin + 900]
            rows = self.conn.execute(
                f"SELECT i.*, m.council, m.committee, m.date, d.source FROM visible_items i"
                f" JOIN visible_meetings m ON m.id = i.meeting_id JOIN documents d ON d.id = m.document_id"
                f" WHERE i.id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for row in rows:
                found[row["id"]] = _item_view(
                    row, MeetingRef(row["meeting_id"], row["source"], row["council"], row["committee"], row["date"])
                )
        return found

    def document_available(self, meeting_id: int) -> bool:
        """Whether the viewer may have the meeting's original document (see `index.access`)."""
        return (
            self.conn.execute("SELECT 1 FROM visible_documents WHERE meeting_id = ?", (meeting_id,)).fetchone()
            is not None
        )

    def filter_options(self) -> tuple[list[str], list[str]]:
        """The councils and committees of the meetings the viewer can see, each once, sorted."""
        rows = self.conn.execute("SELECT DISTINCT council, committee FROM visible_meetings").fetchall()
        return sorted({r["council"] for r in rows}), sorted({r["committee"] for r in rows})

    def counts(self) -> dict[str, int]:
        def one(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {
            "documents": one("SELECT COUNT(*) FROM visible_meetings"),
            "items": one("SELECT COUNT(*) FROM visible_items"),
            "passages": one("SELECT COUNT(*) FROM passages p JOIN visible_items i ON i.id = p.item_id"),
        }


def _meeting_filters(
    council: str | None, committee: str | None, date_from: str | None, date_to: str | None
) -> tuple[str, list[Any]]:
    clauses, params = meeting_filter_clauses(council, committee, date_from, date_to)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def meeting_filter_clauses(
    council: str | None, committee: str | None, date_from: str | None, date_to: str | None
) -> tuple[list[str], list[Any]]:
    """SQL conditions on meetings aliased `m`: council and committee contain, date within the range."""
    clauses: list[str] = []
    params: list[Any] = []
    if council:
        clauses.append("m.council LIKE ?")
        params.append(f"%{council}%")
    if committee:
        clauses.append("m.committee LIKE ?")
        params.append(f"%{committee}%")
    if date_from:
        clauses.append("m.date >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("m.date <= ?")
        params.append(date_to)
    return clauses, params


def meeting_in_filters(
    meeting: MeetingRef, council: str | None, committee: str | None, date_from: str | None, date_to: str | None
) -> bool:
    """`meeting_filter_clauses` for a meeting already read: the same rules (an undated meeting is outside
    any date range, as NULL compares false in SQL; LIKE is case-insensitive for ASCII)."""
    if council and council.lower() not in meeting.council.lower():
        return False
    if committee and committee.lower() not in meeting.committee.lower():
        return False
    if (date_from or date_to) and not meeting.date:
        return False
    return (not date_from or (meeting.date or "") >= date_from) and (not date_to or (meeting.date or "") <= date_to)


def _item_view(row: sqlite3.Row, meeting: MeetingRef | None = None) -> ItemView:
    return ItemView(
        row["id"],
        row["meeting_id"],
        row["position"],
        row["number"],
        row["heading_clean"],
        row["heading"],
        row["text"],
        row["start"],
        row["end"],
        row["access"],
        json.loads(row["pages"]),
        meeting,
    )
