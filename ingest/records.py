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
    """Someone named in an attendance block, title stripped, role kept where given."""

    name: str
    role: str | None = None


@dataclass
class Attendance:
    present: list[Person] = field(default_factory=list)
    officers: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)


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
