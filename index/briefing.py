"""Briefing notes: what the minutes record about a topic or entity, in date order, every sentence cited.

Nothing is generated: the overview and every section are sentences copied from visible agenda items
(chosen by query-focused maximal marginal relevance across items, so repeats are dropped, with the
sentence vectors stored at ingest), plus the decisions, actions and figures extracted at ingest.
Restricted items never contribute unless the store's viewer may see them, because every read goes
through the `visible_*` views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.embedder import encode
from models.summarise import CandidateSentence, select_for_query, split_sentences

from .facts_store import item_facts
from .people import RoleRecord, roles_of
from .sentence_store import sentence_vectors_for
from .store import Store, meeting_in_filters
from .views import Citation, ItemView

SENTENCES_PER_ITEM = 3
OVERVIEW_SENTENCES = 3
DEFAULT_MAX_ITEMS = 8
CANDIDATE_ITEMS = 60  # topic briefings: matching items counted up to this many
# A sentence that only records procedure ('Members agreed to note the update.') is no substance.
_PROCEDURAL = re.compile(
    r"^\W*(?:(?:the\s+)?(?:members?|panel|committee|board|partnership|council|cabinet|it)\s+(?:was\s+)?)?"
    r"(?:unanimously\s+)?(?:agreed|resolved|noted|received|were\s+noted|was\s+noted)?\s*(?:that\s+)?(?:to\s+)?"
    r"(?:note|noted|receive|received|accept|accepted)\s+(?:the\s+)?(?:update|report|information|presentation|minutes)"
    r"[^.]{0,40}\.?\W*$",
    re.IGNORECASE,
)


@dataclass
class CitedSentence:
    text: str
    item_id: int
    citation: Citation
    start: int
    end: int

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "item_id": self.item_id,
            "citation": self.citation.to_dict(),
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Section:
    item_id: int
    heading: str
    citation: Citation
    sentences: list[CitedSentence]
    decisions: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)


@dataclass
class Briefing:
    title: str
    query: str | None
    entity: dict | None
    filters: dict
    overview: list[CitedSentence]
    sections: list[Section]
    attendance: list[RoleRecord] = field(default_factory=list)  # for a person: the meetings they are listed at
    matching: int = 0  # items that match (above the relevance floor, or mentioning the entity)
    max_items: int = DEFAULT_MAX_ITEMS  # the most items the note covers, as the user set it

    def as_dict(self) -> dict:
        body: dict = {
            "title": self.title,
            "query": self.query,
            "entity": self.entity,
            "filters": self.filters,
            "overview": [s.to_dict() for s in self.overview],
            "sections": [],
            "attendance": [record.to_dict() for record in self.attendance],
            "matching": self.matching,
            "shown": len(self.sections),
            "max_items": self.max_items,
        }
        for section in self.sections:
            body["sections"].append(
                {
                    "item_id": section.item_id,
                    "heading": section.heading,
                    "citation": section.citation.to_dict(),
                    "sentences": [s.to_dict() for s in section.sentences],
                    "decisions": section.decisions,
                    "actions": section.actions,
                    "figures": section.figures,
                }
            )
        for key in ("decisions", "actions", "figures"):
            body[key] = [
                dict(record, item_id=s.item_id, citation=s.citation.to_dict())
                for s in self.sections
                for record in getattr(s, key)
            ]
        return body


def _entity_items(store: Store, entity_id: int) -> list[int]:
    rows = store.conn.execute(
        "SELECT m.item_id, COUNT(*) AS n FROM visible_mentions m WHERE m.entity_id = ? AND m.item_id IS NOT NULL"
        " GROUP BY m.item_id"
        " ORDER BY n DESC",
        (entity_id,),
    ).fetchall()
    return [row["item_id"] for row in rows]


def _filtered(
    items: list[ItemView], council: str | None, committee: str | None, date_from: str | None, date_to: str | None
) -> list[ItemView]:
    return [
        item
        for item in items
        if item.meeting is not None and meeting_in_filters(item.meeting, council, committee, date_from, date_to)
    ]


def build_briefing(
    store: Store,
    query: str | None = None,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    council: str | None = None,
    committee: str | None = None,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> Briefing:
    """The briefing note for a free-text topic or an entity (id or name), as visible to the store's viewer."""
    from .entities_store import find_entity
    from .search import search

    entity_record = None
    if entity:
        entity_record = find_entity(store.conn, entity)
        if entity_record is None:
            raise LookupError(f"no entity called {entity!r}")
        topic = query or entity_record.name
        ranked_ids = _entity_items(store, entity_record.id)
        items_by_id = store.items_by_id(ranked_ids)
        items = [items_by_id[i] for i in ranked_ids if i in items_by_id]
    else:
        if not query:
            raise ValueError("a briefing needs a query or an entity")
        topic = query
        response = search(
            store,
            query,
            k=max(CANDIDATE_ITEMS, max_items),
            suggest=False,
            council=council,
            committee=committee,
            date_from=date_from,
            date_to=date_to,
        )
        items_by_id = store.items_by_id([hit.item_id for hit in response.results])
        items = [items_by_id[hit.item_id] for hit in response.results if hit.item_id in items_by_id]
    matched = _filtered(items, council, committee, date_from, date_to)
    items = matched[:max_items]

    candidates: list[CandidateSentence] = []
    stored = sentence_vectors_for(store.conn, [item.id for item in items])
    for rank, item in enumerate(items):
        vectors = stored[item.id].by_span() if item.id in stored else {}
        for position, sentence in enumerate(split_sentences(item.text)):
            candidates.append(
                CandidateSentence(
                    sentence.text,
                    sentence.start,
                    sentence.end,
                    source=item.id,
                    position=position,
                    prior=0.05 * (1 - rank / max(1, len(items))),
                    embedding=vectors.get((sentence.start, sentence.end)),
                )
            )
    candidates = [c for c in candidates if not _PROCEDURAL.match(c.text)]
    chosen = select_for_query(topic, candidates, encode, k=SENTENCES_PER_ITEM * len(items)) if candidates else []
    citations = {item.id: Citation.of(item) for item in items}
    overview_picks = chosen[:OVERVIEW_SENTENCES]
    overview = [CitedSentence(c.text, c.source, citations[c.source], c.start, c.end) for c in overview_picks]
    said = _Said()
    for candidate in overview_picks:
        said.add(candidate.text)
    per_item: dict[int, list[CandidateSentence]] = {}
    for candidate in chosen[OVERVIEW_SENTENCES:]:
        if len(per_item.setdefault(candidate.source, [])) < SENTENCES_PER_ITEM:
            per_item[candidate.source].append(candidate)

    sections: list[Section] = []
    for item in sorted(items, key=lambda i: ((i.meeting.date if i.meeting else None) or "", i.position)):
        facts = item_facts(store.conn, item.id)
        kept = {
            key: [r for r in facts[key] if not _PROCEDURAL.match(r["text"]) and said.add(r["text"])] for key in facts
        }
        picked = [c for c in sorted(per_item.get(item.id, []), key=lambda c: c.start) if said.add(c.text)]
        in_overview = any(s.item_id == item.id for s in overview)
        if not picked and not any(kept.values()) and not in_overview:
            continue  # nothing of substance left to say from this item
        sections.append(
            Section(
                item.id,
                item.heading,
                citations[item.id],
                [CitedSentence(c.text, item.id, citations[item.id], c.start, c.end) for c in picked],
                kept["decisions"],
                kept["actions"],
                kept["figures"],
            )
        )
    title = f"Briefing: {entity_record.name if entity_record and not query else topic}"
    filters = {"from": date_from, "to": date_to, "council": council, "committee": committee, "max_items": max_items}
    entity_summary = (
        {"id": entity_record.id, "name": entity_record.name, "type": entity_record.type} if entity_record else None
    )
    attendance = []
    if entity_record is not None and entity_record.type == "PERSON":
        attendance = [
            record
            for record in roles_of(store.conn, entity_record.id)
            if meeting_in_filters(record.meeting, council, committee, date_from, date_to)
        ]
        attendance.sort(key=lambda r: (r.meeting.date or "", r.meeting.id))
    return Briefing(title, query, entity_summary, filters, overview, sections, attendance, len(matched), max_items)


class _Said:
    """What the note already says: a sentence, decision or figure is told once (also when one contains the other)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, text: str) -> bool:
        """Record `text`; False when the note already says it."""
        key = " ".join(re.findall(r"\w+", text.lower()))
        if not key:
            return False
        if any(key in other or (len(other) > 40 and other in key) for other in self.texts):
            return False
        self.texts.append(key)
        return True
