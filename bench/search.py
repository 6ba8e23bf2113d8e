"""Search benchmark: nDCG@10 and Recall@10 of each ranking on the gold queries, and query latency.

    python -m bench.search [--data DIR] [--corpus ../shared/corpus] [--queries bench/gold/queries.json]

Without --data the five corpus sources are ingested into a temporary data directory (through the CLI,
so passages, vectors and the FAISS file are built as in production). An item is relevant to a query
when its whitespace-collapsed text contains a gold evidence span from the named document. Rankings:
BM25 alone, dense alone, reciprocal rank fusion, normalised score fusion (both without the name
boost) and the final ranking of `index.search.search`. Splits: dev (tuned on), heldout (the first round's
held-out queries) and test (written later from documents not used for tuning; never tuned on); nDCG and
recall per kind on test. The queries of kind `none` have no answer: they score the match verdict (the share
called "none", against the share of answerable queries not called "none"). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_QUERIES = ROOT / "bench" / "gold" / "queries.json"
SOURCES = ["stockton", "kent", "limerick", "norfolk-parishes", "manordeilo-salem"]
K = 10


def _collapse(text: str) -> str:
    return " ".join(text.split())


def relevant_items(conn, corpus: Path, query: dict) -> tuple[set[int], list[str]]:
    """Item ids holding each evidence span, and the evidence spans found nowhere."""
    found, missing = set(), []
    for rel in query["relevant"]:
        path = str((corpus / rel["doc"]).resolve())
        rows = conn.execute(
            "SELECT i.id, i.text, i.heading FROM visible_items i JOIN visible_meetings m"
            " ON m.id = i.meeting_id JOIN documents d ON d.id = m.document_id WHERE d.path = ?",
            (path,),
        ).fetchall()
        evidence = _collapse(rel["evidence"])
        hits = {r[0] for r in rows if evidence in _collapse(r[1])}
        if not hits:
            hits = {r[0] for r in rows if evidence.lower() in _collapse(r[2] + " " + r[1]).lower()}
        if hits:
            found |= hits
        else:
            missing.append(f"{query['id']}: {rel['doc']}: {rel['evidence']}")
    return found, missing


def ndcg(ranked: list[int], relevant: set[int], k: int = K) -> float:
    dcg = sum(1 / math.log2(rank + 2) for rank, i in enumerate(ranked[:k]) if i in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall(ranked: list[int], relevant: set[int], k: int = K) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def ingest(corpus: Path, data: Path) -> None:
    from service.cli import main

    status = main(["ingest", *[str(corpus / s) for s in SOURCES], "--data", str(data)])
    if status != 0:
        raise SystemExit(f"ingest failed with status {status}")


def run(data: Path, corpus: Path, queries_path: Path, repeats: int = 3) -> dict:
    from index import search as S
    from index.access import OFFICER
    from index.store import Store

    queries = json.loads(queries_path.read_text())
    store = Store(data / "quorum.sqlite3", OFFICER)
    S.search(store, "warm up the model")
    rankings: dict[str, dict[str, list[int]]] = {}
    gold: dict[str, set[int]] = {}
    missing_all: list[str] = []
    for q in queries:
        gold[q["id"]], missing = relevant_items(store.conn, corpus, q)
        missing_all += missing
        r = S.rankings(store, q["query"])
        ids = lambda ranking: [i for i, _ in ranking]
        rankings[q["id"]] = {
            "bm25": ids(r.bm25),
            "dense": ids(r.dense),
            "rrf": ids(S.fuse(r, "rrf", boost_names=False)),
            "score": ids(S.fuse(r, "score", boost_names=False)),
            "rrf+names": ids(S.fuse(r, "rrf")),
            "score+names": ids(S.fuse(r, "score")),
        }
        for weight in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            fused = S.fuse_scores(r.bm25, r.dense, weight)
            rankings[q["id"]][f"score@{weight}"] = sorted(fused, key=lambda i: -fused[i])
        for rrf_k in (10, 30, 60):
            fused = S.fuse_rrf(r.bm25, r.dense, k=rrf_k)
            rankings[q["id"]][f"rrf@{rrf_k}"] = sorted(fused, key=lambda i: -fused[i])
    latencies, finals, verdicts = [], {}, {}
    for _ in range(repeats):
        for q in queries:
            started = time.perf_counter()
            response = S.search(store, q["query"], k=K)
            latencies.append((time.perf_counter() - started) * 1000)
            finals[q["id"]] = [hit.item_id for hit in response.results]
            verdicts[q["id"]] = getattr(response, "match", "strong")  # (stores before the verdict: always a match)
    for q in queries:
        rankings[q["id"]]["final"] = finals[q["id"]]
    store.close()

    methods = list(next(iter(rankings.values())))
    splits = {"all": [q for q in queries if gold[q["id"]]]}
    for split in ("dev", "heldout", "test"):
        splits[split] = [q for q in splits["all"] if q.get("split") == split]
    figures: dict[str, dict] = {}
    for method in methods:
        figures[method] = {}
        for split, chosen in splits.items():
            if chosen:
                figures[method][split] = {
                    "ndcg@10": round(
                        statistics.mean(ndcg(rankings[q["id"]][method], gold[q["id"]]) for q in chosen), 4
                    ),
                    "recall@10": round(
                        statistics.mean(recall(rankings[q["id"]][method], gold[q["id"]]) for q in chosen), 4
                    ),
                }
    kinds = sorted({q["kind"] for q in splits["all"]})
    by_kind = {
        kind: round(
            statistics.mean(
                ndcg(rankings[q["id"]]["final"], gold[q["id"]]) for q in splits["all"] if q["kind"] == kind
            ),
            4,
        )
        for kind in kinds
    }
    test_by_kind = {
        kind: {
            "ndcg@10": round(statistics.mean(ndcg(rankings[q["id"]]["final"], gold[q["id"]]) for q in chosen), 4),
            "recall@10": round(statistics.mean(recall(rankings[q["id"]]["final"], gold[q["id"]]) for q in chosen), 4),
            "queries": len(chosen),
        }
        for kind in kinds
        if (chosen := [q for q in splits["test"] if q["kind"] == kind])
    }
    verdict = {}
    for split in ("dev", "test"):
        unanswerable = [q for q in queries if q["kind"] == "none" and q.get("split") == split]
        answerable = [q for q in queries if gold[q["id"]] and q.get("split") == split]
        verdict[split] = {
            "none_called_none": round(
                sum(verdicts[q["id"]] == "none" for q in unanswerable) / max(1, len(unanswerable)), 3
            ),
            "answerable_not_none": round(
                sum(verdicts[q["id"]] != "none" for q in answerable) / max(1, len(answerable)), 3
            ),
            "none_queries": len(unanswerable),
        }
    per_query = {q["id"]: round(ndcg(rankings[q["id"]]["final"], gold[q["id"]]), 3) for q in splits["all"]}
    latencies.sort()
    return {
        "queries": len(splits["all"]),
        "dev": len(splits["dev"]),
        "heldout": len(splits["heldout"]),
        "test": len(splits["test"]),
        "test_by_kind": test_by_kind,
        "verdict": verdict,
        "fusion": S.FUSION,
        "figures": figures,
        "final_by_kind": by_kind,
        "final_per_query": per_query,
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1),
            "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        },
        "missing_evidence": missing_all,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="reuse an ingested data directory")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--queries", default=str(DEFAULT_QUERIES))
    parser.add_argument("--repeats", type=int, default=3, help="latency runs over all queries")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus).resolve()
    with tempfile.TemporaryDirectory(prefix="quorum-bench-") as tmp:
        data = Path(args.data).resolve() if args.data else Path(tmp)
        if not args.data or not (data / "quorum.sqlite3").exists():
            started = time.perf_counter()
            ingest(corpus, data)
            print(f"ingested the corpus in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        report = run(data, corpus, Path(args.queries), args.repeats)
    for line in report["missing_evidence"]:
        print(f"evidence not found: {line}")
    print(
        f"{report['queries']} queries ({report['dev']} dev, {report['heldout']} heldout, {report['test']} test);"
        f" fusion = {report['fusion']}"
    )
    print(
        f"{'ranking':<14} {'nDCG@10':>8} {'R@10':>6}   {'dev nDCG':>8} {'dev R':>6}   {'held nDCG':>9} {'held R':>6}"
        f"   {'test nDCG':>9} {'test R':>6}"
    )
    for method, split in report["figures"].items():
        cells = [
            f"{split.get(s, {}).get('ndcg@10', 0):>8.3f} {split.get(s, {}).get('recall@10', 0):>6.3f}"
            for s in ("all", "dev", "heldout", "test")
        ]
        print(f"{method:<14} {cells[0]}   {cells[1]}   {' ' + cells[2]}   {' ' + cells[3]}")
    for kind, figures in report["test_by_kind"].items():
        print(
            f"test {kind:<14} nDCG@10 {figures['ndcg@10']:.3f}  R@10 {figures['recall@10']:.3f}  ({figures['queries']})"
        )
    for split, figures in report["verdict"].items():
        print(
            f"verdict {split}: {figures['none_called_none']:.0%} of {figures['none_queries']} no-answer queries called"
            f" 'none'; {figures['answerable_not_none']:.0%} of answerable queries not called 'none'"
        )
    print("final nDCG@10 by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in report["final_by_kind"].items()))
    print(
        f"latency (in-process, k=10, with snippets): p50 {report['latency_ms']['p50']} ms,"
        f" p95 {report['latency_ms']['p95']} ms"
    )
    summary = {
        "fusion": report["fusion"],
        "latency_ms": report["latency_ms"],
        "queries": report["queries"],
        **{m: report["figures"][m]["all"] for m in ("bm25", "dense", "rrf", "score", "final")},
        "final_dev": report["figures"]["final"].get("dev"),
        "final_heldout": report["figures"]["final"].get("heldout"),
        "final_test": report["figures"]["final"].get("test"),
        "test_by_kind": report["test_by_kind"],
        "verdict": report["verdict"],
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
