"""People as the attendance blocks record them: each person's roles over time and the meetings they
attended, and answers to "who is / who chairs ..." questions from those records.

Everything is read through the viewer's `visible_*` views: a restricted meeting's attendance is not there
for someone not entitled to it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from ingest.councils import name_key
from ingest.lexicon import STOPWORDS, stem

from .entities_store import visible_names
from .views import MeetingRef

ATTENDED = ("present", "officer", "in_attendance")  # kinds of attendance record that mean they were there


@dataclass
class RoleRecord:
    """One meeting a person is listed at, with the role, title and affiliation written there."""

    meeting: MeetingRef
    kind: str
    role: str | None
    title: str | None
    affiliation: str | None
    line: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "meeting": self.meeting.to_dict()}


@dataclass
class PersonHit:
    """A person answering a 'who' question: the attendance line with their role, at their latest meeting."""

    entity_id: int
    name: str
    text: str
    role: str | None
    meeting: MeetingRef
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "person",
            "item_id": None,
            "entity_id": self.entity_id,
            "name": self.name,
            "heading": self.name,
            "text": self.text,
            "snippet": self.text,
            "role": self.role,
            "score": round(self.score, 4),
            "meeting": self.meeting.to_dict(),
        }


def roles_of(conn: sqlite3.Connection, entity_id: int) -> list[RoleRecord]:
    """The meetings a person is listed at, newest first, with what they were there."""
    rows = conn.execute(
        "SELECT vm.kind, vm.role, vm.title, vm.affiliation, vm.sentence, m.id, d.source, m.council, m.committee,"
        " m.date FROM visible_mentions vm JOIN visible_meetings m ON m.id = vm.meeting_id"
        " JOIN documents d ON d.id = m.document_id WHERE vm.entity_id = ? AND vm.item_id IS NULL"
        " ORDER BY m.date IS NULL, m.date DESC, m.id DESC",
        (entity_id,),
    ).fetchall()
    return [RoleRecord(MeetingRef(r[5], r[6], r[7], r[8], r[9]), r[0], r[1], r[2], r[3], r[4]) for r in rows]


# What a question asks for ("who chairs ...", "who is the chief superintendent ..."): role words, in stems.
_ROLE_STEMS = {
    "chair": {"chair", "chairman", "chairperson", "chairwoman", "cathaoirleach", "convenor"},
    "vice chair": {"vice"},
    "clerk": {"clerk"},
    "mayor": {"mayor"},
    "secretary": {"secretari"},
    "treasurer": {"treasur"},
    "chief superintendent": {"chief superintend"},
    "superintendent": {"superintend"},
    "inspector": {"inspector"},
    "sergeant": {"sergeant"},
    "director": {"director"},
    "chief executive": {"chief execut"},
    "manager": {"manag"},
    "officer": {"offic"},
    "administrator": {"administr"},
    "engineer": {"engin"},
    "analyst": {"analyst"},
}
_QUESTION = re.compile(r"^\s*(who|which\s+(?:person|councillor|officer|member))\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_QUESTION_WORDS = STOPWORDS | {"who", "which", "person", "current", "currently", "now", "chairs", "chaired"}


def _role_wanted(query: str) -> str | None:
    low = " ".join(_WORD.findall(query.lower()))
    stems = " ".join(stem(w) for w in low.split())
    for role in ("chief superintendent", "chief executive", "vice chair"):
        if all(part in stems for part in (stem(w) for w in role.split())):
            return role
    for role, forms in _ROLE_STEMS.items():
        if any(f" {form}" in f" {stems}" for form in forms):
            return role
    return None


def _role_matches(role: str, written: str | None, title: str | None) -> bool:
    text = " ".join(stem(w) for w in _WORD.findall(f"{written or ''} {title or ''}".lower()))
    if role == "chair":
        return any(form in text.split() for form in _ROLE_STEMS["chair"]) and "vice" not in text
    if role == "superintendent":
        return "superintend" in text and "chief" not in text
    return all(part in text for part in (stem(w) for w in role.split()))


def people_named(conn: sqlite3.Connection, query: str, limit: int = 3) -> list[PersonHit]:
    """The people a query names in full ("Norma Stephenson"), as their latest attendance line shows them:
    a name asked for is answered by who they are before the items that mention them."""
    words = _WORD.findall(query)
    if not 2 <= len(words) <= 4 or any(w.lower() in _QUESTION_WORDS for w in words):
        return []
    rows = conn.execute(
        "SELECT DISTINCT vm.entity_id FROM visible_mentions vm JOIN entities e ON e.id = vm.entity_id"
        " WHERE vm.item_id IS NULL AND e.type = 'PERSON' AND vm.name = ? COLLATE NOCASE LIMIT ?",
        (" ".join(words), limit),
    ).fetchall()
    hits = []
    for (entity_id,) in rows:
        latest = roles_of(conn, entity_id)[:1]
        if latest:
            record = latest[0]
            hits.append(PersonHit(entity_id, "", record.line, record.role or record.title, record.meeting, 1.0))
    names = visible_names(conn, [h.entity_id for h in hits])
    for hit in hits:
        hit.name = names.get(hit.entity_id, "")
    return [h for h in hits if h.name]


def answer_who(conn: sqlite3.Connection, query: str, limit: int = 3) -> list[PersonHit]:
    """People a 'who ...' question asks for: those listed in a matching role, best where their meetings'
    committee and council share the question's other words, newest first."""
    if not _QUESTION.match(query):
        return []
    role = _role_wanted(query)
    if role is None:
        return []
    role_words = set(role.split()) | {"chairs", "chair", "chaired", "chairman"}
    context = {w for w in _WORD.findall(query.lower()) if w not in _QUESTION_WORDS and w not in role_words}
    context_key = {stem(w) for w in context}
    rows = conn.execute(
        "SELECT vm.entity_id, vm.role, vm.title, vm.sentence, m.id, d.source, m.council, m.committee, m.date"
        " FROM visible_mentions vm JOIN visible_meetings m ON m.id = vm.meeting_id"
        " JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = vm.entity_id"
        " WHERE vm.item_id IS NULL AND e.type = 'PERSON' AND (vm.role IS NOT NULL OR vm.title IS NOT NULL)"
    ).fetchall()
    best: dict[int, PersonHit] = {}
    for entity_id, written, title, line, meeting_id, source, council, committee, date in rows:
        if not _role_matches(role, written, title):
            continue
        where = {stem(w) for w in name_key(f"{committee} {council}").split()}
        overlap = len(context_key & where) / max(1, len(context_key)) if context_key else 0.5
        if context_key and overlap == 0:
            continue
        score = overlap + 0.001 * int((date or "0000")[:4])
        hit = PersonHit(
            entity_id, "", line, written or title, MeetingRef(meeting_id, source, council, committee, date), score
        )
        if entity_id not in best or score > best[entity_id].score:
            best[entity_id] = hit
    hits = sorted(best.values(), key=lambda h: -h.score)[:limit]
    names = visible_names(conn, [h.entity_id for h in hits])
    for hit in hits:
        hit.name = names.get(hit.entity_id, "")
    return [h for h in hits if h.name]
