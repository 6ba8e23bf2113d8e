"""Attendance names are looked up by the whole name, case-insensitively ("Norma Stephenson" asked for in
a search); without an index that read every mention."""

from yoyo import step

steps = [
    step(
        "CREATE INDEX IF NOT EXISTS mentions_name_nocase ON mentions(name COLLATE NOCASE)",
        "DROP INDEX IF EXISTS mentions_name_nocase",
    ),
]
