"""Wire the model annotators into ingest: each parsed document's items get their derived rows
(passages with vectors and item summaries, decisions, actions and figures, entity mentions) inside the document's own transaction.

An annotator is `annotate(conn, parsed, item_ids) -> None`; `ANNOTATORS` lists them in order.
Models load lazily, once per process, the first time a document needs them.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

from ingest.records import ParsedDocument

from .store import Store
from .timing import stage

Annotator = Callable[[sqlite3.Connection, ParsedDocument, list[int]], None]
ANNOTATORS: list[Annotator] = []
STAGE_NAMES = {"store_mentions": "entities", "store_passages": "embed", "store_facts": "facts"}


def annotator_for(store: Store) -> Callable[[ParsedDocument], Callable[[sqlite3.Connection, list[int]], None]]:
    """The per-document hook `Store.write_document` calls inside its transaction."""
    def for_document(parsed: ParsedDocument) -> Callable[[sqlite3.Connection, list[int]], None]:
        def annotate(conn: sqlite3.Connection, item_ids: list[int]) -> None:
            for annotator in ANNOTATORS:
                with stage(STAGE_NAMES.get(annotator.__name__, annotator.__name__)):
                    annotator(conn, parsed, item_ids)
        return annotate
    return for_document


from .passage_index import store_passages  # noqa: E402

ANNOTATORS.append(store_passages)

from .facts_store import store_facts  # noqa: E402

ANNOTATORS.append(store_facts)

from .entities_store import store_mentions  # noqa: E402

ANNOTATORS.append(store_mentions)
