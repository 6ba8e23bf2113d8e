"""Meeting metadata from the minutes' header: council, committee, date, venue and attendance.

Falls back to the file name (`<council>_<committee>_<YYYY-MM-DD>.ext`) where the text says nothing.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .clean import normalise_spaces
from .councils import canonical_names

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(m[:3] for m in _MONTHS) + "|sept"
_DATE_DMY = re.compile(
    rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th|\"|”|%|'|’)?\s*(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)
_DATE_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_ISO = re.compile(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_COUNCIL = re.compile(
    r"\b((?:(?:[A-Z][\w’'\-]+|and|&|of|upon|on)\s+){1,6}?(?:(?:City\s+and\s+)?County|Borough|District|City|Parish|Community|Town|"
    r"Metropolitan\s+Borough)\s+Council)\b"
)
_COMMITTEE = re.compile(
    r"\b(?:a\s+)?(?:meeting|proceedings)\s+of\s+(?:the\s+)?(.{3,120}?)\s+(?:was\s+|were\s+)?held\b", re.IGNORECASE
)
_KIND_OF_MEETING = re.compile(
    r"\b(ordinary|annual|extraordinary|special|monthly|virtual|annual parish)\s+meeting\b", re.IGNORECASE
)
_VENUE = re.compile(
    r"\bheld\s+(?:in|at)\s+(?:the\s+)?(.{3,120}?)(?:,?\s+on\s+|,?\s+at\s+\d|\s+commencing|\.\s|$)", re.IGNORECASE
)
_VENUE_AFTER_DATE = re.compile(
    r"\b\d{4},?\s+(?:at\s+[\d.:]+\s*(?:a\.?m\.?|p\.?m\.?)?\s+)?(?:in|at)\s+(?:the\s+)?"
    r"([A-Z][^.\n]{3,80}?)(?:\.|$|\n)"
)


def parse_date(text: str) -> str | None:
    """The first full date in `text` as ISO (YYYY-MM-DD), or None."""
    candidates = []
    for match in _DATE_DMY.finditer(text):
        candidates.append((match.start(), match.group(3), match.group(2), match.group(1)))
    for match in _DATE_MDY.finditer(text):
        candidates.append((match.start(), match.group(3), match.group(1), match.group(2)))
    for _start, year, month, day in sorted(candidates):
        month_number = _MONTHS.get(month.lower()) or next(
            (n for name, n in _MONTHS.items() if name.startswith(month.lower()[:3])), None
        )
        try:
            return date(int(year), month_number or 0, int(day)).isoformat()
        except (ValueError, TypeError):
            continue
    iso = _DATE_ISO.search(text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))).isoformat()
        except ValueError:
            return None
    return None


def _from_file_name(path: Path) -> tuple[str | None, str | None, str | None]:
    parts = path.stem.split("_")
    file_date = parse_date(path.stem.replace("_", " "))
    council = committee = None
    if len(parts) >= 3:
        council = _expand_slug(parts[0])
        committee = parts[1].replace("-", " ").strip().title() or None
    return council, committee, file_date


_SLUG_SUFFIXES = {
    "bc": "Borough Council",
    "cc": "Council",
    "ccc": "City and County Council",
    "pc": "Parish Council",
    "dc": "District Council",
    "tc": "Town Council",
    "mbc": "Metropolitan Borough Council",
}


def _expand_slug(slug: str) -> str:
    words = slug.split("-")
    if words and words[-1].lower() in _SLUG_SUFFIXES:
        return " ".join(w.title() for w in words[:-1]) + " " + _SLUG_SUFFIXES[words[-1].lower()]
    return " ".join(w.title() for w in words)


def _title_case(text: str) -> str:
    if text.isupper():
        small = {"of", "and", "the", "for", "in", "on", "at", "to"}
        return " ".join(w.lower() if (k and w.lower() in small) else w.capitalize() for k, w in enumerate(text.split()))
    return text


def _title_case_words(text: str) -> str:
    """Upper-case words title-cased, so "KENT COUNTY COUNCIL" reads as a name."""
    return re.sub(r"\b[A-Z][A-Z’'\-]+\b", lambda m: m.group(0).capitalize(), text)


def meeting_header(
    header: str, path: Path, given_council: str | None = None, given_committee: str | None = None
) -> dict:
    """Council, committee (canonical, see `ingest.councils`), meeting kind, date, venue and notes on what
    could not be read, from the header text, else the file name, else what the caller was given."""
    flat = normalise_spaces(header.replace("\n", " "))
    file_council, file_committee, file_date = _from_file_name(path)
    matches = [m for m in (_COUNCIL.search(flat[:1500]), _COUNCIL.search(_title_case_words(flat[:1500]))) if m]
    council = file_council
    label = re.search(r"\b(present|in attendance|apologies)\b\s*:", flat[:1500], re.IGNORECASE)
    if label and file_council:  # a council named inside the attendance list is someone's affiliation
        matches = [m for m in matches if m.start() < label.start()]
    if matches:
        council = _title_case(min(matches, key=lambda m: m.start()).group(1))
        council = re.sub(
            r"^((minutes|meeting|proceedings|at|of|the|a|draft|virtual|special|ordinary|annual|and)\s+)+",
            "",
            council,
            flags=re.IGNORECASE,
        )
        council = re.sub(r"\bAnd\b", "and", council)
    committee = None
    match = _COMMITTEE.search(flat)
    if match:
        committee = _title_case(match.group(1).strip(" ,.-"))
        committee = re.sub(r"^(meeting|minutes)\s+of\s+(the\s+)?", "", committee, flags=re.IGNORECASE)
        kind = _KIND_OF_MEETING.search(committee)
        if committee.lower().startswith(("ordinary", "annual", "extraordinary", "special")) and kind:
            committee = kind.group(0).title()
    if not committee:
        kind = _KIND_OF_MEETING.search(flat[:300])
        committee = kind.group(0).title() if kind else None
    if committee and council and committee.lower() == council.lower():
        committee = "Full Council"
    if not committee:
        committee = file_committee
    venue = None
    venue_match = _VENUE.search(flat[:600]) or _VENUE_AFTER_DATE.search(flat[:600])
    if venue_match:
        venue = _title_case(venue_match.group(1).strip(" ,."))
    names = canonical_names(flat, council, committee, path.name, given_council, given_committee)
    meeting_date = parse_date(flat[:1500]) or file_date
    notes = list(names.notes)
    if meeting_date is None:
        notes.append("the document states no meeting date, nor does its file name")
    return {
        "council": names.council,
        "committee": names.committee,
        "kind": names.kind,
        "date": meeting_date,
        "venue": venue,
        "notes": notes,
    }
