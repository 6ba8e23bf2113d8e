"""What a figure counts or measures ('reduction in recorded crimes' for '13.3%'), beside its value."""

from yoyo import step

steps = [step("ALTER TABLE figures ADD COLUMN subject TEXT", "ALTER TABLE figures DROP COLUMN subject")]
