"""Extraction: spaCy and the rules over texts in one batched run, then canonical names and keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .candidates import (
    _address_places,
    _gazetteer,
    _gazetteer_candidates,
    _job_title,
    _matcher,
    _person_candidates,
    _resolve,
    _rule_candidates,
    _spacy_candidates,
)
from .filters import _acceptable, clean_people
from .linking import find_known, group_entities, places_not_people
from .model import nlp
from .records import Entity, EntityMention
from .text import display_name, entity_key, sentence_at, shadow_text


def extract_texts(
    texts: Sequence[str], people: Sequence[str] = (), places: Iterable[str] = (), batch_size: int = 32
) -> list[list[EntityMention]]:
    """Mentions for each text (offsets into that text), via one batched `nlp.pipe` run.
    `people`: names known to be people here (the attendance list), found wherever they occur;
    `places`: known organisation and place names ('Stoke Ferry Parish Council' makes 'Stoke Ferry' a place)."""
    model = nlp()
    _matcher()
    gazetteer = _gazetteer(clean_people(people)) if people else None
    shadows = [shadow_text(t) for t in texts]
    lower_words = {w for t in texts for w in re.findall(r"\b[a-z][a-z’'-]+\b", t)}
    results: list[list[EntityMention]] = []
    for text, shadow, doc in zip(texts, shadows, model.pipe(shadows, batch_size=batch_size)):
        doc.user_data["original"] = text
        cands = (
            _spacy_candidates(doc, text, lower_words) + _rule_candidates(doc, shadow) + _person_candidates(shadow, text)
        )
        if gazetteer is not None:
            cands += _gazetteer_candidates(gazetteer, doc)
        cands = _address_places(cands, shadow)
        cands = [
            c
            for c in cands
            if c.label != "ANCHOR"
            and not _job_title(c, text)
            and _acceptable(
                shadow[c.start : c.end], c.label, text[c.start : c.end], text[max(0, c.start - 3) : c.start]
            )
        ]
        mentions = []
        for cand in _resolve(cands):
            surface = text[cand.start : cand.end]
            form = surface if re.fullmatch(r"[A-Z]{2,6}", surface) else shadow[cand.start : cand.end]
            canonical = display_name(form, cand.label)
            mentions.append(
                EntityMention(
                    cand.label,
                    surface,
                    canonical,
                    cand.start,
                    cand.end,
                    sentence_at(text, cand.start, cand.end),
                    entity_key(canonical, cand.label),
                )
            )
        results.append(mentions)
    return places_not_people(results, places)


def extract_document(text: str, people: Sequence[str] = (), places: Iterable[str] = ()) -> list[Entity]:
    """Entities of one whole text: extraction, then the completeness pass over its own names
    (`people`: the attendance list; `places`: e.g. the council's name), grouped into canonical entities."""
    found = extract_texts([text], people, places)
    known = [(m.label, alias, m.canonical) for m in found[0] for alias in (m.surface, m.canonical)]
    extra = find_known([text], known, found)
    return group_entities(found[0] + extra[0])
