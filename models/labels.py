"""The seven entity labels, in the order pages list them, with their names for people."""

from __future__ import annotations

LABELS = ("OPERATION", "PROJECT", "STRATEGY", "PLACE", "ORG", "PERSON", "LEGISLATION")
LABEL_NAMES = {
    "OPERATION": "Operations",
    "PROJECT": "Projects",
    "STRATEGY": "Strategies",
    "PLACE": "Places",
    "ORG": "Organisations",
    "PERSON": "People",
    "LEGISLATION": "Legislation",
}
