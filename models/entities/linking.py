"""One entity per real thing: grouping mentions by key and fuzzy key, joining people within a document, place
stems, and the completeness pass over names already known."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from ingest.clean import normalise_ocr_titles

from .model import _is_dictionary_word, nlp
from .records import Entity, EntityMention
from .text import display_name, entity_key, sentence_at, shadow_text
from .vocabulary import _STEM_HEADS, _TITLE_PREFIX, GENERIC

FUZZY_RATIO = 90

FUZZY_MIN_LEN = 12


def place_stems(names: Iterable[str]) -> set[str]:
    """'Stoke Ferry Parish Council' -> 'stoke ferry': the place an organisation or building is named after.
    Name by name, so the stems of a growing set can be kept up to date with the new names alone."""
    stems = set()
    for name in names:
        words = name.split()
        while len(words) > 1 and words[-1].lower() in _STEM_HEADS:
            words.pop()
        if len(words) < len(name.split()):
            stems.add(" ".join(words).casefold())
    return stems


def places_not_people(
    results: list[list[EntityMention]], places: Iterable[str] = (), known_stems: set[str] | frozenset[str] = frozenset()
) -> list[list[EntityMention]]:
    """'Stoke Ferry' is a place when the document (or archive) names 'Stoke Ferry Parish Council';
    `known_stems` are `place_stems` of names already known (the archive's, kept up to date by the caller)."""
    stems = place_stems([m.canonical for ms in results for m in ms if m.label in ("ORG", "PLACE")] + list(places))
    stems |= known_stems
    for mention in (m for ms in results for m in ms if m.label == "PERSON"):
        if mention.canonical.casefold() in stems and not _TITLE_PREFIX.match(normalise_ocr_titles(mention.surface)):
            mention.label, mention.key = "PLACE", entity_key(mention.canonical, "PLACE")
    return results


class KnownNames:
    """A phrase matcher over known names and aliases that grows as names are added: (label, alias, canonical).

    Single dictionary words ('Community') and generic phrases are left out: too common to match everywhere.
    """

    def __init__(self) -> None:
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
        self.table: dict[str, tuple[str, str]] = {}
        self._seen: set[tuple[str, str]] = set()

    def add(self, known: Iterable[tuple[str, str, str]]) -> None:
        phrases: dict[str, list[str]] = {}
        for label, alias, canonical in known:
            alias = re.sub(r"\s+", " ", alias).strip()
            if len(alias) < 3 or alias.casefold() in GENERIC or not any(c.isupper() for c in alias):
                continue
            if " " not in alias and not alias.isupper() and _is_dictionary_word(alias):
                continue
            ident = f"{label}|{canonical}"
            if (ident, alias.casefold()) in self._seen:
                continue
            self._seen.add((ident, alias.casefold()))
            self.table[ident] = (label, canonical)
            phrases.setdefault(ident, []).append(alias.casefold())
        for ident, aliases in phrases.items():
            self.matcher.add(ident, list(nlp().tokenizer.pipe(aliases)))

    def __call__(self, doc) -> list[tuple[str, str, int, int]]:
        strings = doc.vocab.strings
        return [(*self.table[strings[m]], s, e) for m, s, e in self.matcher(doc)]


def find_known(
    texts: Sequence[str],
    known: Iterable[tuple[str, str, str]],
    existing: Sequence[Sequence[EntityMention]],
    archive: KnownNames | None = None,
) -> list[list[EntityMention]]:
    """Completeness pass: every word-bounded, case-insensitive occurrence of a known name or alias.

    `known` holds this document's (label, name-or-alias, canonical); `archive` the names already stored.
    Single-word names must be capitalised where found (so the project 'Prevent' is not every 'prevent').
    Spans already covered by a mention are skipped; the longest match wins.
    """
    model = nlp()
    local = KnownNames()
    local.add(known)
    matchers = [local] + ([archive] if archive is not None else [])
    out: list[list[EntityMention]] = []
    for text, have in zip(texts, existing):
        shadow = shadow_text(text)
        doc = model.make_doc(shadow)  # (doc.text joins every token anew: read `shadow` instead)
        taken = bytearray(len(text) + 1)
        for m in have:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        matches = [hit for matcher in matchers for hit in matcher(doc)]
        found: list[EntityMention] = []
        for label, canonical, start, end in sorted(matches, key=lambda m: (m[2], -(m[3] - m[2]))):
            span = doc[start:end]
            if any(taken[span.start_char : span.end_char]):
                continue
            if len(span) == 1 and not span.text[:1].isupper():
                continue
            if not span.text[:1].isupper() and not span.text[:1].isdigit() and len(span) < 3:
                continue
            s, e = span.start_char, span.end_char
            taken[s:e] = b"\x01" * (e - s)
            found.append(
                EntityMention(
                    label,
                    text[s:e],
                    canonical,
                    s,
                    e,
                    sentence_at(text, s, e),
                    entity_key(canonical, label),
                    display_name(shadow[s:e], label),
                )
            )
        out.append(found)
    return out


def group_entities(mentions: Iterable[EntityMention]) -> list[Entity]:
    """One entity per real thing: same key, or fuzzy-equal long keys of the same label; canonical = fullest."""
    groups: dict[tuple[str, str], Entity] = {}
    for mention in mentions:
        target = groups.get((mention.label, mention.key))
        if target is None:
            target = _fuzzy_group(groups, mention.label, mention.key)
            if target is not None:
                mention.rule = "fuzzy key"
        if target is None:
            target = groups[(mention.label, mention.key)] = Entity(mention.label, mention.canonical, mention.key)
        target.mentions.append(mention)
        if mention.surface not in target.surfaces:
            target.surfaces.append(mention.surface)
    entities = _merge_people(list(groups.values()))
    for entity in entities:
        entity.canonical = choose_canonical([m.canonical for m in entity.mentions])
        entity.key = entity_key(entity.canonical, entity.label)
        for mention in entity.mentions:
            mention.canonical, mention.key = entity.canonical, entity.key
    return entities


def _fuller(name: list[str], than: list[str]) -> bool:
    return len(name) > len(than) or (len(name) == len(than) and len(name[0]) > len(than[0]))


_POLICE_TITLE = re.compile(r"\b(garda|superintendent|supt|inspector|insp|sergeant|sgt|detective|constable)\b", re.I)
_POLICE_RANK = {"pc", "dc", "ds", "di"}  # 'PC Jones', 'DI Hart': abbreviations only as the title itself
_MEMBER_TITLE = re.compile(r"\b(cllrs?|clir|councill?ors?|councilior|mayor|senator)\b", re.I)


def title_class(title: str | None) -> str | None:
    """What a title (or the words before a name) says a person is: 'police', 'member' (of a council, or
    'Deputy' for a member of the Dáil) or nothing ('Mr', 'Ms', 'Dr')."""
    if not title or not title.split():
        return None
    first = title.split()[0].lower().strip(".")
    if _POLICE_TITLE.search(title) or first in _POLICE_RANK:
        return "police"
    if _MEMBER_TITLE.search(title) or title.strip().lower() == "deputy":
        return "member"
    return None


def _kinds(entity: Entity) -> set[str]:
    """What the titles of its surfaces say: 'police', 'member' (of a council)."""
    return {kind for surface in entity.surfaces if (kind := title_class(" ".join(surface.split()[:3])))}


def _merge_people(entities: list[Entity]) -> list[Entity]:
    """Within one document, 'Keller', 'Cllr Keller' and 'P. Keller' are 'Paul Keller' when he is the only fuller
    match; 'Superintendent Sheahan' stays apart from a Councillor Sheahan (titles of different kinds)."""
    people = [e for e in entities if e.label == "PERSON"]
    merged: set[int] = set()
    for short in sorted(people, key=lambda e: len(e.key.split())):
        words = short.key.split()
        if len(words) > 2 or (len(words) == 2 and len(words[0]) > 1):
            continue  # a full name already
        initial = words[0][0] if len(words) == 2 else None
        mine = _kinds(short)
        targets = [
            e
            for e in people
            if e is not short
            and id(e) not in merged
            and _fuller(e.key.split(), words)
            and e.key.split()[-1] == words[-1]
            and (initial is None or e.key.split()[0][0] == initial)
            and not (mine and _kinds(e) and not mine & _kinds(e))
        ]
        fullest = max((len(e.key.split()[0]) for e in targets), default=0)
        targets = [e for e in targets if len(e.key.split()[0]) == fullest]
        if len(targets) == 1:
            for mention in short.mentions:
                mention.rule = mention.rule or "the one fuller name with this surname in the document"
            targets[0].mentions += short.mentions
            targets[0].surfaces += [s for s in short.surfaces if s not in targets[0].surfaces]
            merged.add(id(short))
    return [e for e in entities if id(e) not in merged]


def _fuzzy_group(groups: dict[tuple[str, str], Entity], label: str, key: str) -> Entity | None:
    if len(key) < FUZZY_MIN_LEN:
        return None
    for (other_label, other_key), entity in groups.items():
        if other_label == label and len(other_key) >= FUZZY_MIN_LEN and same_thing(key, other_key, label):
            return entity
    return None


def same_thing(key: str, other: str, label: str) -> bool:
    """Fuzzy equality of two long keys of one label; names differing only in a number stay apart."""
    if fuzz.ratio(key, other) < FUZZY_RATIO:
        return False
    if re.findall(r"\d+", key) != re.findall(r"\d+", other):
        return False
    if label == "PERSON":
        a, b = key.split(), other.split()
        return len(a) == len(b) and a[0][:1] == b[0][:1] and fuzz.ratio(a[-1], b[-1]) >= 80
    return key.split()[0][:1] == other.split()[0][:1]


def _full_forename(name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return len(first.rstrip(".")) > 1 and not first.isupper()


def choose_canonical_counted(counts: dict[str, int]) -> str:
    """The fullest, most frequent, not ALL-CAPS form, from forms with their counts ('Adam Teskey' over the
    more frequent 'A. Teskey')."""
    return max(counts, key=lambda n: (not n.isupper(), len(n.split()), _full_forename(n), counts[n], len(n)))


def choose_canonical(names: Sequence[str]) -> str:
    """The fullest, most frequent, not ALL-CAPS form."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: (not n.isupper(), len(n.split()), _full_forename(n), counts[n], len(n)))
