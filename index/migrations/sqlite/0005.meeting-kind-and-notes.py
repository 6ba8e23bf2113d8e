"""The kind of a meeting (ordinary, special, annual, extraordinary, adjourned, budget, virtual) in its own
field, never in the committee; and notes saying why a council, committee or date could not be read."""

from yoyo import step

steps = [
    step("ALTER TABLE meetings ADD COLUMN kind TEXT", "ALTER TABLE meetings DROP COLUMN kind"),
    step("ALTER TABLE meetings ADD COLUMN notes TEXT NOT NULL DEFAULT ''", "ALTER TABLE meetings DROP COLUMN notes"),
]
