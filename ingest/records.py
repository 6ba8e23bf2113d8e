"""Plain records for what ingest produces: documents, meetings, attendance and agenda items."""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC = "public"
RESTRICTED = "restricted"
ACCESS_LEVELS = (PUBLIC, RESTRICTED)


@dataclass
class Line:
    """One physical line of a document after page furniture is removed."""

    text: str
    page: int | None = None
    bold: bool = False


@dataclass
class SourceText:
    """A document as read from disk: its lines (with page numbers for paged formats)."""

    format: str
    lines: list[Line]
    paged: bool = False


@dataclass
class Person:
    """Someone named in an attendance block: the name without titles, and the title, role and affiliation
    as written; `start`/`end` locate the entry in the document's stored text (-1 where unknown)."""

    name: str
    role: str | None = None
    title: str | None = None
    affiliation: str | None = None
    as_written: str = ""
    start: int = -1
    end: int = -1


@dataclass
class Attendance:
    present: list[Person] = field(default_factory=list)
    officers: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    in_attendance: list[Person] = field(default_factory=list)

    def everyone(self) -> list[tuple[str, Person]]:
        """(kind, person) for every list, kinds as mentions name them: present, officer, apologies,
        in_attendance."""
        kinds = (
            ("present", "present"),
            ("officers", "officer"),
            ("apologies", "apologies"),
            ("in_attendance", "in_attendance"),
        )
        return [(kind, person) for field_name, kind in kinds for person in getattr(self, field_name)]


@dataclass
class AgendaItem:
    """One agenda item: the unit of retrieval. Offsets index into the document's stored text."""

    position: int
    number: str | None
    heading: str
    heading_clean: str
    text: str
    start: int
    end: int
    pages: list[int] = field(default_factory=list)
    access: str = PUBLIC


@dataclass
class Meeting:
    council: str
    committee: str
    date: str | None
    venue: str | None
    attendance: Attendance
    items: list[AgendaItem]
    kind: str | None = None  # ordinary, special, annual, extraordinary, adjourned, budget, virtual, monthly
    signatories: list[Person] = field(default_factory=list)  # who signed the minutes (after the items)
    notes: list[str] = field(default_factory=list)  # why a council, committee or date could not be read


@dataclass
class ParsedDocument:
    """A document turned into one meeting; `text` is the stored, cleaned text items point into."""

    path: str
    source: str
    sha256: str
    format: str
    size: int
    access: str
    text: str
    meeting: Meeting
