"""Turn one minutes file into a ParsedDocument: read, segment, clean, extract metadata, flag access."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .access import item_access, section_marker
from .attendance import apologies_in, parse_attendance, signatory
from .clean import is_double_spaced, reflow
from .errors import IngestError
from .furniture import blank_signatures
from .metadata import meeting_header
from .readers import read_bytes, read_document
from .records import PUBLIC, RESTRICTED, AgendaItem, Line, Meeting, ParsedDocument, Person
from .segment import ItemSpan, clean_heading, segment

_EXCLUSION = re.compile(
    r"exclu(de|sion of)\s+(the\s+)?press|press\s+and\s+(the\s+)?public\s+(were\s+|be\s+)?excluded", re.IGNORECASE
)


def _span_lines(lines: list[Line], spans: list[ItemSpan], k: int) -> list[Line]:
    """The body lines of item k: from its body's start (a line, or a column of it where run-on minutes
    put several items on one line) to where the next item starts (its heading line, or a column of it)."""
    span = spans[k]
    following = spans[k + 1] if k + 1 < len(spans) else None
    end_line, end_column = span.end_line, None
    if following is not None and following.cut and following.first_line == span.end_line:
        end_column = following.cut  # the next item begins part-way along this line
    body: list[Line] = []
    for index in range(span.first_line, min(end_line + (end_column is not None), len(lines))):
        line = lines[index]
        begin = span.body_offset if index == span.first_line else 0
        stop = end_column if index == end_line and end_column is not None else len(line.text)
        if stop > begin or index != span.first_line:
            body.append(Line(line.text[begin:stop], line.page, line.bold))
    return body


def parse_source(
    path: Path, data: bytes, access: str = PUBLIC, council: str | None = None, committee: str | None = None
) -> ParsedDocument:
    """Parse bytes already read from `path`; raises IngestError with a one-line reason. `council` and
    `committee` name the meeting where the document does not."""
    if access not in (PUBLIC, RESTRICTED):
        raise IngestError(f"unknown access level {access!r}")
    source = read_document(path, data)
    blanked = blank_signatures([line.text for line in source.lines])
    lines = [Line(text, line.page, line.bold and bool(text)) for line, text in zip(source.lines, blanked)]
    # signature blocks belong to no item; they are kept after the items (the chair's full name is often there)
    signatures = [
        line.text.replace("**", "").strip()
        for line, text in zip(source.lines, blanked)
        if line.text.strip() and not text
    ]
    double = is_double_spaced(lines)
    result = segment(lines)
    preamble_lines = lines[: result.preamble_end]
    if result.items and result.items[0].cut:
        first = result.items[0]
        preamble_lines = lines[: first.first_line] + [Line(lines[first.first_line].text[: first.cut])]
    preamble = reflow([line.text for line in preamble_lines], double)
    meta = meeting_header(preamble or reflow([line.text for line in lines[:40]], double), path, council, committee)
    attendance = parse_attendance(preamble)

    parts: list[str] = []
    offset = 0

    def append(chunk: str) -> tuple[int, int]:
        nonlocal offset
        start = offset
        parts.append(chunk)
        offset += len(chunk)
        return start, offset

    if preamble:
        append(preamble + "\n\n")
    items: list[AgendaItem] = []
    section_access = access
    for k, span in enumerate(result.items):
        body_lines = _span_lines(lines, result.items, k)
        marker_access = None
        for line in body_lines:
            marker_access = section_marker(line.text) or marker_access
        heading_line = " ".join(line.text.strip() for line in (lines[i] for i in span.heading_lines)) or span.heading
        if span.number and not span.heading_lines:
            heading_line = f"{span.number} {span.heading}"
        append(heading_line.strip() + "\n\n")
        body = reflow([line.text for line in body_lines], double)
        start, end = append(body)
        append("\n\n")
        pages = (
            sorted(
                {
                    line.page
                    for line in body_lines + [lines[i] for i in span.heading_lines]
                    if line.page is not None and line.text.strip()
                }
            )
            if source.paged
            else []
        )
        level = RESTRICTED if access == RESTRICTED else item_access(span.heading, body)
        if section_access == RESTRICTED:
            level = RESTRICTED
        items.append(
            AgendaItem(
                position=k + 1,
                number=span.number,
                heading=" ".join(span.heading.split()),
                heading_clean=clean_heading(span.heading),
                text=body,
                start=start,
                end=end,
                pages=pages,
                access=level,
            )
        )
        if marker_access:
            section_access = RESTRICTED if access == RESTRICTED else marker_access
        if _EXCLUSION.search(span.heading) or _EXCLUSION.search(body[-400:]):
            section_access = RESTRICTED
    signed = [line for line in signatures if re.search(r"[A-Za-z]{3}", line) and not re.fullmatch(r"[\W_]*", line)]
    signatories: list[Person] = []
    if signed:
        at, _ = append("\n".join(signed) + "\n")
        for signature in signed:
            person = signatory(signature)
            if person is not None:
                person.start = at + max(0, signature.find(person.name.split()[-1]))
                person.end = person.start + len(person.name.split()[-1])
                signatories.append(person)
            at += len(signature) + 1
    if not attendance.apologies:  # apologies given in the first items ('1. Apologies: received from Cllr A')
        for item in items[:3]:  # (a restricted item's names stay with it: attendance is shown with the meeting)
            if re.search(r"apolog", item.heading, re.IGNORECASE) and item.access != RESTRICTED:
                for person in apologies_in(item.text):
                    if person.start >= 0:
                        person.start, person.end = item.start + person.start, item.start + person.end
                    attendance.apologies.append(person)
                break
    text = "".join(parts)
    meeting = Meeting(
        signatories=signatories,
        kind=meta["kind"],
        notes=meta["notes"],
        council=meta["council"] or "",
        committee=meta["committee"] or "",
        date=meta["date"],
        venue=meta["venue"],
        attendance=attendance,
        items=items,
    )
    return ParsedDocument(
        path=str(path),
        source=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=source.format,
        size=len(data),
        access=access,
        text=text,
        meeting=meeting,
    )


def parse_file(
    path: Path, access: str = PUBLIC, council: str | None = None, committee: str | None = None
) -> ParsedDocument:
    """Read and parse a file from disk."""
    return parse_source(path, read_bytes(path), access, council, committee)
