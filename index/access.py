"""The one access check: per-connection views that hide restricted content from those not entitled.

Anonymous viewers see only public meetings and items; officers and admins see everything. Every read
query in the project selects from `visible_meetings`, `visible_items` and `visible_mentions`;
`visible_documents` lists the meetings whose original file the viewer may have: those with no item
hidden from them (a public meeting's file can hold restricted items).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

ROLES = ("anonymous", "officer", "admin")


@dataclass(frozen=True)
class Viewer:
    role: str = "anonymous"
    token_id: int | None = None  # the token a signed-in viewer came with (None on the command line)

    @property
    def sees_restricted(self) -> bool:
        return self.role in ("officer", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_anonymous(self) -> bool:
        return self.role == "anonymous"


ANONYMOUS = Viewer("anonymous")
OFFICER = Viewer("officer")
ADMIN = Viewer("admin")


def install_views(conn: sqlite3.Connection, viewer: Viewer) -> None:
    """(Re)create the temporary visible_* views for this connection's viewer."""
    item_filter = "" if viewer.sees_restricted else "WHERE access = 'public'"
    meeting_filter = "" if viewer.sees_restricted else "WHERE access = 'public'"
    conn.executescript(f"""
        DROP VIEW IF EXISTS temp.visible_documents;
        DROP VIEW IF EXISTS temp.visible_mentions;
        DROP VIEW IF EXISTS temp.visible_items;
        DROP VIEW IF EXISTS temp.visible_meetings;
        CREATE TEMP VIEW visible_meetings AS SELECT * FROM main.meetings {meeting_filter};
        CREATE TEMP VIEW visible_items AS
            SELECT * FROM main.items {item_filter}
            {"AND" if item_filter else "WHERE"} meeting_id IN (SELECT id FROM visible_meetings);
        CREATE TEMP VIEW visible_mentions AS
            SELECT mn.* FROM main.mentions mn JOIN visible_meetings vmt ON vmt.id = mn.meeting_id
            LEFT JOIN visible_items vit ON vit.id = mn.item_id
            WHERE mn.item_id IS NULL OR vit.id IS NOT NULL;
        CREATE TEMP VIEW visible_documents AS
            SELECT m.id AS meeting_id, m.document_id FROM visible_meetings m
            WHERE NOT EXISTS (SELECT 1 FROM main.items i WHERE i.meeting_id = m.id
                              AND i.id NOT IN (SELECT id FROM visible_items WHERE meeting_id = m.id));
    """)
