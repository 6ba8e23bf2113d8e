"""Item summaries: the one to three central sentences of each agenda item, chosen at ingest and stored
(see `models.passage_embedding`)."""

from __future__ import annotations

import json
import sqlite3

from models.sentences import Sentence


def write_summaries(conn: sqlite3.Connection, summaries: dict[int, list[Sentence]]) -> None:
    """Store each item's summary sentences (copied from its text, with their offsets)."""
    conn.executemany(
        "INSERT INTO summaries (item_id, sentences) VALUES (?, ?)",
        [
            (item_id, json.dumps([{"text": s.text, "start": s.start, "end": s.end} for s in sentences]))
            for item_id, sentences in summaries.items()
        ],
    )


def summaries_for(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, list[dict]]:
    """Stored summaries of the visible items among `item_ids`."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    rows = conn.execute(
        f"SELECT s.item_id, s.sentences FROM summaries s JOIN visible_items i ON i.id = s.item_id"
        f" WHERE s.item_id IN ({marks})",
        item_ids,
    ).fetchall()
    return {row[0]: json.loads(row[1]) for row in rows}
