"""Named-entity extraction for council minutes: spaCy NER plus domain rules and normalisation.

Labels: OPERATION, PROJECT, STRATEGY, PLACE, ORG, PERSON, LEGISLATION. The spaCy model loads once per
process (`nlp()`); `extract_texts` runs it in batches (`nlp.pipe`), adds rule spans (`Operation X`,
`X Strategy`, `X Act 2005`, titled people, ...), filters generic phrases and gives every mention a
canonical name and a key (`entity_key`) so one real thing maps to one entity.

One job per module: `vocabulary` (word lists and name patterns), `model` (the spaCy pipeline and its word
tables), `text` (keys and display names), `candidates` (spaCy and rule spans), `filters` (what is a name),
`linking` (one entity per real thing), `extract` (the whole run), `records` (what comes out).
"""

from __future__ import annotations

from ..labels import LABELS
from .extract import extract_document, extract_texts
from .filters import clean_people
from .linking import (
    FUZZY_MIN_LEN,
    FUZZY_RATIO,
    KnownNames,
    choose_canonical,
    choose_canonical_counted,
    find_known,
    group_entities,
    place_stems,
    places_not_people,
    same_thing,
    title_class,
)
from .model import MODEL, SPACY_LABELS, nlp
from .records import Entity, EntityMention
from .text import display_name, entity_key, sentence_at, shadow_text

__all__ = [
    "FUZZY_MIN_LEN",
    "FUZZY_RATIO",
    "LABELS",
    "MODEL",
    "SPACY_LABELS",
    "Entity",
    "EntityMention",
    "KnownNames",
    "choose_canonical",
    "choose_canonical_counted",
    "clean_people",
    "display_name",
    "entity_key",
    "extract_document",
    "extract_texts",
    "find_known",
    "group_entities",
    "nlp",
    "place_stems",
    "places_not_people",
    "same_thing",
    "sentence_at",
    "shadow_text",
    "title_class",
]
