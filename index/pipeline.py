"""The model annotators ingest runs on each parsed document, inside the document's own transaction:
passages with their vectors and item summaries, decisions/actions/figures, then entity mentions.

Models load lazily, once per process, the first time a document needs them. With `ahead=True` the
pipeline starts entity extraction for each document in a worker process as soon as it is parsed
(`index.entity_worker`), so NER overlaps with the embedder instead of following it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future

from ingest.records import ParsedDocument

from .entities_store import store_mentions
from .facts_store import store_facts
from .passage_index import store_passages
from .timing import stage

AHEAD_MIN_FILES = 8  # below this, starting the worker process costs more than it saves
DocumentAnnotator = Callable[[sqlite3.Connection, list[int]], None]


class Pipeline:
    """Per-document annotation for `Store.write_document`; a context manager when it runs ahead."""

    def __init__(self, ahead: bool = False) -> None:
        self._worker = None
        self._resources = contextlib.ExitStack()
        if ahead:
            from models.embedder import thread_policy

            from .entity_worker import EntityWorker

            worker = self._worker = self._resources.enter_context(EntityWorker())
            # while the worker is busy it holds a core: an encoder thread there would only fight for it (1/8
            # of the archive on 2 cores: 62 s with 2 encoder threads throughout, 52 s with 1, 50 s switching)
            cores = os.cpu_count() or 2
            self._resources.enter_context(thread_policy(lambda: cores - 1 if worker.busy() else cores))

    def prepare(self, parsed: ParsedDocument) -> Future | None:
        """Start the work that needs nothing from the archive (entity extraction), if running ahead."""
        if self._worker is None:
            return None
        try:
            return self._worker.submit(parsed)
        except Exception:
            self.close()
            return None

    def annotate(self, parsed: ParsedDocument, prepared: Future | None = None) -> DocumentAnnotator:
        """The hook `Store.write_document` calls with the new item ids inside its transaction."""

        def run(conn: sqlite3.Connection, item_ids: list[int]) -> None:
            with stage("embed"):
                store_passages(conn, parsed, item_ids)
            with stage("facts"):
                store_facts(conn, parsed, item_ids)
            mentions = None
            if prepared is not None:
                with stage("entities_wait"):
                    try:
                        mentions = prepared.result()
                    except Exception:
                        mentions = None
            with stage("entities"):
                store_mentions(conn, parsed, item_ids, mentions)

        return run

    def close(self) -> None:
        self._worker = None
        self._resources.close()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
