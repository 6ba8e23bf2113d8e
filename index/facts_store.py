"""Store and read the decisions, actions and figures of each agenda item (extracted at ingest)."""

from __future__ import annotations

import sqlite3

from ingest.records import ParsedDocument
from models.facts import extract_actions, extract_decisions, extract_figures
from models.sentences import split_sentences


def store_facts(conn: sqlite3.Connection, parsed: ParsedDocument, item_ids: list[int]) -> None:
    """Annotator: extract and insert the facts of every item of a document being written."""
    for item, item_id in zip(parsed.meeting.items, item_ids):
        sentences = split_sentences(item.text)
        conn.executemany(
            "INSERT INTO decisions (item_id, kind, text, start, end, proposer, seconder) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (item_id, d.kind, d.text, d.start, d.end, d.proposer, d.seconder)
                for d in extract_decisions(item.text, sentences)
            ],
        )
        conn.executemany(
            "INSERT INTO actions (item_id, owner, text, start, end) VALUES (?, ?, ?, ?, ?)",
            [(item_id, a.owner, a.text, a.start, a.end) for a in extract_actions(item.text, sentences)],
        )
        conn.executemany(
            "INSERT INTO figures (item_id, value, kind, change, text, start, end, subject)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (item_id, f.value, f.kind, f.change, f.text, f.start, f.end, f.subject)
                for f in extract_figures(item.text, sentences)
            ],
        )


def item_facts(conn: sqlite3.Connection, item_id: int) -> dict[str, list[dict]]:
    """Decisions, actions and figures of a visible item (empty lists for an item the viewer cannot see)."""
    visible = conn.execute("SELECT 1 FROM visible_items WHERE id = ?", (item_id,)).fetchone()
    if visible is None:
        return {"decisions": [], "actions": [], "figures": []}

    def rows(sql: str) -> list[dict]:
        return [dict(r) for r in conn.execute(sql, (item_id,))]

    return {
        "decisions": rows(
            "SELECT kind, text, start, end, proposer, seconder FROM decisions WHERE item_id = ? ORDER BY start"
        ),
        "actions": rows("SELECT owner, text, start, end FROM actions WHERE item_id = ? ORDER BY start"),
        "figures": rows(
            "SELECT value, kind, change, subject, text, start, end FROM figures WHERE item_id = ? ORDER BY start, id"
        ),
    }
