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

from ingest.lexicon import TITLE_QUALIFIERS, title_pattern
from ingest.records import ParsedDocument, Person
from models import entities as ents

from .views import EntityCount, EntityView, Mention

FUZZY_FIND = 85


# --- writing (the annotator) ----------------------------------------------------------------------


def document_mentions(parsed: ParsedDocument) -> list[list[ents.EntityMention]]:
    """The model's part of entity extraction, which needs nothing from the archive (so it can run in
    `index.entity_worker`): mentions in each item's heading and text, in that order."""
    texts = [t for item in parsed.meeting.items for t in (item.heading, item.text)]
    people = [person.name for _, person in parsed.meeting.attendance.everyone()]
    return ents.extract_texts(texts, people)


ATTENDANCE_LABELS = {
    "present": "Present",
    "officer": "Officers",
    "apologies": "Apologies",
    "signed": "Signed",
    "in_attendance": "In attendance",
}


@dataclass
class _Placed:
    """Where a mention is stored: its item (None for an attendance entry) and the offset shift."""

    item_id: int | None
    shift: int
    kind: str = "text"
    person: Person | None = None


def attendance_mentions(parsed: ParsedDocument) -> list[tuple[ents.EntityMention, str, Person]]:
    """Every person of an attendance block as a PERSON mention at their place in the document's text."""
    out = []
    signed = [("signed", person) for person in parsed.meeting.signatories]
    for kind, person in [*parsed.meeting.attendance.everyone(), *signed]:
        if person.start < 0 or person.end <= person.start:
            continue
        name = ents.display_name(person.name, "PERSON")
        if not name:
            continue
        line = f"{ATTENDANCE_LABELS[kind]}: {person.as_written or person.name}"
        mention = ents.EntityMention(
            "PERSON",
            parsed.text[person.start : person.end],
            name,
            person.start,
            person.end,
            line,
            ents.entity_key(name, "PERSON"),
            name,
        )
        mention.surface = person.as_written or mention.surface
        out.append((mention, kind, person))
    return out


