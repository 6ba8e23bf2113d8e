"""The FAISS index of passage vectors, kept on disk next to the SQLite database.

SQLite is the source of truth: every passage row holds its float32 vector, and `vectors.faiss` is a
derived file rebuilt from those rows (`rebuild`), written to a temporary file and moved into place
with `os.replace`, so readers never see a half-written index. FAISS ids are `passages.id`.

Index choice (measured with `python -m bench.faiss_index`, archive vectors grown with noise, single
queries for the 300 neighbours a search reads): exact inner product (`IndexFlatIP` in an `IndexIDMap2`)
takes 1.8 ms at 25,000 vectors (the whole Limerick archive holds 23,785) and 24.5 ms at 200,000, always
with recall 1. `IndexHNSWFlat` (M=32, efSearch=512) answers in 0.8 / 1.4 ms with recall@300 0.994 /
0.966 and needs no training; with efSearch=128 recall fell to 0.80 at 200,000. IVF (4*sqrt(n) lists,
nprobe n/32) reached 0.76 / 0.94. So: exact up to `APPROXIMATE_ABOVE` = 200,000 vectors, HNSW above. Loaded
indexes map their vectors from the file (`IO_FLAG_MMAP_IFC`): the workers share one copy in the page cache.

Staleness: the rebuild records a signature of the rows it indexed (passage count, max id and a write
generation, see `Signature`) in a sidecar `vectors.json`; a search whose database
signature differs scores from the vectors in SQLite instead, and every hit is joined with the viewer's
visible rows, so stale or restricted ids never surface. The CLI refreshes the file after each ingest run
and `quorum reindex` rebuilds it; a loaded index is reloaded when the file's mtime or size changes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from models.embedder import DIMENSION

INDEX_FILE = "vectors.faiss"
SIDECAR_FILE = "vectors.json"
APPROXIMATE_ABOVE = 200_000
HNSW_EF_SEARCH = 512  # searches read 300 neighbours (index.search.FAISS_DEPTH); at efSearch 128 recall fell to 0.80
GENERATION_KEY = "passages_generation"

faiss.cvar.distance_compute_blas_threshold = 20


class VectorIndexError(RuntimeError):
    """The vector index file is missing or damaged; `quorum reindex` rebuilds it."""


@dataclass(frozen=True)
class Signature:
    """What the index was built from. `generation` counts passage writes (bumped in the same transaction),
    since SQLite may reuse the ids of deleted rows: a replaced last document can keep count and max id."""

    count: int
    max_id: int
    generation: int = 0

    def as_dict(self) -> dict:
        return {"count": self.count, "max_id": self.max_id, "generation": self.generation}


def index_path(data_dir: Path) -> Path:
    return Path(data_dir) / INDEX_FILE


def db_signature(conn: sqlite3.Connection) -> Signature:
    count, max_id = conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM main.passages").fetchone()
    row = conn.execute("SELECT value FROM main.meta WHERE key = ?", (GENERATION_KEY,)).fetchone()
    return Signature(int(count), int(max_id), int(row[0]) if row else 0)


def bump_generation(conn: sqlite3.Connection) -> None:
    """Call inside the transaction that writes passages."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value ="
        " CAST(value AS INTEGER) + 1",
        (GENERATION_KEY,),
    )


