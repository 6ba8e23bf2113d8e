"""Versioned schema migrations (yoyo-migrations), applied once per process when a database is opened.

`index/migrations/sqlite/` holds the embedded store's steps in order; yoyo records what it applied in
the database itself and takes a lock, so two processes starting together apply each step once.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from yoyo import get_backend, read_migrations

SQLITE_MIGRATIONS = Path(__file__).resolve().parent / "sqlite"
_DONE: set[str] = set()
_LOCK = threading.Lock()


def statements(script: str) -> list[str]:
    """A SQL script split into complete statements (triggers with their BEGIN ... END kept whole)."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def migrate_sqlite(db_path: Path) -> None:
    """Bring the database at `db_path` to the newest schema (once per process and path)."""
    key = str(Path(db_path).resolve())
    if key in _DONE:
        return
    with _LOCK:
        if key in _DONE:
            return
        backend = get_backend(f"sqlite:///{key}")
        try:
            migrations = read_migrations(str(SQLITE_MIGRATIONS))
            if backend.to_apply(migrations):  # only a database that needs a step takes the write lock
                with backend.lock():
                    backend.apply_migrations(backend.to_apply(migrations))
        finally:
            backend.connection.close()
        _DONE.add(key)


def pending_sqlite_readonly(db_path: Path) -> int:
    """How many migrations a database that cannot be written still lacks (read from yoyo's own table)."""
    key = str(Path(db_path).resolve())
    if key in _DONE:
        return 0
    wanted = {m.id for m in read_migrations(str(SQLITE_MIGRATIONS))}
    conn = sqlite3.connect(f"file:{key}?mode=ro&immutable=1", uri=True)
    try:
        applied = {row[0] for row in conn.execute("SELECT migration_id FROM _yoyo_migration")}
    except sqlite3.OperationalError:
        applied = set()
    finally:
        conn.close()
    missing = len(wanted - applied)
    if not missing:
        _DONE.add(key)
    return missing