def store_mentions(
    conn: sqlite3.Connection,
    parsed: ParsedDocument,
    item_ids: list[int],
    prepared: list[list[ents.EntityMention]] | None = None,
    meeting_id: int | None = None,
) -> None:
    """Extract the document's entities item by item (heading and text), add the people of its attendance
    blocks, link them (within the document, then to the entities of the archive) and store them;
    `prepared` is `document_mentions(parsed)` when it was computed ahead."""
    items = parsed.meeting.items
    if not items:
        return
    if meeting_id is None:
        meeting_id = conn.execute("SELECT meeting_id FROM items WHERE id = ?", (item_ids[0],)).fetchone()[0]
    texts = [t for item in items for t in (item.heading, item.text)]
    archive = _archive_names(conn)
    found = prepared if prepared is not None else document_mentions(parsed)
    found = ents.places_not_people(found, {parsed.meeting.council, parsed.meeting.committee}, archive.stems)
    known = [(m.label, alias, m.canonical) for ms in found for m in ms for alias in (m.surface, m.canonical)]
    extra = ents.find_known(texts, known, found, archive.names)
    where: dict[int, _Placed] = {}
    for index, (first, second) in enumerate(zip(found, extra)):
        item = items[index // 2]
        shift = -(len(item.heading) + 1) if index % 2 == 0 else 0
        where.update((id(m), _Placed(item_ids[index // 2], shift)) for m in first + second)
    people = attendance_mentions(parsed)
    where.update((id(m), _Placed(None, 0, kind, person)) for m, kind, person in people)
    mentions = [m for ms in (*found, *extra) for m in ms] + [m for m, _, _ in people]
    for entity in ents.group_entities(mentions):
        entity_id, rule = _upsert_entity(conn, entity, archive, parsed.meeting.council)
        for alias in {re.sub(r"\s+", " ", s).strip() for s in entity.surfaces} | {entity.canonical}:
            conn.execute("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)", (entity_id, alias))
        rows = []
        for m in entity.mentions:
            placed = where[id(m)]
            person = placed.person
            rows.append(
                (
                    entity_id,
                    placed.item_id,
                    meeting_id,
                    m.start + placed.shift,
                    m.end + placed.shift,
                    m.surface,
                    m.sentence,
                    m.name,
                    placed.kind,
                    person.role if person else None,
                    person.title if person else _title_of(m.surface),
                    person.affiliation if person else None,
                    rule or m.rule,
                )
            )
        conn.executemany(
            "INSERT INTO mentions (entity_id, item_id, meeting_id, start, end, surface, sentence, name, kind, role,"
            " title, affiliation, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


_TITLE_AT_START = re.compile(rf"^\s*((?:(?:{'|'.join(TITLE_QUALIFIERS)})\s+)*(?:{title_pattern()}))\.?\s+")


def _title_of(surface: str) -> str | None:
    found = _TITLE_AT_START.match(surface)
    return found.group(1) if found else None


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
    surnames: dict[str, dict[int, str]] = field(default_factory=dict)  # people: surname -> {entity id: key}
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
        "SELECT id, type, key FROM entities WHERE id > ? ORDER BY id", (archive.last_entity_id,)
    ):
        if len(key) >= ents.FUZZY_MIN_LEN:
            archive.fuzzy_keys.setdefault(entity_type, {})[entity_id] = key
        if entity_type == "PERSON" and " " in key:
            archive.surnames.setdefault(key.split()[-1], {})[entity_id] = key
    archive.last_entity_id = max(
        archive.last_entity_id, conn.execute("SELECT COALESCE(MAX(id), 0) FROM entities").fetchone()[0]
    )
    return archive


def _stored_key(conn: sqlite3.Connection, entity_id: int, entity_type: str) -> str | None:
    row = conn.execute("SELECT key FROM entities WHERE id = ? AND type = ?", (entity_id, entity_type)).fetchone()
    return row[0] if row else None


def _classes_stored(conn: sqlite3.Connection, entity_id: int) -> set[str]:
    rows = conn.execute("SELECT DISTINCT title FROM mentions WHERE entity_id = ? AND title IS NOT NULL", (entity_id,))
    return {c for (title,) in rows if (c := ents.title_class(title))}


def _classes_of(entity: ents.Entity) -> set[str]:
    return {c for m in entity.mentions if (c := ents.title_class(_title_of(m.surface)))}


def _initials(key: str) -> tuple[str, str] | None:
    """'a teskey' -> ('a', 'teskey'); 'r w gough' -> ('rw', 'gough'); None for a full name."""
    words = key.split()
    if len(words) >= 2 and all(len(w) == 1 for w in words[:-1]) and len(words[-1]) > 1:
        return "".join(words[:-1]), words[-1]
    return None


def _fits(initials: str, key: str) -> bool:
    """Whether a full name's forenames start with these initials ('adam teskey' fits 'a')."""
    words = key.split()[:-1]
    return len(words) >= len(initials) and all(w[:1] == i for w, i in zip(words, initials)) and len(words[0]) > 1


def _in_council(conn: sqlite3.Connection, entity_id: int, council: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM mentions mn JOIN meetings m ON m.id = mn.meeting_id WHERE mn.entity_id = ? AND m.council = ?"
            " LIMIT 1",
            (entity_id, council),
        ).fetchone()
        is not None
    )


def _merge_into(conn: sqlite3.Connection, keep: int, drop: int, rule: str) -> None:
    """One entity of two: the mentions and aliases of `drop` move to `keep` (and say why)."""
    conn.execute(
        "UPDATE mentions SET entity_id = ?, rule = CASE WHEN rule = '' THEN ? ELSE rule END WHERE entity_id = ?",
        (keep, rule, drop),
    )
    conn.execute(
        "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) SELECT ?, alias FROM entity_aliases"
        " WHERE entity_id = ?",
        (keep, drop),
    )
    conn.execute("DELETE FROM entities WHERE id = ?", (drop,))


def _person_link(
    conn: sqlite3.Connection, entity: ents.Entity, archive: _Archive, council: str
) -> tuple[int | None, list[int]]:
    """Across documents of one council: the stored person an initials form ('A. Teskey') is, when exactly one
    full name fits its surname and initials and no title says otherwise; or, for a full name, the stored
    initials forms it completes. (entity to join, entities to merge into the new one)."""
    words = entity.key.split()
    mine = _classes_of(entity)
    if len(words) < 2:
        return _surname_link(conn, entity, archive, council, mine), []
    surname = words[-1]
    candidates = []
    for entity_id, key in list(archive.surnames.get(surname, {}).items()):
        if _stored_key(conn, entity_id, "PERSON") != key:
            del archive.surnames[surname][entity_id]  # deleted since
            continue
        if _in_council(conn, entity_id, council):
            candidates.append((entity_id, key))
    initials = _initials(entity.key)
    if initials is not None:
        fits = [(i, k) for i, k in candidates if _initials(k) is None and _fits(initials[0], k)]
        if len(fits) == 1 and not (mine and _classes_stored(conn, fits[0][0]) - mine):
            return fits[0][0], []
        return None, []
    full_name_rivals = [
        k for _, k in candidates if _initials(k) is None and k != entity.key and k.split()[0][:1] == words[0][:1]
    ]
    if full_name_rivals:
        return None, []
    complete = [
        i
        for i, k in candidates
        if (ini := _initials(k)) is not None
        and _fits(ini[0], entity.key)
        and not (mine and _classes_stored(conn, i) - mine)
    ]
    people = [k for i, k in candidates if len(k.split()) > 1 and k != entity.key and i not in complete]
    if not people:  # the council's only person of this surname: its titled surname-alone forms are this person
        complete += [
            i
            for i, k in candidates
            if len(k.split()) == 1 and _classes_stored(conn, i) and not (mine and _classes_stored(conn, i) - mine)
        ]
    return None, complete


def _surname_link(
    conn: sqlite3.Connection, entity: ents.Entity, archive: _Archive, council: str, mine: set[str]
) -> int | None:
    """A titled surname alone ('Councillor Teskey') is the council's one person of that surname, when exactly
    one stored person of the council has it and their titles agree."""
    if not mine:
        return None
    fits = [
        entity_id
        for entity_id, key in list(archive.surnames.get(entity.key, {}).items())
        if len(key.split()) > 1
        and _stored_key(conn, entity_id, "PERSON") == key
        and _in_council(conn, entity_id, council)
        and not (_classes_stored(conn, entity_id) - mine)
    ]
    return fits[0] if len(fits) == 1 else None


def _shared_alias(conn: sqlite3.Connection, entity: ents.Entity) -> int | None:
    """A stored entity of the same type that already has one of this entity's full, titled forms."""
    forms = sorted({re.sub(r"\s+", " ", s).strip() for s in entity.surfaces if len(s.split()) >= 3})
    if not forms:
        return None
    marks = ",".join("?" * len(forms))
    rows = conn.execute(
        f"SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE e.type = ?"
        f" AND a.alias IN ({marks})",
        (entity.label, *forms),
    ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def _upsert_entity(
    conn: sqlite3.Connection, entity: ents.Entity, archive: _Archive, council: str = ""
) -> tuple[int, str]:
    """The id of the stored entity this one is, and the rule that joined them ('' for the same key): a
    shared full alias, a fuzzy-equal long key, or (people) initials that fit one full name of the council.
    A new entity is inserted, taking in the stored initials forms of the council that it completes."""
    row = conn.execute("SELECT id FROM entities WHERE type = ? AND key = ?", (entity.label, entity.key)).fetchone()
    if row is not None:
        return row[0], ""
    shared = _shared_alias(conn, entity)
    if shared is not None:
        return shared, "shared alias"
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
                return entity_id, "fuzzy key"
    completes: list[int] = []
    if entity.label == "PERSON" and council:
        joined, completes = _person_link(conn, entity, archive, council)
        if joined is not None:
            if len(entity.key.split()) == 1:
                return joined, "surname of one person in the council"
            return joined, "initials of one full name in the council"
    entity_id = (
        conn.execute(
            "INSERT INTO entities (type, name, key) VALUES (?, ?, ?)", (entity.label, entity.canonical, entity.key)
        ).lastrowid
        or 0
    )
    for old in completes:
        alone = _stored_key(conn, old, "PERSON") == entity.key.split()[-1]
        _merge_into(
            conn,
            entity_id,
            old,
            "surname of one person in the council" if alone else "initials of one full name in the council",
        )
        archive.surnames.get(entity.key.split()[-1], {}).pop(old, None)
    if len(entity.key) >= ents.FUZZY_MIN_LEN:
        keys[entity_id] = entity.key
    if entity.label == "PERSON":
        archive.surnames.setdefault(entity.key.split()[-1], {})[entity_id] = entity.key
    return entity_id, ""


# --- reading (visible_* views only) ---------------------------------------------------------------
#
# An entity's name, aliases, counts and dates come only from the mentions the viewer may see: a name
# written in full only in a restricted item is never shown to someone who cannot read that item.

_VISIBLE = (  # attendance mentions belong to a meeting and no item
    "FROM visible_mentions vm JOIN visible_meetings m ON m.id = vm.meeting_id"
    " LEFT JOIN visible_items i ON i.id = vm.item_id JOIN entities e ON e.id = vm.entity_id"
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
        f"SELECT e.id, e.type, COUNT(vm.id) AS mentions, COUNT(DISTINCT vm.meeting_id) AS meetings,"
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
        f"SELECT e.id, e.type, COUNT(vm.id) AS mentions, COUNT(DISTINCT vm.meeting_id) AS meetings,"
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
        f"SELECT vm.item_id, vm.meeting_id, m.date, m.committee, m.council,"
        f" COALESCE(i.heading_clean, 'Attendance') AS heading, vm.sentence, vm.surface, vm.start, vm.end, vm.kind,"
        f" vm.role, vm.title, vm.affiliation, vm.rule {_VISIBLE} WHERE vm.entity_id = ?"
        f" ORDER BY m.date IS NULL, m.date, vm.meeting_id, i.position IS NOT NULL, i.position, vm.start",
        (entity_id,),
    ).fetchall()
    return [Mention(**dict(r)) for r in rows]


def meeting_entities(conn: sqlite3.Connection, meeting_id: int) -> list[EntityCount]:
    """The visible entities mentioned in a meeting's items."""
    return _grouped(conn, "vm.meeting_id = ?", meeting_id)


def item_entities(conn: sqlite3.Connection, item_id: int) -> list[EntityCount]:
    """The visible entities mentioned in one item."""
    return _grouped(conn, "i.id = ?", item_id)


def _grouped(conn: sqlite3.Connection, where: str, value: int) -> list[EntityCount]:
    rows = conn.execute(
        f"SELECT e.id, e.type, vm.surface {_VISIBLE} WHERE {where} ORDER BY i.position IS NOT NULL, i.position,"
        f" vm.start",
        (value,),
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
