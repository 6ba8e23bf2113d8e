"""Sentence vectors of each agenda item, pooled at ingest (see `models.passage_embedding`).

One row per item: the sentences' (start, end) offsets as int32 pairs and their vectors as float16 (half
the bytes of float32; cosines move by under 0.001). Snippets and briefings score sentences against the
query with these instead of running the model at query time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from models.sentences import Sentence


@dataclass
class SentenceVectors:
    spans: list[tuple[int, int]]  # (start, end) of each sentence in the item text
    vectors: np.ndarray  # float16 as stored, one L2-normalised row per span

    def scores(self, query_vector: np.ndarray, rows: list[int] | None = None) -> np.ndarray:
        """Cosine of the query with each sentence (or the given rows), in float32."""
        matrix = self.vectors if rows is None else self.vectors[rows]
        return matrix.astype(np.float32) @ query_vector

    def by_span(self) -> dict[tuple[int, int], np.ndarray]:
        matrix = self.vectors.astype(np.float32)
        return {span: matrix[n] for n, span in enumerate(self.spans)}


def write_sentence_vectors(conn: sqlite3.Connection, per_item: dict[int, tuple[list[Sentence], np.ndarray]]) -> None:
    """Store each item's sentence offsets and vectors."""
    conn.executemany(
        "INSERT INTO sentence_vectors (item_id, spans, vectors) VALUES (?, ?, ?)",
        [
            (
                item_id,
                np.array([(s.start, s.end) for s in sentences], dtype=np.int32).tobytes(),
                matrix.astype(np.float16).tobytes(),
            )
            for item_id, (sentences, matrix) in per_item.items()
            if sentences
        ],
    )


def sentence_vectors_for(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, SentenceVectors]:
    """Stored sentence vectors of the visible items among `item_ids` (items stored before there were any
    sentence vectors are simply absent)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    rows = conn.execute(
        f"SELECT s.item_id, s.spans, s.vectors FROM sentence_vectors s"
        f" JOIN visible_items i ON i.id = s.item_id WHERE s.item_id IN ({marks})",
        item_ids,
    )
    out: dict[int, SentenceVectors] = {}
    for item_id, spans, vectors in rows:
        pairs = np.frombuffer(spans, dtype=np.int32).reshape(-1, 2).tolist()
        matrix = np.frombuffer(vectors, dtype=np.float16).reshape(len(pairs), -1)
        out[item_id] = SentenceVectors([(a, b) for a, b in pairs], matrix)
    return out
