"""Decide whether an agenda item is restricted from what its minute says."""

from __future__ import annotations

import re

from .records import PUBLIC, RESTRICTED

_RESTRICTED_ITEM = re.compile(
    r"(?<!un)\brestricted\s+(report|document|item|information|paper)\b"
    r"|\b(agenda\s+)?item\s+(was|is)\s+(restricted|confidential|exempt)\b"
    r"|\b(this|the)\s+report\s+(was|is)\s+(a\s+)?(restricted|confidential|exempt)\b"
    r"|\bexempt\s+information\b|\bschedule\s+12\s*a\b|\bpart\s+b\b(?!\w)"
    r"|\bpress\s+and\s+(the\s+)?public\s+(were\s+|be\s+|are\s+)?excluded\b"
    r"|\bexclusion\s+of\s+(the\s+)?press\s+and\s+public\b|\bin\s+camera\b",
    re.IGNORECASE,
)
_RESTRICTED_SECTION = re.compile(
    r"^\s*(exempt|restricted|confidential)\s+items?\b|^\s*part\s+(b|2|ii)\b", re.IGNORECASE
)
_PUBLIC_SECTION = re.compile(r"^\s*(unrestricted|open|public)\s+items?\b|^\s*part\s+(a|1|i)\b", re.IGNORECASE)


def item_access(heading: str, text: str) -> str:
    """`restricted` when the minute says the item is restricted, exempt or confidential."""
    return RESTRICTED if _RESTRICTED_ITEM.search(f"{heading}\n{text}") else PUBLIC


def section_marker(line: str) -> str | None:
    """A section line that makes the following items restricted ("EXEMPT ITEMS") or public again."""
    if _RESTRICTED_SECTION.match(line):
        return RESTRICTED
    if _PUBLIC_SECTION.match(line):
        return PUBLIC
    return None
