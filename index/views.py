"""Typed read models: what the store and search return, each with `to_dict()` for the JSON API.

Ingest writes `ingest.records` dataclasses; these are what comes back, as the viewer may see it.
Field names are the API's: `heading` is the cleaned heading, `heading_as_written` the original.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date as _date
from typing import Any


def long_date(iso: str | None) -> str:
    """'2024-11-27' -> '27 November 2024'; None -> 'undated'; anything unparseable as given."""
    if not iso:
        return "undated"
    try:
        day = _date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


@dataclass
class MeetingRef:
    """A meeting as cited next to one of its items."""

    id: int
    source: str
    council: str
    committee: str
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MeetingRow:
    """A meeting in a listing."""

    id: int
    source: str
    council: str
    committee: str
    date: str | None
    venue: str | None
    item_count: int
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The listing's fields (the meeting's kind and venue are on the meeting itself)."""
        return {k: v for k, v in asdict(self).items() if k not in ("venue", "kind")}


@dataclass
class AttendeeView:
    """Someone in an attendance block, as the minutes list them."""

    name: str
    role: str | None = None
    title: str | None = None
    affiliation: str | None = None
    entity_id: int | None = None  # the person's entity, for a link to everything else said of them

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ItemView:
    """One visible agenda item; `meeting` is set where the item is read on its own."""

    id: int
    meeting_id: int
    position: int
    number: str | None
    heading: str
    heading_as_written: str
    text: str
    start: int
    end: int
    access: str
    pages: list[int]
    meeting: MeetingRef | None = None

    def to_dict(self) -> dict[str, Any]:
        body = {k: v for k, v in asdict(self).items() if k != "meeting"}
        if self.meeting is not None:
            body["meeting"] = self.meeting.to_dict()
        return body


@dataclass
class MeetingView:
    """One visible meeting with its attendance and visible items."""

    id: int
    source: str
    format: str
    path: str
    council: str
    committee: str
    date: str | None
    venue: str | None
    kind: str | None = None
    notes: str = ""
    present: list[AttendeeView] = field(default_factory=list)
    officers: list[AttendeeView] = field(default_factory=list)
    apologies: list[AttendeeView] = field(default_factory=list)
    in_attendance: list[AttendeeView] = field(default_factory=list)
    items: list[ItemView] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def ref(self) -> MeetingRef:
        return MeetingRef(self.id, self.source, self.council, self.committee, self.date)

    def to_dict(self) -> dict[str, Any]:
        """The API's form: no file path."""
        body: dict[str, Any] = {
            k: getattr(self, k) for k in ("id", "source", "format", "council", "committee", "date", "venue", "kind")
        }
        for kind in ("present", "officers", "apologies", "in_attendance"):
            body[kind] = [person.to_dict() for person in getattr(self, kind)]
        body["items"] = [item.to_dict() for item in self.items]
        body["item_count"] = self.item_count
        return body


@dataclass
class Snippet:
    """The sentences of an item that best answer a query, as plain text, with the query's matches."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each match in `text`

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [list(span) for span in self.spans]}


@dataclass
class SearchHit:
    """One result of a search: the item, its fused score and snippet."""

    item_id: int
    score: float
    heading: str
    text: str
    snippet: Snippet
    meeting: MeetingRef
    relevance: float = 0.0  # calibrated: the same scale for every query (index/relevance.py)


@dataclass
class Citation:
    """Where a quoted sentence comes from: meeting, agenda item and page."""

    item_id: int
    meeting_id: int
    council: str
    committee: str
    date: str | None
    heading: str
    pages: list[int]
    source: str
    number: str | None = None  # the item's number as the agenda gives it

    @property
    def when(self) -> str:
        return long_date(self.date)

    @property
    def item(self) -> str:
        """'item 3 “Street Drinking”' (the agenda's number where it has one)."""
        number = f"{self.number.rstrip('.')} " if self.number else ""
        return f"item {number}\u201c{self.heading}\u201d"

    @property
    def page(self) -> str:
        return f"p. {self.pages[0]}" if self.pages else ""

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.committee, self.when, self.item, self.page) if part)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": self.label}

    @classmethod
    def of(cls, item: ItemView) -> Citation:
        if item.meeting is None:
            raise ValueError("an item read without its meeting cannot be cited")
        meeting = item.meeting
        return cls(
            item.id,
            meeting.id,
            meeting.council,
            meeting.committee,
            meeting.date,
            item.heading,
            item.pages,
            meeting.source,
            item.number,
        )


@dataclass
class Mention:
    """One visible mention of an entity, with the sentence around it; a person in an attendance block is
    mentioned by the meeting (no item), with the kind of list (present, apologies, officer, in_attendance)
    and the role, title and affiliation written with them."""

    item_id: int | None
    meeting_id: int
    date: str | None
    committee: str
    council: str
    heading: str
    sentence: str
    surface: str
    start: int
    end: int
    kind: str = "text"
    role: str | None = None
    title: str | None = None
    affiliation: str | None = None
    rule: str = ""  # why the mention was joined to the entity, when not by its own spelling

    @property
    def in_heading(self) -> bool:
        """Mentions in an item's heading are stored with negative offsets."""
        return self.item_id is not None and self.start < 0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "in_heading": self.in_heading}


@dataclass
class EntityView:
    """An entity with what the viewer may see of it: mention and meeting counts, dates, aliases."""

    id: int
    type: str
    name: str
    mentions: int
    meetings: int
    first_date: str | None
    last_date: str | None
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EntityCount:
    """An entity as listed on an item or meeting: the surfaces it takes there and how often."""

    id: int
    type: str
    name: str
    surfaces: list[str] = field(default_factory=list)
    count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
