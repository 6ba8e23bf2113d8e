"""What extraction produces: one mention of an entity, and one entity of a document with its mentions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EntityMention:
    """One occurrence of an entity: char offsets into the text it was found in.

    `canonical` becomes the entity's name when mentions are grouped; `name` stays this mention's own
    form of it, so a name can be shown from the mentions a viewer may see alone."""

    label: str
    surface: str
    canonical: str
    start: int
    end: int
    sentence: str = ""
    key: str = ""
    name: str = ""
    rule: str = ""  # why it was joined to its entity when not by its own key (e.g. 'surname in the document')

    def __post_init__(self) -> None:
        self.name = self.name or self.canonical


@dataclass
class Entity:
    """One entity of a document: its canonical name and the surface forms seen."""

    label: str
    canonical: str
    key: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
