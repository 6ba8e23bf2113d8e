"""Server-side sign-in sessions (the cookie carries only a random session id, whose hash is kept here,
so signing out or revoking a token ends the session), and when each token was last used, and by whom."""

from yoyo import step

steps = [
    step(
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            token_id INTEGER NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        "DROP TABLE sessions",
    ),
    step("CREATE INDEX sessions_token ON sessions(token_id)", "DROP INDEX sessions_token"),
    step("ALTER TABLE tokens ADD COLUMN last_used_at TEXT", "ALTER TABLE tokens DROP COLUMN last_used_at"),
    step("ALTER TABLE tokens ADD COLUMN email TEXT", "ALTER TABLE tokens DROP COLUMN email"),
]
