"""Ingest benchmark over the Limerick archive: throughput, time per stage, memory, size on disk, and the
ratio of pipeline time to a bare `SentenceTransformer.encode` of exactly the same passages.

    python -m bench.ingest [--fraction F] [--data DIR] [--no-bare] [--watches N]

Also measures this machine's float32 matrix-multiply rate with torch and the floating-point work the model
does per passage, to show how close the embedding stage gets to the hardware limit. `--watches N` saves N
searches first and times matching them against what the run added (what every ingest does after writing).
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from .serving import ARCHIVE

# all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, feed-forward 1536
LAYERS, HIDDEN, FFN = 6, 384, 1536


def model_flops(tokens: int) -> float:
    """Multiply-add FLOPs (x2) of one forward pass over a sequence of `tokens` word pieces."""
    per_layer = 2 * tokens * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN) + 2 * 2 * tokens * tokens * HIDDEN
    return LAYERS * per_layer


def matmul_gflops(size: int = 1024, repeats: int = 20, dtype: str = "float32") -> float:
    import torch

    a, b = torch.randn(size, size, dtype=getattr(torch, dtype)), torch.randn(size, size, dtype=getattr(torch, dtype))
    torch.mm(a, b)
    started = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2 * size**3 * repeats / (time.perf_counter() - started) / 1e9


def dir_size_mb(path: Path, pattern: str) -> float:
    return round(sum(p.stat().st_size for p in path.glob(pattern)) / 1e6, 2)


def _save_searches(data: Path, count: int) -> None:
    """An officer token with `count` saved searches: the gold queries' texts."""
    import json

    from index.access import ADMIN
    from index.store import Store
    from index.tokens import create_token
    from index.watches import add_watch, list_watches

    queries = [q["query"] for q in json.loads((Path(__file__).parent / "gold" / "queries.json").read_text())]
    with Store(data / "quorum.sqlite3", ADMIN) as store:
        create_token(store.conn, "officer", email="bench@example.org")
        token_id = store.conn.execute("SELECT MAX(id) FROM tokens").fetchone()[0]
        for n in range(count - len(list_watches(store.conn, token_id))):
            add_watch(store.conn, token_id, query=queries[n % len(queries)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--data", type=Path, help="data directory (default: a new temporary one)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-encode baseline")
    parser.add_argument("--no-ahead", action="store_true", help="extract entities in the writer, not a worker")
    parser.add_argument(
        "--watches", type=int, default=0, help="save this many searches (the gold queries) and time matching them"
    )
    args = parser.parse_args()

    from index import timing
    from index.access import ADMIN
    from index.ingestion import ingest_paths
    from index.passage_index import refresh_vectors
    from index.pipeline import Pipeline
    from index.store import Store
    from models import embedder

    files = sorted(ARCHIVE.glob("*.md"))
    files = files[: max(1, round(len(files) * args.fraction))]
    data = args.data or Path(tempfile.mkdtemp(prefix="quorum-bench-ingest-"))
    if args.data is None:
        shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True, exist_ok=True)

    embedder.get_model()  # load once, outside the timed run
    if args.watches:
        _save_searches(data, args.watches)
    timing.reset()
    started = time.perf_counter()
    with Store(data / "quorum.sqlite3", ADMIN) as store:
        with Pipeline(ahead=not args.no_ahead) as pipeline:
            outcomes = ingest_paths(store, files, pipeline=pipeline)
        with timing.stage("index"):
            refresh_vectors(store, data, force=True)
        wall = time.perf_counter() - started
        counts = store.counts()
        words = sum(len(row["text"].split()) for row in store.conn.execute("SELECT text FROM items"))
        passages = store.conn.execute(
            "SELECT i.heading_clean, m.committee, i.text FROM items i JOIN meetings m ON m.id = i.meeting_id"
        ).fetchall()
    stages = timing.snapshot()
    watch_s = None
    if args.watches:  # what `quorum ingest` and uploads do after writing: match every saved search
        from index.watches import match_new_items

        began = time.perf_counter()
        matched = match_new_items(data / "quorum.sqlite3")
        watch_s = time.perf_counter() - began
    began = time.perf_counter()  # the same files again: content hashes make it a no-op
    with Store(data / "quorum.sqlite3", ADMIN) as store:
        again = ingest_paths(store, files, pipeline=Pipeline())
    reingest_s = round(time.perf_counter() - began, 2)
    annotators = ("entities", "entities_wait", "embed", "facts")
    stages["commit"] = round(stages.get("write", 0) - sum(stages.get(k, 0) for k in annotators), 3)
    peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    result = {
        "precision": str(next(embedder.get_model().parameters()).dtype).replace("torch.", ""),
        "documents": len(files),
        "failed": sum(o.status == "failed" for o in outcomes),
        "items": counts["items"],
        "passages": counts["passages"],
        "wall_s": round(wall, 2),
        "passages_per_s": round(counts["passages"] / wall, 2),
        "words_per_s": round(words / wall, 1),
        "stages_s": stages,
        "peak_rss_mb": peak_rss_mb,
        "reingest_unchanged_s": reingest_s,
        "reingest_unchanged_files": sum(o.status == "unchanged" for o in again),
        "sqlite_mb": dir_size_mb(data, "quorum.sqlite3*"),
        "faiss_mb": dir_size_mb(data, "vectors.faiss*"),
    }
    if watch_s is not None:
        result["watches"] = args.watches
        result["watch_matches"] = sum(matched.values())
        result["watch_match_s"] = round(watch_s, 2)
        result["watch_match_ms_per_document"] = round(1000 * watch_s / len(files), 2)

    if not args.no_bare:
        from models.passages import make_passages

        tokenizer = embedder.tokenizer()
        texts = [
            p.embed_text
            for heading, committee, text in passages
            for p in make_passages(text, heading, committee, tokenizer)
        ]
        lengths = [min(256, len(ids) + 2) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]
        model = embedder.get_model()
        import torch

        with torch.inference_mode():
            began = time.perf_counter()
            model.encode(
                texts,
                batch_size=embedder.BATCH_SIZE,
                convert_to_tensor=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )  # a tensor: numpy has no bfloat16
            bare = time.perf_counter() - began
        flops = sum(model_flops(n) for n in lengths)
        peak = matmul_gflops()
        dtype = str(result["precision"])
        model_peak = peak if dtype == "float32" else matmul_gflops(dtype=dtype)  # the limit for the model's dtype
        embed_rate = flops / 1e9 / max(stages.get("embed", bare), 1e-9)
        result.update(
            {
                "bare_encode_s": round(bare, 2),
                "overhead_ratio": round(wall / bare, 3),
                "embed_stage_gflops": round(embed_rate, 1),
                "bare_encode_gflops": round(flops / 1e9 / bare, 1),
                "matmul_fp32_gflops": round(peak, 1),
                f"matmul_{dtype}_gflops": round(model_peak, 1),
                "embed_fraction_of_peak": round(embed_rate / model_peak, 3),
                "bare_fraction_of_peak": round(flops / 1e9 / bare / model_peak, 3),
                "mean_tokens_per_passage": round(sum(lengths) / max(1, len(lengths)), 1),
            }
        )
    for key, value in result.items():
        print(f"{key:>24}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