def read_sidecar(path: Path) -> Signature | None:
    try:
        raw = json.loads(path.with_name(SIDECAR_FILE).read_text())
        return Signature(int(raw["count"]), int(raw["max_id"]), int(raw.get("generation", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def all_vectors(conn: sqlite3.Connection, item_ids: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids int64, vectors float32 (n, 384)) of stored passages, optionally only those of `item_ids`."""
    if item_ids is None:
        rows = conn.execute("SELECT id, vector FROM main.passages WHERE vector IS NOT NULL ORDER BY id").fetchall()
    else:
        rows = []
        for begin in range(0, len(item_ids), 900):
            chunk = item_ids[begin : begin + 900]
            rows += conn.execute(
                f"SELECT id, vector FROM main.passages WHERE vector IS NOT NULL AND item_id IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    vectors = (
        np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32).reshape(len(rows), DIMENSION)
        if rows
        else np.zeros((0, DIMENSION), dtype=np.float32)
    )
    return ids, vectors


def build_hnsw(ef_search: int = HNSW_EF_SEARCH) -> faiss.IndexHNSWFlat:
    """An empty HNSW index (M=32) for inner product; efSearch must exceed the depth searches ask for."""
    index = faiss.IndexHNSWFlat(DIMENSION, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.hnsw.efSearch = ef_search
    return index


def build(ids: np.ndarray, vectors: np.ndarray) -> faiss.Index:
    """Exact inner-product index for small archives, HNSW above APPROXIMATE_ABOVE vectors."""
    inner = build_hnsw() if len(ids) > APPROXIMATE_ABOVE else faiss.IndexFlatIP(DIMENSION)
    index = faiss.IndexIDMap2(inner)
    if len(ids):
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # building an HNSW graph does use every core
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
    return index


def rebuild(conn: sqlite3.Connection, path: Path) -> Signature:
    """Write the index for every stored passage vector to `path` atomically; record its signature."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    signature = db_signature(conn)
    ids, vectors = all_vectors(conn)
    index = build(ids, vectors)
    fd, tmp = tempfile.mkstemp(prefix=".vectors-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        faiss.write_index(index, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _write_json(path.with_name(SIDECAR_FILE), signature.as_dict())
    return signature


def _write_json(path: Path, value: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value))
    os.replace(tmp, path)


def _read_mapped(path: Path) -> faiss.Index:
    """Read with the vectors memory-mapped from the file (shared by every worker through the page cache);
    an index type FAISS cannot map is read into memory instead."""
    try:
        return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
    except RuntimeError:
        return faiss.read_index(str(path))


def load(path: Path) -> faiss.Index:
    """Read the index, or raise VectorIndexError saying what is wrong and how to fix it."""
    path = Path(path)
    if not path.exists():
        raise VectorIndexError(f"vector index {path} is missing: run `quorum reindex --data {path.parent}`")
    try:
        index = _read_mapped(path)
    except RuntimeError:
        raise VectorIndexError(
            f"vector index {path} is damaged (FAISS cannot read it): run `quorum reindex --data {path.parent}`"
        ) from None
    if index.d != DIMENSION:
        raise VectorIndexError(
            f"vector index {path} has dimension {index.d}, expected {DIMENSION}:"
            f" run `quorum reindex --data {path.parent}`"
        )
    return index


def is_stale(conn: sqlite3.Connection, path: Path) -> bool:
    return not Path(path).exists() or read_sidecar(Path(path)) != db_signature(conn)


def search(index: faiss.Index, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Top-k (passage_id, inner product) for one normalised query vector.

    One query runs on one thread: with OpenMP's team of two on a busy 2-core server, the threads' barrier
    waits for a time slice, and a 1,860-vector search took 8-10 ms instead of 0.4 ms (measured).
    """
    if index.ntotal == 0 or k <= 0:
        return []
    faiss.omp_set_num_threads(1)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


class _Cache:
    """Loaded indexes per path, reloaded when the file's mtime or size changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[tuple[int, int], faiss.Index]] = {}

    def get(self, path: Path) -> tuple[faiss.Index, Signature | None]:
        """The index at `path` and the signature of what it was built from."""
        path = Path(path)
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise VectorIndexError(
                f"vector index {path} is missing: run `quorum reindex --data {path.parent}`"
            ) from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            entry = self._entries.get(str(path))
            if entry is None or entry[0] != stamp:
                entry = (stamp, load(path))
                self._entries[str(path)] = entry
        return entry[1], read_sidecar(path)  # re-read: it is written just after the index file


CACHE = _Cache()
