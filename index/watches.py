"""Saved searches and watched entities: stored per token, matched against what each ingest adds.

After documents are ingested, `match_new_items` runs each saved search over the items added since it last
ran (with the owner's entitlement and the search's relevance floor, so a weak match is not news) and
collects the new agenda items that mention each watched entity (attendance lists belong to no item, so
being listed as present is not news). A match is recorded once per watch and item *content*
(council, committee, date, heading, text): re-ingesting unchanged files adds nothing, and a replaced
document's unchanged items keep their first announcement (the match just points at the new item).
A watch whose token is revoked or expired stops: it is neither matched nor served.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .access import Viewer
from .store import Store
from .tokens import active_token

log = logging.getLogger(__name__)

MATCHES_PER_RUN = 200  # new items taken per saved search and ingest


@dataclass
class Watch:
    id: int
    token_id: int
    kind: str  # 'search' or 'entity'
    query: str | None
    council: str | None
    committee: str | None
    date_from: str | None
    date_to: str | None
    entity_id: int | None
    entity_name: str | None
    feed_secret: str | None
    created_at: str
    last_digest_at: str | None = None

    @property
    def title(self) -> str:
        """'“street drinking” (Stockton)' or 'Operation Autumnus' — what the watch follows."""
        if self.kind == "entity":
            return self.entity_name or f"entity {self.entity_id}"
        scope = ", ".join(v for v in (self.council, self.committee, self.date_from, self.date_to) if v)
        return f"\u201c{self.query}\u201d" + (f" ({scope})" if scope else "")

    def to_dict(self) -> dict[str, Any]:
        body = asdict(self)
        body["title"] = self.title
        body["feed"] = f"/feeds/{self.feed_secret}.atom" if self.feed_secret else None
        body.pop("feed_secret")
        body.pop("token_id")
        return body


@dataclass
class WatchMatch:
    id: int
    watch_id: int
    item_id: int
    heading: str
    snippet: str
    council: str
    committee: str
    date: str | None
    source: str
    relevance: float | None
    matched_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_COLUMNS = (
    "id, token_id, kind, query, council, committee, date_from, date_to, entity_id, entity_name, feed_secret,"
    " created_at, last_digest_at"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _row(row: sqlite3.Row | tuple) -> Watch:
    return Watch(*row)


def add_watch(
    conn: sqlite3.Connection,
    token_id: int,
    *,
    query: str | None = None,
    council: str | None = None,
    committee: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity_id: int | None = None,
    entity_name: str | None = None,
) -> Watch:
    """Save a search (`query` with filters) or watch an entity for a token; matching starts with the next
    ingest (items already stored are not news). Raises ValueError on a bad request."""
    if active_token(conn, token_id) is None:
        raise ValueError(f"no active token {token_id}")
    query = " ".join(query.split()) if query else None  # one line: it becomes a feed title and a mail subject
    if bool(query) == bool(entity_id):
        raise ValueError("a watch follows either a search ('query') or an entity")
    for name, value in (("from", date_from), ("to", date_to)):
        if value and not _is_date(value):
            raise ValueError(f"'{name}' must be a date as YYYY-MM-DD, not {value!r}")
    kind = "entity" if entity_id else "search"
    same = conn.execute(
        "SELECT id FROM watches WHERE token_id = ? AND kind = ? AND query IS ? AND council IS ? AND committee IS ?"
        " AND date_from IS ? AND date_to IS ? AND entity_id IS ?",
        (token_id, kind, query, council, committee, date_from, date_to, entity_id),
    ).fetchone()
    if same is not None:  # following the same thing twice would announce everything twice
        existing = get_watch(conn, same[0])
        assert existing is not None
        return existing
    latest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0]
    key = conn.execute("SELECT key FROM entities WHERE id = ?", (entity_id,)).fetchone() if entity_id else None
    if entity_id and key is None:
        raise ValueError(f"there is no entity {entity_id}")
    with conn:
        watch_id = conn.execute(
            "INSERT INTO watches (token_id, kind, query, council, committee, date_from, date_to, entity_id,"
            " entity_name, entity_key, feed_secret, created_at, last_item_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token_id,
                kind,
                query,
                council,
                committee,
                date_from,
                date_to,
                entity_id,
                entity_name,
                key[0] if key else None,
                secrets.token_urlsafe(24),
                _now(),
                latest,
            ),
        ).lastrowid
    found = get_watch(conn, int(watch_id or 0))
    assert found is not None
    return found


def get_watch(conn: sqlite3.Connection, watch_id: int, token_id: int | None = None) -> Watch | None:
    """A watch by id (only the token's own when `token_id` is given)."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM watches WHERE id = ?", (watch_id,)).fetchone()
    if row is None or (token_id is not None and row[1] != token_id):
        return None
    return _row(row)


def list_watches(conn: sqlite3.Connection, token_id: int | None = None) -> list[Watch]:
    """A token's watches (every watch when `token_id` is None), oldest first."""
    if token_id is None:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM watches ORDER BY id").fetchall()
    else:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM watches WHERE token_id = ? ORDER BY id", (token_id,)).fetchall()
    return [_row(r) for r in rows]


def remove_watch(conn: sqlite3.Connection, watch_id: int, token_id: int | None = None) -> bool:
    if get_watch(conn, watch_id, token_id) is None:
        return False
    with conn:
        conn.execute("DELETE FROM watch_matches WHERE watch_id = ?", (watch_id,))
        conn.execute("DELETE FROM watches WHERE id = ?", (watch_id,))
    return True


def rotate_feed(conn: sqlite3.Connection, watch_id: int, token_id: int | None, revoke: bool = False) -> Watch | None:
    """A new secret feed URL for the watch (the old one stops working), or none at all (`revoke`)."""
    if get_watch(conn, watch_id, token_id) is None:
        return None
    with conn:
        conn.execute(
            "UPDATE watches SET feed_secret = ? WHERE id = ?", (None if revoke else secrets.token_urlsafe(24), watch_id)
        )
    return get_watch(conn, watch_id)


def watch_for_feed(conn: sqlite3.Connection, secret: str) -> Watch | None:
    """The watch a feed secret opens, if its token is still active."""
    if not secret or len(secret) > 100:
        return None
    row = conn.execute(f"SELECT {_COLUMNS} FROM watches WHERE feed_secret = ?", (secret,)).fetchone()
    if row is None:
        return None
    watch = _row(row)
    return watch if active_token(conn, watch.token_id) is not None else None


# --- matching after ingest ------------------------------------------------------------------------


def fingerprint(council: str, committee: str, date: str | None, heading: str, text: str) -> str:
    """What makes an item the same news: its meeting and its words, not its database id."""
    body = "\x1f".join((council, committee, date or "", heading, " ".join(text.split())))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def match_new_items(db_path: Path) -> dict[int, int]:
    """Run every active watch over the items added since it last ran; returns new matches per watch id."""

    new: dict[int, int] = {}
    with Store(db_path, Viewer("admin")) as admin:
        watches = list_watches(admin.conn)
        latest = admin.conn.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0]
    stores: dict[str, Store] = {}
    try:
        for watch in watches:
            try:
                found = _new_for(db_path, watch, latest, stores)
            except Exception:  # one broken watch must not stop the others (the ingest itself is done)
                log.exception("watch %s could not be matched", watch.id)
                continue
            if found is not None:
                new[watch.id] = _record(found[0], watch.id, found[1], latest)
    finally:
        for store in stores.values():
            store.close()
    return new


