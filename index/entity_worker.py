"""Entity extraction ahead of the embedder, in a second process.

On a 2-core machine the encoder keeps both cores busy but not fully: spaCy's NER in another process
overlaps with it (measured on 40 Limerick documents: encode 4.9 s and NER 7.2 s one after the other,
8.7 s side by side). Ingest submits each parsed document here as soon as it is parsed and collects the
mentions when it writes the document; the archive-dependent steps stay in the writer.

The worker is started with `spawn` (never a fork of a process holding torch threads), loads only spaCy,
and exits on its own if its parent dies (e.g. `kill -9` of an ingest run).
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from ingest.records import ParsedDocument

from .entities_store import document_mentions


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def _start(parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    from models.entities import nlp

    nlp()


class EntityWorker:
    """A one-process pool running `document_mentions`; use as a context manager."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=get_context("spawn"), initializer=_start, initargs=(os.getpid(),)
        )
        self._pending = 0
        self._lock = threading.Lock()

    def submit(self, parsed: ParsedDocument) -> Future:
        future = self._pool.submit(document_mentions, parsed)
        with self._lock:
            self._pending += 1
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _: Future) -> None:
        with self._lock:
            self._pending -= 1

    def busy(self) -> bool:
        """Whether the worker has a document to work on (submitted and not finished)."""
        return self._pending > 0

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> EntityWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
