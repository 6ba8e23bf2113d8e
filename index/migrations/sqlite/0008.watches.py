"""Saved searches and watched entities, owned by a token, each with an Atom feed at a secret URL; and the
new items each has matched (once per watch and item content, so a replaced document is not announced again)."""

from yoyo import step

steps = [
    step(
        """
        CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            token_id INTEGER NOT NULL REFERENCES tokens(id),
            kind TEXT NOT NULL CHECK (kind IN ('search', 'entity')),
            query TEXT,
            council TEXT,
            committee TEXT,
            date_from TEXT,
            date_to TEXT,
            entity_id INTEGER,
            entity_name TEXT,
            entity_key TEXT,
            feed_secret TEXT UNIQUE,
            created_at TEXT NOT NULL,
            last_item_id INTEGER NOT NULL DEFAULT 0,
            last_digest_at TEXT
        )
        """,
        "DROP TABLE watches",
    ),
    step("CREATE INDEX watches_token ON watches(token_id)", "DROP INDEX watches_token"),
    step(
        """
        CREATE TABLE watch_matches (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
            item_id INTEGER,
            fingerprint TEXT NOT NULL,
            relevance REAL,
            snippet TEXT NOT NULL DEFAULT '',
            matched_at TEXT NOT NULL,
            digested_at TEXT,
            UNIQUE (watch_id, fingerprint)
        )
        """,
        "DROP TABLE watch_matches",
    ),
    step("CREATE INDEX watch_matches_item ON watch_matches(item_id)", "DROP INDEX watch_matches_item"),
]
