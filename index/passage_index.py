"""The passages annotator: split each item into passages, embed them, store rows with their vectors,
and store each item's sentence vectors (pooled in the same forward pass) and the summary picked from them.

Runs inside the document's write transaction (see `index.pipeline`); one batched encode per document.
`refresh_vectors` rebuilds the FAISS file after an ingest run so it matches SQLite.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ingest.records import ParsedDocument

from . import vectors
from .sentence_store import write_sentence_vectors
from .store import Store
from .summary_store import write_summaries


def store_passages(conn: sqlite3.Connection, parsed: ParsedDocument, item_ids: list[int]) -> None:
    """Insert passages (with float32 vector BLOBs), sentence vectors and the summary of every item."""
    from models.passage_embedding import ItemToEmbed, embed_items

    embedded = embed_items(
        [ItemToEmbed(item.text, item.heading_clean or item.heading) for item in parsed.meeting.items],
        parsed.meeting.committee,
    )
    vectors.bump_generation(conn)
    conn.executemany(
        "INSERT INTO passages (item_id, position, start, end, text, vector) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (item_id, p.position, p.start, p.end, p.text, vector.tobytes())
            for item_id, item in zip(item_ids, embedded)
            for p, vector in zip(item.passages, item.vectors)
        ],
    )
    write_summaries(conn, {item_id: item.summary for item_id, item in zip(item_ids, embedded)})
    write_sentence_vectors(
        conn, {item_id: (item.sentences, item.sentence_vectors) for item_id, item in zip(item_ids, embedded)}
    )


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


def vector_index_problem(store: Store, data_dir: Path) -> str | None:
    """Why searches cannot use the vector file (missing or damaged while passages exist), or None."""
    if store.conn.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is None:
        return None
    try:
        vectors.load(vectors.index_path(Path(data_dir)))
    except vectors.VectorIndexError as exc:
        return str(exc)
    return None