def _new_for(
    db_path: Path, watch: Watch, latest: int, stores: dict[str, Store]
) -> tuple[Store, list[tuple[int, float | None, str]]] | None:
    """(owner's store, [(item id, relevance, snippet)]) for the items new to `watch`; None if it does not run."""
    from .search import search

    with Store(db_path, Viewer("admin")) as admin:
        owner = active_token(admin.conn, watch.token_id)
        since = admin.conn.execute("SELECT last_item_id FROM watches WHERE id = ?", (watch.id,)).fetchone()
    if owner is None or since is None or since[0] >= latest:
        return None
    role = owner[0]  # what a viewer sees depends on the role only (index/access.py)
    store = stores.get(role) or stores.setdefault(role, Store(db_path, Viewer(role, watch.token_id)))
    found: list[tuple[int, float | None, str]] = []
    if watch.kind == "search" and watch.query:
        response = search(
            store,
            watch.query,
            k=MATCHES_PER_RUN,
            council=watch.council,
            committee=watch.committee,
            date_from=watch.date_from,
            date_to=watch.date_to,
            suggest=False,
            after_item=since[0],
        )
        found = [(hit.item_id, hit.relevance, hit.snippet.text) for hit in response.results]
    elif watch.kind == "entity":
        entity_id = _current_entity(store.conn, watch)
        if entity_id is not None:
            rows = store.conn.execute(
                "SELECT vm.item_id, MIN(vm.start), vm.sentence FROM visible_mentions vm"
                " JOIN visible_items i ON i.id = vm.item_id WHERE vm.entity_id = ? AND vm.item_id > ?"
                " GROUP BY vm.item_id ORDER BY vm.item_id LIMIT ?",
                (entity_id, since[0], MATCHES_PER_RUN),
            ).fetchall()
            found = [(row[0], None, " ".join(row[2].split())) for row in rows]  # the mention's sentence
    return store, found


