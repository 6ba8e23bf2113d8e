"""Entities in the store: the ingest annotator that writes entities, aliases and mentions, and the reads.

Mention offsets are char offsets into the item's text. A mention in the item's heading is stored with
negative offsets, as if the heading and a newline preceded the text: `start = pos - len(heading) - 1`
(so `in_heading` is `start < 0`). Every read goes through the `visible_*` views.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ingest.records import ParsedDocument
from models import entities as ents

from .views import EntityCount, EntityView, Mention

FUZZY_FIND = 85


# --- writing (the annotator) ----------------------------------------------------------------------


def document_mentions(parsed: ParsedDocument) -> list[list[ents.EntityMention]]:
    """The model's part of entity extraction, which needs nothing from the archive (so it can run in
    `index.entity_worker`): mentions in each item's heading and text, in that order."""
    texts = [t for item in parsed.meeting.items for t in (item.heading, item.text)]
    attendance = parsed.meeting.attendance
    people = [p.name for p in attendance.present + attendance.officers + attendance.apologies]
    return ents.extract_texts(texts, people)


def store_mentions(
    conn: sqlite3.Connection,
    parsed: ParsedDocument,
    item_ids: list[int],
    prepared: list[list[ents.EntityMention]] | None = None,
) -> None:
    """Extract the document's entities item by item (heading and text) and store them; `prepared` is
    `document_mentions(parsed)` when it was computed ahead."""
    items = parsed.meeting.items
    if not items:
        return
    texts = [t for item in items for t in (item.heading, item.text)]
    archive = _archive_names(conn)
    found = prepared if prepared is not None else document_mentions(parsed)
    found = ents.places_not_people(found, {parsed.meeting.council, parsed.meeting.committee}, archive.stems)
    known = [(m.label, alias, m.canonical) for ms in found for m in ms for alias in (m.surface, m.canonical)]
    extra = ents.find_known(texts, known, found, archive.names)
    where: dict[int, tuple[int, int]] = {}  # id(mention) -> (item id, offset shift: headings are negative)
    for index, (first, second) in enumerate(zip(found, extra)):
        item = items[index // 2]
        shift = -(len(item.heading) + 1) if index % 2 == 0 else 0
        where.update((id(m), (item_ids[index // 2], shift)) for m in first + second)
    for entity in ents.group_entities(m for ms in (*found, *extra) for m in ms):
        entity_id = _upsert_entity(conn, entity, archive)
        for alias in {re.sub(r"\s+", " ", s).strip() for s in entity.surfaces} | {entity.canonical}:
            conn.execute("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)", (entity_id, alias))
        conn.executemany(
            "INSERT INTO mentions (entity_id, item_id, start, end, surface, sentence, name)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    entity_id,
                    where[id(m)][0],
                    m.start + where[id(m)][1],
                    m.end + where[id(m)][1],
                    m.surface,
                    m.sentence,
                    m.name,
                )
                for m in entity.mentions
            ],
        )


@dataclass
class _Archive:
    """Names already stored in one database, kept per process and grown by alias rowid and entity id, so
    each document costs what it adds, not what the archive holds (a cache: names of since-deleted
    entities may linger, which only means they are still looked for; fuzzy keys are checked on use)."""

    names: ents.KnownNames
    places: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)  # ents.place_stems(places)
    last_rowid: int = 0
    fuzzy_keys: dict[str, dict[int, str]] = field(default_factory=dict)  # type -> {entity id: long key}
    last_entity_id: int = 0


_ARCHIVES: dict[str, _Archive] = {}


def _archive_names(conn: sqlite3.Connection) -> _Archive:
    path = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "") or f"mem:{id(conn)}"
    archive = _ARCHIVES.get(path)
    newest = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM entity_aliases").fetchone()[0]
    if archive is None or newest < archive.last_rowid:  # new or recreated database
        archive = _ARCHIVES[path] = _Archive(ents.KnownNames())
    rows = conn.execute(
        "SELECT a.rowid, e.type, a.alias, e.name FROM entity_aliases a JOIN entities e"
        " ON e.id = a.entity_id WHERE a.rowid > ? ORDER BY a.rowid",
        (archive.last_rowid,),
    ).fetchall()
    if rows:
        archive.last_rowid = rows[-1][0]
        new_places = {r[3] for r in rows if r[1] in ("ORG", "PLACE")} - archive.places
        archive.places |= new_places
        archive.stems |= ents.place_stems(new_places)
        archive.names.add(
            (r[1], r[2], r[3]) for r in rows if not (r[1] == "PERSON" and r[2].casefold() in archive.stems)
        )
    for entity_id, entity_type, key in conn.execute(
        "SELECT id, type, key FROM entities WHERE id > ? AND length(key) >= ? ORDER BY id",
        (archive.last_entity_id, ents.FUZZY_MIN_LEN),
    ):
        archive.fuzzy_keys.setdefault(entity_type, {})[entity_id] = key
    archive.last_entity_id = max(
        archive.last_entity_id, conn.execute("SELECT COALESCE(MAX(id), 0) FROM entities").fetchone()[0]
    )
    return archive


def _stored_key(conn: sqlite3.Connection, entity_id: int, entity_type: str) -> str | None:
    row = conn.execute("SELECT key FROM entities WHERE id = ? AND type = ?", (entity_id, entity_type)).fetchone()
    return row[0] if row else None


def _upsert_entity(conn: sqlite3.Connection, entity: ents.Entity, archive: _Archive) -> int:
    """The id of the stored entity with this type and key (or a fuzzy-equal long key); inserted if new."""
    row = conn.execute("SELECT id FROM entities WHERE type = ? AND key = ?", (entity.label, entity.key)).fetchone()
    if row is not None:
        return row[0]
    keys = archive.fuzzy_keys.setdefault(entity.label, {})
    if len(entity.key) >= ents.FUZZY_MIN_LEN:
        while True:
            matches = [
                m[2]
                for m in process.extract(entity.key, keys, scorer=fuzz.ratio, score_cutoff=ents.FUZZY_RATIO, limit=5)
            ]
            stale = [i for i in matches if _stored_key(conn, i, entity.label) != keys[i]]
            if not stale:
                break
            for entity_id in stale:  # deleted since, or a rolled-back insert
                del keys[entity_id]
        for entity_id in matches:
            if ents.same_thing(entity.key, keys[entity_id], entity.label):
                return entity_id
    entity_id = (
        conn.execute(
            "INSERT INTO entities (type, name, key) VALUES (?, ?, ?)", (entity.label, entity.canonical, entity.key)
        ).lastrowid
        or 0
    )
    if len(entity.key) >= ents.FUZZY_MIN_LEN:
        keys[entity_id] = entity.key
    return entity_id


# --- reading (visible_* views only) ---------------------------------------------------------------
#
# An entity's name, aliases, counts and dates come only from the mentions the viewer may see: a name
# written in full only in a restricted item is never shown to someone who cannot read that item.

_VISIBLE = (
    "FROM visible_mentions vm JOIN visible_items i ON i.id = vm.item_id"
    " JOIN visible_meetings m ON m.id = i.meeting_id JOIN entities e ON e.id = vm.entity_id"
)


def visible_names(conn: sqlite3.Connection, entity_ids: list[int] | None = None) -> dict[int, str]:
    """The name of each entity as its visible mentions write it (fullest, most frequent, not ALL-CAPS)."""
    where, params = "", []
    if entity_ids is not None:
        if not entity_ids:
            return {}
        where = f" WHERE entity_id IN ({','.join('?' * len(entity_ids))})"
        params = list(entity_ids)
    forms: dict[int, dict[str, int]] = {}
    rows = conn.execute(
        f"SELECT entity_id, CASE WHEN name = '' THEN surface ELSE name END, COUNT(*) FROM visible_mentions{where}"
        " GROUP BY 1, 2",
        params,
    )
    for entity_id, name, count in rows:
        forms.setdefault(entity_id, {})[re.sub(r"\s+", " ", name).strip()] = count
    return {entity_id: ents.choose_canonical_counted(counts) for entity_id, counts in forms.items()}


def list_entities(conn: sqlite3.Connection, type: str | None = None, q: str | None = None) -> list[EntityView]:
    """Entities with at least one visible mention: counts, first and last meeting date, visible aliases."""
    where, params = [], []
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    rows = conn.execute(
        f"SELECT e.id, e.type, COUNT(vm.id) AS mentions, COUNT(DISTINCT i.meeting_id) AS meetings,"
        f" MIN(m.date) AS first_date, MAX(m.date) AS last_date {_VISIBLE}"
        f" {'WHERE ' + ' AND '.join(where) if where else ''}"
        f" GROUP BY e.id",
        params,
    ).fetchall()
    names = visible_names(conn)
    surfaces = _visible_surfaces(conn)
    out = []
    for row in rows:
        name = names.get(row["id"], "")
        entity = EntityView(
            row["id"], row["type"], name, row["mentions"], row["meetings"], row["first_date"], row["last_date"]
        )
        entity.aliases = sorted(s for s in surfaces.get(row["id"], ()) if s != name)
        if q and q.casefold() not in name.casefold() and not any(q.casefold() in a.casefold() for a in entity.aliases):
            continue
        out.append(entity)
    return sorted(out, key=lambda e: (-e.mentions, e.name))


def visible_entity(conn: sqlite3.Connection, entity_id: int) -> EntityView | None:
    """The entity with this id, if the viewer can see at least one of its mentions."""
    row = conn.execute(
        f"SELECT e.id, e.type, COUNT(vm.id) AS mentions, COUNT(DISTINCT i.meeting_id) AS meetings,"
        f" MIN(m.date) AS first_date, MAX(m.date) AS last_date {_VISIBLE} WHERE e.id = ? GROUP BY e.id",
        (entity_id,),
    ).fetchone()
    if row is None:
        return None
    name = visible_names(conn, [entity_id]).get(entity_id, "")
    aliases = {
        re.sub(r"\s+", " ", r[0]).strip()
        for r in conn.execute("SELECT DISTINCT surface FROM visible_mentions WHERE entity_id = ?", (entity_id,))
    }
    return EntityView(
        row["id"],
        row["type"],
        name,
        row["mentions"],
        row["meetings"],
        row["first_date"],
        row["last_date"],
        sorted(a for a in aliases if a != name),
    )


def find_entity(conn: sqlite3.Connection, name: str) -> EntityView | None:
    """The visible entity called `name`, matched through the names and surfaces of its visible mentions
    (case-insensitive, then normalised keys, then fuzzily); the most mentioned wins a tie."""
    counts = {r[0]: r[1] for r in conn.execute("SELECT entity_id, COUNT(*) FROM visible_mentions GROUP BY entity_id")}
    if not counts:
        return None
    names: dict[int, set[str]] = {}
    for entity_id, form in conn.execute("SELECT DISTINCT entity_id, name FROM visible_mentions WHERE name != ''"):
        names.setdefault(entity_id, set()).add(re.sub(r"\s+", " ", form).strip())
    for entity_id, surfaces in _visible_surfaces(conn).items():
        names.setdefault(entity_id, set()).update(surfaces)
    wanted = re.sub(r"\s+", " ", name).strip().casefold()
    keys = {ents.entity_key(name, label) for label in ents.LABELS}
    exact = [i for i, ns in names.items() if any(n.casefold() == wanted for n in ns)]
    if not exact:
        exact = [
            i
            for i, ns in names.items()
            if any(ents.entity_key(n, label) in keys for n in ns for label in ("PERSON", "ORG"))
        ]
    if not exact:
        choices = {(i, n): ents.entity_key(n, "PERSON") for i, ns in names.items() for n in ns}
        best = process.extract(
            ents.entity_key(name, "PERSON"), choices, scorer=fuzz.ratio, score_cutoff=FUZZY_FIND, limit=10
        )
        if best:
            top = best[0][1]
            exact = [key[0] for _, score, key in best if score == top]
    if not exact:
        return None
    return visible_entity(conn, max(exact, key=lambda i: counts.get(i, 0)))


def entity_mentions(conn: sqlite3.Connection, entity_id: int) -> list[Mention]:
    """Every visible mention of the entity, in meeting date order."""
    rows = conn.execute(
        f"SELECT vm.item_id, i.meeting_id, m.date, m.committee, m.council, i.heading_clean AS heading,"
        f" vm.sentence, vm.surface, vm.start, vm.end {_VISIBLE} WHERE vm.entity_id = ?"
        f" ORDER BY m.date IS NULL, m.date, i.meeting_id, i.position, vm.start",
        (entity_id,),
    ).fetchall()
    return [Mention(**dict(r)) for r in rows]


def meeting_entities(conn: sqlite3.Connection, meeting_id: int) -> list[EntityCount]:
    """The visible entities mentioned in a meeting's items."""
    return _grouped(conn, "i.meeting_id = ?", meeting_id)


def item_entities(conn: sqlite3.Connection, item_id: int) -> list[EntityCount]:
    """The visible entities mentioned in one item."""
    return _grouped(conn, "i.id = ?", item_id)


def _grouped(conn: sqlite3.Connection, where: str, value: int) -> list[EntityCount]:
    rows = conn.execute(
        f"SELECT e.id, e.type, vm.surface {_VISIBLE} WHERE {where} ORDER BY i.position, vm.start", (value,)
    ).fetchall()
    names = visible_names(conn, sorted({row["id"] for row in rows}))
    out: dict[int, EntityCount] = {}
    for row in rows:
        entity = out.setdefault(row["id"], EntityCount(row["id"], row["type"], names.get(row["id"], "")))
        surface = re.sub(r"\s+", " ", row["surface"]).strip()
        if surface not in entity.surfaces:
            entity.surfaces.append(surface)
        entity.count += 1
    return sorted(out.values(), key=lambda e: (-e.count, e.type, e.name))


def _visible_surfaces(conn: sqlite3.Connection) -> dict[int, set[str]]:
    surfaces: dict[int, set[str]] = {}
    for entity_id, surface in conn.execute("SELECT DISTINCT entity_id, surface FROM visible_mentions"):
        surfaces.setdefault(entity_id, set()).add(re.sub(r"\s+", " ", surface).strip())
    return surfaces
