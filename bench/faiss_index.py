"""Which FAISS index at which size: exact inner product against HNSW and IVF, by recall and latency.

    python -m bench.faiss_index --data DIR [--sizes 25000 100000 400000] [--queries 200]

The vectors are the archive's own passage vectors from DIR (an ingested data directory), grown to each
size by adding copies of them with small Gaussian noise (renormalised), so the neighbourhood structure
stays that of real minutes. Queries are held-out passage vectors, perturbed the same way. For each index:
build time, memory, single-query latency p50/p95 at the search depth `index.search` uses, and recall
of that top list against exact search. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from pathlib import Path

import faiss
import numpy as np

from index.search import FAISS_DEPTH
from index.vectors import DIMENSION

faiss.cvar.distance_compute_blas_threshold = 20


def archive_vectors(data: Path) -> np.ndarray:
    conn = sqlite3.connect(data / "quorum.sqlite3")
    blobs = [row[0] for row in conn.execute("SELECT vector FROM passages WHERE vector IS NOT NULL")]
    conn.close()
    return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(-1, DIMENSION).copy()


def grown(base: np.ndarray, size: int, rng: np.random.Generator, noise: float = 0.04) -> np.ndarray:
    picks = base[rng.integers(0, len(base), size)]
    out = picks + rng.normal(0, noise, picks.shape).astype(np.float32)
    faiss.normalize_L2(out)
    return out


def candidates(size: int) -> dict[str, faiss.Index]:
    from index.vectors import build_hnsw

    lists = int(4 * np.sqrt(size))
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIMENSION), DIMENSION, lists, faiss.METRIC_INNER_PRODUCT)
    ivf.nprobe = max(8, lists // 32)
    return {
        "exact": faiss.IndexFlatIP(DIMENSION),
        "hnsw32-ef128": build_hnsw(ef_search=128),
        "hnsw32 (ours)": build_hnsw(),
        f"ivf{lists}": ivf,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 400_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    base = archive_vectors(args.data)
    held = rng.permutation(len(base))
    queries = grown(base[held[: args.queries]], args.queries, rng)
    base = base[held[args.queries :]]
    rows = []
    for size in args.sizes:
        vectors = grown(base, size, rng)
        truth = None
        for name, index in candidates(size).items():
            started = time.perf_counter()
            if not index.is_trained:
                lists = int(index.nlist)  # type: ignore[attr-defined]
                index.train(vectors[rng.choice(size, min(size, 50 * lists), replace=False)])
            index.add(vectors)
            build = time.perf_counter() - started
            latencies, found = [], []
            for q in queries:
                began = time.perf_counter()
                _, ids = index.search(q[None], FAISS_DEPTH)
                latencies.append((time.perf_counter() - began) * 1000)
                found.append(ids[0])
            if truth is None:
                truth = found
            recall = np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)])
            latencies.sort()
            row = {
                "size": size,
                "index": name,
                "build_s": round(build, 2),
                "memory_mb": round(faiss.serialize_index(index).nbytes / 1e6, 1),
                "p50_ms": round(latencies[len(latencies) // 2], 3),
                "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
                f"recall@{FAISS_DEPTH}": round(float(recall), 4),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(json.dumps({"depth": FAISS_DEPTH, "rows": rows}))


if __name__ == "__main__":
    main()
