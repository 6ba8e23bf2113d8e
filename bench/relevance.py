"""Fit the relevance model and floor (index/relevance.py) on the dev queries; check them on the test queries.

    python -m bench.relevance [--data DIR]

For each query of `bench/gold/queries.json` the top candidates of the fused ranking are labelled relevant or
not by the gold evidence (the queries of kind `none` have no relevant item), and a logistic regression over
the evidence (best passage cosine, coverage of the query's content words, exact name) is fitted on dev.
The floor is the relevance that best separates, on dev, the queries with an answer (their best result at or
above it) from those without (below it), while keeping the relevant items. Printed: the weights and floor to
put in index/relevance.py, and on each split the verdict accuracy and the share of relevant items kept.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from .search import DEFAULT_CORPUS, DEFAULT_QUERIES, ingest, relevant_items

CANDIDATES = 20
KEEP_RELEVANT = 0.95  # the floor may hide at most 5% of the dev queries' relevant items


def collect(data: Path, corpus: Path, queries: list[dict]) -> list[dict]:
    """Per query: its split, whether it has an answer, and (features, relevant) of its top candidates."""
    from index import search as S
    from index.access import OFFICER
    from index.store import Store

    store = Store(data / "quorum.sqlite3", OFFICER)
    out = []
    for q in queries:
        gold, _ = relevant_items(store.conn, corpus, q)
        r = S.rankings(store, q["query"])
        ranked = [item_id for item_id, _ in S.fuse(r)[:CANDIDATES]]
        items = store.items_by_id(ranked)
        evidence = S.item_evidence(store.conn, r, [items[i] for i in ranked if i in items])
        out.append(
            {
                "id": q["id"],
                "split": "test" if q.get("split") in ("test", "heldout") else "dev",
                "answerable": bool(gold),
                "none": q["kind"] == "none",
                "rows": [(evidence[i].features(), i in gold) for i in ranked if i in evidence],
            }
        )
    store.close()
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.001, steps: int = 20000, rate: float = 1.0) -> np.ndarray:
    """Logistic regression by gradient descent on standardised features (classes weighted equally):
    weights for the raw features, then the bias."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    design = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    balance = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum()))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ ((p - y) * balance) + l2 * np.r_[w[:-1], 0]
        w -= rate * gradient
    raw = w[:-1] / scale
    return np.r_[raw, w[-1] - float(np.dot(raw, mean))]


def relevance(features: list[float], w: np.ndarray) -> float:
    return 1 / (1 + math.exp(-(float(np.dot(features, w[:-1])) + float(w[-1]))))


def judge(queries: list[dict], w: np.ndarray, floor: float) -> dict[str, float]:
    """Verdict accuracy and relevant items kept above `floor`."""
    none = [q for q in queries if q["none"]]
    answerable = [q for q in queries if q["answerable"]]
    best = {q["id"]: max((relevance(f, w) for f, _ in q["rows"]), default=0.0) for q in queries}
    kept = [relevance(f, w) >= floor for q in answerable for f, relevant in q["rows"] if relevant]
    return {
        "none_called_none": round(sum(best[q["id"]] < floor for q in none) / max(1, len(none)), 3),
        "answerable_not_none": round(sum(best[q["id"]] >= floor for q in answerable) / max(1, len(answerable)), 3),
        "relevant_kept": round(sum(kept) / max(1, len(kept)), 3),
        "none_queries": len(none),
        "answerable_queries": len(answerable),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="reuse an ingested data directory")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--queries", default=str(DEFAULT_QUERIES))
    args = parser.parse_args(argv)
    corpus = Path(args.corpus).resolve()
    queries = json.loads(Path(args.queries).read_text())
    with tempfile.TemporaryDirectory(prefix="quorum-bench-") as tmp:
        data = Path(args.data).resolve() if args.data else Path(tmp)
        if not (data / "quorum.sqlite3").exists():
            started = time.perf_counter()
            ingest(corpus, data)
            print(f"ingested the corpus in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        collected = collect(data, corpus, queries)
    dev = [q for q in collected if q["split"] == "dev"]
    test = [q for q in collected if q["split"] == "test"]
    rows = [row for q in dev for row in q["rows"]]
    x = np.array([f for f, _ in rows], dtype=float)
    y = np.array([float(label) for _, label in rows])
    w = fit(x, y)

    def objective(floor: float) -> float:
        """Tell the queries with no answer from those with one, without hiding relevant items."""
        figures = judge(dev, w, floor)
        if figures["relevant_kept"] < KEEP_RELEVANT:
            return -1.0
        return figures["none_called_none"] + figures["answerable_not_none"]

    floor = max(np.arange(0.01, 0.95, 0.01), key=lambda f: (round(objective(float(f)), 6), -f))
    weights = {"cosine": w[0], "coverage": w[1], "named": w[2], "bias": w[3]}
    print("WEIGHTS = {" + ", ".join(f'"{k}": {v:.2f}' for k, v in weights.items()) + "}")
    print(f"FLOOR = {floor:.2f}")
    report: dict[str, Any] = {
        "weights": {k: round(float(v), 3) for k, v in weights.items()},
        "floor": round(float(floor), 2),
    }
    for name, split in (("dev", dev), ("test", test)):
        report[name] = judge(split, w, float(floor))
        f = report[name]
        print(
            f"{name}: {f['none_called_none']:.0%} of {f['none_queries']} no-answer queries below the floor;"
            f" {f['answerable_not_none']:.0%} of {f['answerable_queries']} answerable above it;"
            f" {f['relevant_kept']:.0%} of relevant items kept"
        )
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
