"""Each mention keeps its own form of the entity's name, so the name a viewer is shown comes only from
mentions they may see (a person named in full only in a restricted item is shown by the public form).
Mentions stored before this get the display form of their surface."""

from typing import Any

from yoyo import step


def add_names(conn: Any) -> None:
    from models.entities import display_name

    cursor = conn.cursor()
    cursor.execute("ALTER TABLE mentions ADD COLUMN name TEXT NOT NULL DEFAULT ''")
    rows = cursor.execute("SELECT m.id, m.surface, e.type FROM mentions m JOIN entities e ON e.id = m.entity_id")
    cursor.executemany(
        "UPDATE mentions SET name = ? WHERE id = ?",
        [(display_name(surface, label), mention_id) for mention_id, surface, label in rows.fetchall()],
    )
    cursor.execute("CREATE INDEX IF NOT EXISTS mentions_entity_name ON mentions(entity_id, name)")


def drop_names(conn: Any) -> None:
    cursor = conn.cursor()
    cursor.execute("DROP INDEX IF EXISTS mentions_entity_name")
    cursor.execute("ALTER TABLE mentions DROP COLUMN name")


steps = [step(add_names, drop_names)]
