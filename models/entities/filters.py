"""Whether a candidate span is a name worth keeping, and attendance names usable as a gazetteer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import _all_common, _common_words
from .text import display_name
from .vocabulary import _LOWER, _NOT_NAME_WORDS, _NOT_PERSON, _ROAD_NUMBER, _ROLE_WORDS, _UPPER, GENERIC


def _acceptable(surface: str, label: str, original: str | None = None, before: str = "") -> bool:
    """Whether a candidate span is a name worth keeping (`before`: the text just before it)."""
    if (
        original is not None
        and label != "PERSON"
        and not any(c.islower() for c in original)
        and len(original.split()) > 1
        and _all_common(original)
        and not re.search(r"(^|\n|,|\(|–)\s*$", before)
    ):
        return False
    name = display_name(surface, label)
    low = name.casefold()
    if not name or len(name) < 2 or low in GENERIC or not any(c.isupper() for c in name[:1] + name):
        return False
    if re.fullmatch(r"[\d\W]+", name) or re.search(r"\d{1,2}(st|nd|rd|th)\b", low):
        return False
    if name.split()[0].casefold() in {"i", "we", "he", "she", "they", "it", "you"}:
        return False
    words = name.split()
    if label == "PERSON":
        if any(w.casefold().strip(".,") in GENERIC for w in words) and len(words) < 2:
            return False
        common = _common_words()
        if any(w.lower().endswith("ing") and w.lower()[:-3] in common | {w.lower()[:-3] + "e"} for w in words):
            return False
        if any(w.lower().endswith("ing") and (w.lower()[:-3] + "e") in common for w in words):
            return False
        if any(w in _NOT_NAME_WORDS or w.lower() in _NOT_PERSON for w in words) or any(ch.isdigit() for ch in name):
            return False
        if not any(len(w.strip(".")) > 1 for w in words):
            return False
        if any(w.islower() and w not in {"de", "van", "von", "der", "la", "le", "du", "di", "and"} for w in words) or (
            any(w.isupper() and len(w) > 2 for w in words) and not name.isupper()
        ):
            return False  # 'Capel Isaac to Penybanc', 'Hywel Dda UHB'

        if not re.search(rf"[{_UPPER}][{_LOWER}’']", name) and not re.fullmatch(r"[A-Z](\.\s?[A-Z])*\.?", name):
            return "." in name or len(words) > 1
    if label == "ORG" and name.isupper() and len(name) <= 2:
        return False
    if label in ("ORG", "PLACE") and words[-1].lower() in _ROLE_WORDS:
        return False
    if label == "PLACE" and (
        re.match(r"[A-Z]\.\s", name) or (re.search(r"\d", name) and not _ROAD_NUMBER.fullmatch(name))
    ):
        return False
    broken = "\n" in surface.strip() and not re.search(r"\b[A-Z]\.\n\n[A-Z]", surface)  # 'Mr. B.\n\nSugrue' is fine
    if (
        broken
        or any(c in surface for c in "•\\_:|")
        or re.match(r"(?i)(section|theme|article|part|schedule|item|clause|s\.)\s*\d", name)
    ):
        return False
    return True


def clean_people(names: Iterable[str]) -> list[str]:
    """Attendance names usable as a gazetteer: titles stripped, at least a forename or initial and a surname."""
    out = []
    for name in names:
        name = display_name(name, "PERSON")
        if len(name.split()) > 1 and _acceptable(name, "PERSON") and name not in out:
            out.append(name)
    return out
