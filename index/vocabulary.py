"""The archive's own words, for "did you mean": the closest spelling of a query word no visible item uses.

Terms come from the FTS5 index's vocabulary (`fts5vocab`, porter stems); a suggestion is only made when the
suggested word occurs in items the viewer may see, and it is written as those items write it, so nothing
is suggested from a restricted item.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from rapidfuzz import fuzz, process

from ingest.lexicon import STOPWORDS

from . import vectors

MIN_DOCUMENTS = 2  # a term in fewer items is more likely a typo itself
_VOCAB: dict[tuple, dict[tuple[str, int], list[str]]] = {}  # per archive state: terms by (first letter, length)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _terms(conn: sqlite3.Connection) -> dict[tuple[str, int], list[str]]:
    key = (conn.execute("PRAGMA database_list").fetchone()[2], vectors.db_signature(conn))
    if key not in _VOCAB:
        if len(_VOCAB) > 8:
            _VOCAB.clear()
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.items_vocab USING fts5vocab(main, 'items_fts', 'row')")
        buckets: dict[tuple[str, int], list[str]] = {}
        for (term,) in conn.execute("SELECT term FROM temp.items_vocab WHERE doc >= ?", (MIN_DOCUMENTS,)):
            if term.isalpha() and len(term) > 2:
                buckets.setdefault((term[0], len(term)), []).append(term)
        _VOCAB[key] = buckets
    return _VOCAB[key]


def _visible_items_matching(conn: sqlite3.Connection, expression: str, limit: int = 5) -> list[int]:
    try:
        rows = conn.execute(
            "SELECT i.id FROM items_fts JOIN visible_items i ON i.id = items_fts.rowid WHERE items_fts MATCH ? LIMIT ?",
            (expression, limit),
        ).fetchall()
    except sqlite3.OperationalError:  # an expression FTS5 cannot parse
        return []
    return [row[0] for row in rows]


def _surface(conn: sqlite3.Connection, term: str) -> str | None:
    """The term as visible items write it: the commonest word there that starts with the stem."""
    ids = _visible_items_matching(conn, f'"{term}"', MIN_DOCUMENTS + 3)
    if len(ids) < MIN_DOCUMENTS:
        return None
    words: Counter[str] = Counter()
    for (text,) in conn.execute(
        f"SELECT heading || ' ' || text FROM items WHERE id IN ({','.join('?' * len(ids))})", ids
    ):
        words.update(w.lower() for w in _WORD.findall(text) if w.lower().startswith(term))
    return min(words, key=lambda w: (-words[w], len(w))) if words else None


_ATTENDANCE: dict[tuple, frozenset[str]] = {}  # per archive state and viewer: words of attendance names


def _in_attendance(conn: sqlite3.Connection, word: str) -> bool:
    """Whether a visible attendance list names someone with this word ('Norma' is no typo for 'normally':
    attendance belongs to the meeting, not to any item the keyword index holds)."""
    visible = conn.execute("SELECT COUNT(*) FROM visible_meetings").fetchone()[0]  # differs by viewer
    key = (conn.execute("PRAGMA database_list").fetchone()[2], vectors.db_signature(conn), visible)
    if key not in _ATTENDANCE:
        if len(_ATTENDANCE) > 8:
            _ATTENDANCE.clear()
        rows = conn.execute("SELECT DISTINCT name FROM visible_mentions WHERE item_id IS NULL")
        _ATTENDANCE[key] = frozenset(w.lower() for (name,) in rows for w in _WORD.findall(name))
    return word in _ATTENDANCE[key]


def closest_spelling(conn: sqlite3.Connection, query: str) -> str | None:
    """The query with each word that no visible item contains replaced by the archive's closest word, or
    None when there is nothing to correct."""
    changed = False
    out = []
    terms: dict[tuple[str, int], list[str]] | None = None
    for word in query.split():
        bare = word.strip(".,;:!?\"'()").lower()
        if (
            len(bare) < 4
            or bare in STOPWORDS
            or not bare.isalpha()
            or _visible_items_matching(conn, f'"{bare}"', 1)
            or _in_attendance(conn, bare)
        ):
            out.append(word)
            continue
        replacement = None
        terms = terms if terms is not None else _terms(conn)
        near = [t for size in range(len(bare) - 2, len(bare) + 3) for t in terms.get((bare[0], size), [])]
        # the vocabulary holds restricted items' words too: try enough near terms that one only they use
        # cannot crowd out a visible one (whether a suggestion appears must not tell what is hidden)
        close = process.extract(bare, near, scorer=fuzz.ratio, limit=10, score_cutoff=75)
        for term, _, _ in sorted(close, key=lambda found: (-found[1], found[0])):
            replacement = _surface(conn, term)
            if replacement:
                break
        if replacement:
            out.append(replacement)
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
