"""Wall time per ingest stage (read, segment, entities, embed, facts, commit, index), for benchmarks."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

STAGES: dict[str, float] = defaultdict(float)


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        STAGES[name] += time.perf_counter() - started


def reset() -> None:
    STAGES.clear()


def snapshot() -> dict[str, float]:
    return {name: round(seconds, 3) for name, seconds in STAGES.items()}
