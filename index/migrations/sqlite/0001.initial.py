"""The schema as it was before migrations: documents, meetings, attendance, items and their FTS5 index,
passages with vectors, entities, aliases and mentions, tokens, facts, summaries and sentence vectors.
Every statement is `IF NOT EXISTS`, so a database made before migrations existed takes it unchanged."""

from yoyo import step

from index.migrations import statements

SCHEMA = """CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    access TEXT NOT NULL CHECK (access IN ('public', 'restricted')),
    ingested_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);

CREATE TABLE IF NOT EXISTS meetings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    council TEXT NOT NULL,
    committee TEXT NOT NULL,
    date TEXT,
    venue TEXT,
    access TEXT NOT NULL CHECK (access IN ('public', 'restricted'))
);
CREATE INDEX IF NOT EXISTS meetings_date ON meetings(date);

CREATE TABLE IF NOT EXISTS attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('present', 'officers', 'apologies')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT
);
CREATE INDEX IF NOT EXISTS attendance_meeting ON attendance(meeting_id);

CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT,
    heading TEXT NOT NULL,
    heading_clean TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    pages TEXT NOT NULL DEFAULT '[]',
    access TEXT NOT NULL CHECK (access IN ('public', 'restricted'))
);
CREATE INDEX IF NOT EXISTS items_meeting ON items(meeting_id, position);

CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a FAISS id always means one passage
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS passages_item ON passages(item_id);

CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (type, key)
);

CREATE TABLE IF NOT EXISTS entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);

CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    surface TEXT NOT NULL,
    sentence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_item ON mentions(item_id);

CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    heading, text, content='items', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, heading, text) VALUES (new.id, new.heading_clean, new.text);
END;
CREATE TRIGGER IF NOT EXISTS items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading_clean, old.text);
END;

CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    proposer TEXT, seconder TEXT
);
CREATE INDEX IF NOT EXISTS decisions_item ON decisions(item_id);
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    owner TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_item ON actions(item_id);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    value TEXT NOT NULL, kind TEXT NOT NULL, change TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_item ON figures(item_id);
CREATE TABLE IF NOT EXISTS summaries (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    sentences TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sentence_vectors (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    spans BLOB NOT NULL,
    vectors BLOB NOT NULL
);
"""

steps = [step(statement) for statement in statements(SCHEMA)]
