"""The passages annotator: split each item into passages, embed them, store rows with their vectors.

Runs inside the document's write transaction (see `index.pipeline`); one `encode` call per document.
`refresh_vectors` rebuilds the FAISS file after an ingest run so it matches SQLite.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ingest.records import ParsedDocument

from . import vectors
from .store import Store


def store_passages(conn: sqlite3.Connection, parsed: ParsedDocument, item_ids: list[int]) -> None:
    """Insert passages (with float32 vector BLOBs) for every item of the document."""
    from models.embedder import encode
    from models.passages import make_passages

    committee = parsed.meeting.committee
    rows: list[tuple[int, int, int, int, str]] = []
    texts: list[str] = []
    for item, item_id in zip(parsed.meeting.items, item_ids):
        for passage in make_passages(item.text, item.heading_clean or item.heading, committee):
            rows.append((item_id, passage.position, passage.start, passage.end, passage.text))
            texts.append(passage.embed_text)
    vectors.bump_generation(conn)
    if not rows:
        return
    embedded = encode(texts)
    conn.executemany("INSERT INTO passages (item_id, position, start, end, text, vector) VALUES (?, ?, ?, ?, ?, ?)",
                     [(*row, vector.tobytes()) for row, vector in zip(rows, embedded)])


def refresh_vectors(store_or_conn: Store | sqlite3.Connection, data_dir: Path, force: bool = False) -> bool:
    """Rebuild `vectors.faiss` in `data_dir` if it is missing or out of date; True if rebuilt."""
    conn = store_or_conn.conn if isinstance(store_or_conn, Store) else store_or_conn
    path = vectors.index_path(Path(data_dir))
    if not force and not vectors.is_stale(conn, path):
        try:
            vectors.load(path)
            return False
        except vectors.VectorIndexError:
            pass
    vectors.rebuild(conn, path)
    return True
