"""People in attendance blocks are entities: attendance rows keep title, role, affiliation and where they
stand in the document, with a fourth kind, in_attendance; mentions may belong to a meeting's attendance
rather than an item (item_id NULL), carry their kind (text, present, apologies, officer, in_attendance, signed),
the role, title and affiliation written with them, and the rule that joined them to their entity.
Stores made before this step keep their old mentions: attendance people appear for documents ingested
after it (ingest the archive into a fresh data directory to have them everywhere)."""

from yoyo import step

steps = [
    step(
        """CREATE TABLE attendance_new (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('present', 'officers', 'apologies', 'in_attendance')),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT,
            title TEXT,
            affiliation TEXT,
            as_written TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL DEFAULT -1,
            end INTEGER NOT NULL DEFAULT -1
        )"""
    ),
    step(
        "INSERT INTO attendance_new (id, meeting_id, kind, position, name, role)"
        " SELECT id, meeting_id, kind, position, name, role FROM attendance"
    ),
    step("DROP TABLE attendance"),
    step("ALTER TABLE attendance_new RENAME TO attendance"),
    step("CREATE INDEX attendance_meeting ON attendance(meeting_id)"),
    step(
        """CREATE TABLE mentions_new (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            surface TEXT NOT NULL,
            sentence TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'text',
            role TEXT,
            title TEXT,
            affiliation TEXT,
            rule TEXT NOT NULL DEFAULT ''
        )"""
    ),
    step(
        "INSERT INTO mentions_new (id, entity_id, item_id, meeting_id, start, end, surface, sentence, name)"
        " SELECT m.id, m.entity_id, m.item_id, i.meeting_id, m.start, m.end, m.surface, m.sentence, m.name"
        " FROM mentions m JOIN items i ON i.id = m.item_id"
    ),
    step("DROP TABLE mentions"),
    step("ALTER TABLE mentions_new RENAME TO mentions"),
    step("CREATE INDEX mentions_entity ON mentions(entity_id)"),
    step("CREATE INDEX mentions_item ON mentions(item_id)"),
    step("CREATE INDEX mentions_meeting ON mentions(meeting_id)"),
    step("CREATE INDEX mentions_entity_name ON mentions(entity_id, name)"),
]