def _current_entity(conn: sqlite3.Connection, watch: Watch) -> int | None:
    """The watched entity's id now: the same id while it still holds the same entity (ids of removed
    entities are reused), else found again by name (it may have been merged into another since)."""
    from .entities_store import find_entity

    if watch.entity_id is not None:
        row = conn.execute(
            "SELECT 1 FROM entities e JOIN watches w ON w.id = ? WHERE e.id = ? AND e.key = w.entity_key",
            (watch.id, watch.entity_id),
        ).fetchone()
        if row:
            return watch.entity_id
    found = find_entity(conn, watch.entity_name or "") if watch.entity_name else None
    return found.id if found else None


def _record(store: Store, watch_id: int, found: list[tuple[int, float | None, str]], latest: int) -> int:
    """Store the matches (once per item content) and move the watch on to `latest`; returns how many are new."""
    items = store.items_by_id([item_id for item_id, _, _ in found])
    added = 0
    now = _now()
    with store.conn:
        for item_id, relevance, snippet in found:
            item = items.get(item_id)
            if item is None or item.meeting is None:
                continue
            mark = fingerprint(item.meeting.council, item.meeting.committee, item.meeting.date, item.heading, item.text)
            known = store.conn.execute(
                "SELECT id FROM watch_matches WHERE watch_id = ? AND fingerprint = ?", (watch_id, mark)
            ).fetchone()
            if known is None:
                store.conn.execute(
                    "INSERT INTO watch_matches (watch_id, item_id, fingerprint, relevance, snippet, matched_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (watch_id, item_id, mark, relevance, snippet, now),
                )
                added += 1
            else:  # announced before (a replaced document's unchanged item): point at the item as stored now
                store.conn.execute("UPDATE watch_matches SET item_id = ? WHERE id = ?", (item_id, known[0]))
        store.conn.execute("UPDATE watches SET last_item_id = MAX(last_item_id, ?) WHERE id = ?", (latest, watch_id))
    return added


# --- reading matches (through the viewer's visible_* views) -----------------------------------------


def matches_of(store: Store, watch_id: int, limit: int = 100, undigested: bool = False) -> list[WatchMatch]:
    """A watch's matches the store's viewer may see, newest first (the snippet as matched)."""
    rows = store.conn.execute(
        "SELECT wm.id, wm.item_id, wm.relevance, wm.snippet, wm.matched_at FROM watch_matches wm"
        " JOIN visible_items i ON i.id = wm.item_id"
        f" WHERE wm.watch_id = ?{' AND wm.digested_at IS NULL' if undigested else ''}"
        " ORDER BY wm.matched_at DESC, wm.item_id DESC LIMIT ?",
        (watch_id, limit),
    ).fetchall()
    items = store.items_by_id([row[1] for row in rows])
    out = []
    for match_id, item_id, relevance, snippet, matched_at in rows:
        item = items.get(item_id)
        if item is None or item.meeting is None:
            continue
        meeting = item.meeting
        out.append(
            WatchMatch(
                match_id,
                watch_id,
                item.id,
                item.heading,
                snippet or " ".join(item.text.split())[:300],
                meeting.council,
                meeting.committee,
                meeting.date,
                meeting.source,
                relevance,
                matched_at,
            )
        )
    return out


def mark_digested(conn: sqlite3.Connection, match_ids: list[int]) -> None:
    """Record that these matches were sent (only these: more may have come in since the digest was built)."""
    now = _now()
    with conn:
        conn.executemany("UPDATE watch_matches SET digested_at = ? WHERE id = ?", [(now, i) for i in match_ids])
        conn.execute(
            "UPDATE watches SET last_digest_at = ? WHERE id IN"
            f" (SELECT watch_id FROM watch_matches WHERE id IN ({','.join('?' * len(match_ids))}))",
            (now, *match_ids),
        )
