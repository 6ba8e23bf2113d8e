"""Invariants that hold for all minutes, checked over everything a store holds.

Each rule looks at one stored document at a time and yields `Violation`s; `check` runs them all. They
catch what no gold covers: items that swallow the document, items that repeat its opening, headings
that are signatures or page furniture, meetings without metadata, attendance blocks nobody stored,
and derived records (sentences, mentions, facts) that point outside their item.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# Measured, not required: a budget debate can rightly be most of its meeting.
INDICATORS = ("item_swallows_document",)
RULES = (
    "items_inside_document",
    "items_in_order",
    "texts_add_up",
    "heading_inside_other_item",
    "opening_repeated",
    "heading_signature_or_furniture",
    "heading_fragment",
    "meeting_metadata",
    "attendance_missing",
    "records_inside_items",
)

_SIGNATURE = re.compile(
    r"^\s*(signed|signature|chair(man|person)?\s*[:.]?\s*(date|signed|_{3,})|date\s*[:.]?\s*_{3,}|_{4,}|\.{6,}"
    r"|(cath(aoirleach)?|meetings administrator|director of services)\s*$)",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^\s*(page\s+\d+(\s+of\s+\d+)?|\d{1,4}|-\s*\d+\s*-|\(?item\s+\d+\)?|continued|cont(\.|inued)?\s*overleaf)\s*$",
    re.IGNORECASE,
)
_FRAGMENT_END = re.compile(r"\b(and|or|of|the|to|for|with|by|a|an|in|on|at|that|which|was|were|is|are|be)\s*$", re.I)
ATTENDANCE_BLOCK = re.compile(
    r"(?im)^\s*\**\s*(present|members present|councillors present|in attendance|also in attendance|also present"
    r"|officers( present| in attendance)?|officials in attendance)\s*\**\s*[:\-–]?\s*\**"
)


@dataclass(frozen=True)
class Violation:
    rule: str
    source: str
    detail: str


def _items(conn: sqlite3.Connection, meeting_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT id, position, heading, heading_clean, text, start, end FROM main.items WHERE meeting_id = ?"
        " ORDER BY position",
        (meeting_id,),
    ).fetchall()


def check_document(conn: sqlite3.Connection, document_id: int) -> Iterator[Violation]:
    """Every rule, for one stored document."""
    doc = conn.execute(
        "SELECT d.id, d.source, d.text, d.size, d.format, m.id AS meeting_id, m.council, m.committee, m.date,"
        " (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = m.id) AS attendance"
        " FROM documents d JOIN meetings m ON m.document_id = d.id WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    source, text = doc["source"], doc["text"]
    items = _items(conn, doc["meeting_id"])

    def violation(rule: str, detail: str) -> Violation:
        return Violation(rule, source, detail)

    for item in items:
        if not (0 <= item["start"] <= item["end"] <= len(text)) or text[item["start"] : item["end"]] != item["text"]:
            yield violation(
                "items_inside_document",
                f"item {item['position']} [{item['start']}, {item['end']}) of a {len(text):,}-character document",
            )
    for before, after in zip(items, items[1:]):
        if after["start"] < before["end"]:
            yield violation("items_in_order", f"item {after['position']} starts before item {before['position']} ends")
    total = sum(len(item["text"]) for item in items)
    if total > len(text) or total > doc["size"]:  # no format holds fewer bytes on disk than characters of text
        yield violation("texts_add_up", f"items hold {total:,} characters of a {doc['size']:,}-byte document")
    lines = {item["id"]: {ln.strip() for ln in item["text"].splitlines() if ln.strip()} for item in items}
    for item in items:
        heading = " ".join(item["heading"].split())
        if len(heading) < 12:
            continue
        for other in items:
            if other["id"] != item["id"] and heading in lines[other["id"]]:
                yield violation(
                    "heading_inside_other_item",
                    f"item {other['position']} holds the heading line of item {item['position']}: {heading[:60]!r}",
                )
                break
    if len(items) >= 4 and total:
        largest = max(items, key=lambda item: len(item["text"]))
        if len(largest["text"]) > 0.6 * total:
            yield violation(
                "item_swallows_document",
                f"item {largest['position']} holds {len(largest['text']) / total:.0%} of a {len(items)}-item document",
            )
    opening = " ".join(text[:80].split())[:50]
    for item in items[1:]:
        if len(opening) >= 20 and " ".join(item["text"][:120].split()).startswith(opening):
            yield violation("opening_repeated", f"item {item['position']} starts with the document's opening")
    for item in items:
        heading = " ".join(item["heading"].split())
        if _SIGNATURE.match(heading) or _FURNITURE.match(heading):
            yield violation("heading_signature_or_furniture", f"item {item['position']}: {heading[:60]!r}")
        elif (
            (heading[:1].islower() and heading.split()[0].islower())
            or _FRAGMENT_END.search(heading)
            or len(heading.split()) > 60
        ):
            yield violation("heading_fragment", f"item {item['position']}: {heading[:80]!r}")
    missing = [name for name in ("council", "committee", "date") if not doc[name] or doc[name] == "Unknown council"]
    if missing:
        try:
            reason = conn.execute("SELECT notes FROM meetings WHERE id = ?", (doc["meeting_id"],)).fetchone()
        except sqlite3.OperationalError:  # a store from before meetings had notes
            reason = None
        if not (reason and reason[0]):
            yield violation("meeting_metadata", f"no {', '.join(missing)} and no reason given")
    preamble = text[: items[0]["start"]] if items else text
    if doc["attendance"] == 0 and ATTENDANCE_BLOCK.search(preamble[:6000]):
        yield violation("attendance_missing", "a Present / In attendance block, but no attendance stored")
    yield from _records_inside(conn, items, violation)


def _records_inside(conn: sqlite3.Connection, items: list[sqlite3.Row], violation) -> Iterator[Violation]:
    for item in items:
        length, heading_length = len(item["text"]), len(item["heading_clean"])
        for table in ("decisions", "actions", "figures"):
            for row in conn.execute(f"SELECT start, end, text FROM {table} WHERE item_id = ?", (item["id"],)):
                if not (0 <= row[0] <= row[1] <= length) or item["text"][row[0] : row[1]] != row[2]:
                    yield violation("records_inside_items", f"a {table[:-1]} outside item {item['position']}")
        for start, end in conn.execute("SELECT start, end FROM mentions WHERE item_id = ?", (item["id"],)):
            inside_text = 0 <= start <= end <= length
            inside_heading = start < 0 and end <= 0 and start >= -(heading_length + 1) - 200
            if not (inside_text or inside_heading):
                yield violation("records_inside_items", f"a mention [{start}, {end}) outside item {item['position']}")
        row = conn.execute("SELECT spans FROM sentence_vectors WHERE item_id = ?", (item["id"],)).fetchone()
        if row is not None:
            spans = np.frombuffer(row[0], dtype=np.int32).reshape(-1, 2)
            if len(spans) and (spans.min() < 0 or spans.max() > length):
                yield violation("records_inside_items", f"a sentence outside item {item['position']}")
        summary = conn.execute("SELECT sentences FROM summaries WHERE item_id = ?", (item["id"],)).fetchone()
        for sentence in json.loads(summary[0]) if summary else []:
            if item["text"][sentence["start"] : sentence["end"]] != sentence["text"]:
                yield violation("records_inside_items", f"a summary sentence outside item {item['position']}")


def check(conn: sqlite3.Connection, indicators: bool = False) -> tuple[int, list[Violation]]:
    """(documents checked, every violation of the invariants), over the whole store; with `indicators`,
    also the measured signs of trouble that are not invariants."""
    ids = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]
    found = [
        v for document_id in ids for v in check_document(conn, document_id) if indicators or v.rule not in INDICATORS
    ]
    return len(ids), found
