"""Item summaries: the one to three central sentences of each agenda item, chosen at ingest and stored."""
from __future__ import annotations

import json
import sqlite3

from ingest.records import ParsedDocument


def store_summaries(conn: sqlite3.Connection, parsed: ParsedDocument, item_ids: list[int]) -> None:
    """Annotator: summarise every item of a document being written (sentences copied with offsets)."""
    from models.embedder import encode
    from models.summarise import summarise_item

    for item, item_id in zip(parsed.meeting.items, item_ids):
        sentences = summarise_item(item.text, item.heading_clean, encode)
        conn.execute("INSERT INTO summaries (item_id, sentences) VALUES (?, ?)",
                     (item_id, json.dumps([{"text": s.text, "start": s.start, "end": s.end} for s in sentences])))


def summaries_for(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, list[dict]]:
    """Stored summaries of the visible items among `item_ids`."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    rows = conn.execute(f"SELECT s.item_id, s.sentences FROM summaries s JOIN visible_items i ON i.id = s.item_id"
                        f" WHERE s.item_id IN ({marks})", item_ids).fetchall()
    return {row[0]: json.loads(row[1]) for row in rows}
