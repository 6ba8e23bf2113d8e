"""Keyword search: BM25 over the FTS5 index of item headings and text, visible items only.

User input never reaches FTS5 syntax: words are extracted and each is quoted as a string, text in
double quotes becomes a phrase; terms are OR-ed so BM25 ranks partial matches too. Any FTS5 error
yields no results instead of an exception.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from ingest import lexicon

HEADING_WEIGHT = 3.0
TEXT_WEIGHT = 1.0

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_QUOTED = re.compile(r'"([^"]+)"')
STOPWORDS = lexicon.STOPWORDS


@dataclass
class ParsedQuery:
    terms: list[str] = field(default_factory=list)  # content words (stopwords dropped unless nothing is left)
    phrases: list[list[str]] = field(default_factory=list)  # user "quoted phrases" and capitalised names

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text)]


def parse_query(query: str) -> ParsedQuery:
    """Terms and phrases of a free-text query; never raises."""
    query = (query or "")[:1000]
    phrases = [words(p) for p in _QUOTED.findall(query)]
    phrases = [p for p in phrases if p]
    all_words = words(query)
    terms = [w for w in all_words if w.lower() not in STOPWORDS]
    if not terms:
        terms = all_words
    phrases += [p for p in name_phrases(query) if p not in phrases]
    return ParsedQuery(list(dict.fromkeys(terms)), phrases)


def name_phrases(query: str) -> list[list[str]]:
    """Runs of two or more capitalised words (e.g. "Operation Copóg"), treated as exact names."""
    runs, current = [], []
    for word in words(query) + [""]:
        if word and word[0].isupper() and word.lower() not in STOPWORDS:
            current.append(word)
        else:
            if len(current) >= 2:
                runs.append(current)
            current = []
    return runs


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts_expression(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression OR-ing quoted terms and phrases ("" if nothing searchable)."""
    parts = [_quote(t) for t in parsed.terms]
    parts += [_quote(" ".join(p)) for p in parsed.phrases if len(p) > 1]
    return " OR ".join(dict.fromkeys(parts))


def phrase_expression(phrase: list[str]) -> str:
    return _quote(" ".join(phrase))


def bm25_search(
    conn: sqlite3.Connection, expression: str, limit: int = 100, where: str = "", params: tuple | list = ()
) -> list[tuple[int, float]]:
    """(item_id, score) best first, score = -bm25 (higher is better), over visible items matching `where`.

    `where` is extra SQL over aliases `i` (visible_items) and `m` (visible_meetings), e.g. from
    `index.search.filter_sql`.
    """
    if not expression:
        return []
    score = f"-bm25(items_fts, {HEADING_WEIGHT}, {TEXT_WEIGHT})"
    try:
        if not where:  # rank first, then check the few best for visibility (the join made SQLite check all)
            fetch = limit * 2 + 20
            ranked = [
                (int(r[0]), float(r[1]))
                for r in conn.execute(
                    f"SELECT rowid, {score} AS score FROM items_fts WHERE items_fts MATCH ? ORDER BY score DESC LIMIT ?",
                    (expression, fetch),
                )
            ]
            visible = _visible_ids(conn, [item_id for item_id, _ in ranked])
            kept = [pair for pair in ranked if pair[0] in visible]
            if len(kept) >= limit or len(ranked) < fetch:
                return kept[:limit]
        sql = (
            f"SELECT f.rowid AS id, {score} AS score FROM items_fts f"
            f" JOIN visible_items i ON i.id = f.rowid JOIN visible_meetings m ON m.id = i.meeting_id"
            f" WHERE items_fts MATCH ? {('AND ' + where) if where else ''} ORDER BY score DESC LIMIT ?"
        )
        return [(int(r[0]), float(r[1])) for r in conn.execute(sql, (expression, *params, limit))]
    except sqlite3.OperationalError:
        return []


def _visible_ids(conn: sqlite3.Connection, item_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for begin in range(0, len(item_ids), 900):
        chunk = item_ids[begin : begin + 900]
        found.update(
            r[0]
            for r in conn.execute(f"SELECT id FROM visible_items WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        )
    return found
