"""Float32 against bfloat16 weights for the embedding model: encode speed, vector agreement and search quality.

    python -m bench.precision [--passages 600]

For each precision, in its own process (the model's dtype is per process): the encode rate over the
same corpus passages, and `bench.search` over a fresh ingest of the corpus (nDCG@10, Recall@10). The
lighter precision is worth keeping only if the final nDCG@10 stays within 0.01 of float32.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .serving import ROOT

PRECISIONS = ("float32", "bfloat16")


def corpus_passages(limit: int) -> list[str]:
    from ingest.parse import parse_file
    from models.passages import make_passages

    from .search import DEFAULT_CORPUS, SOURCES

    texts: list[str] = []
    for source in SOURCES:
        for path in sorted((DEFAULT_CORPUS / source).glob("*.txt")):
            meeting = parse_file(path).meeting
            for item in meeting.items:
                texts += [p.embed_text for p in make_passages(item.text, item.heading_clean, meeting.committee)]
    return texts[:limit]


def measure_encode(limit: int, out: Path) -> dict:
    """In this process (precision from the environment): passages per second, vectors saved to `out`."""
    from models import embedder

    texts = corpus_passages(limit)
    embedder.encode(texts[:64])  # warm up
    started = time.perf_counter()
    vectors = embedder.encode(texts)
    seconds = time.perf_counter() - started
    np.save(out, vectors)
    return {
        "passages": len(texts),
        "encode_s": round(seconds, 2),
        "passages_per_s": round(len(texts) / seconds, 1),
        "dtype": str(next(embedder.get_model().parameters()).dtype),
    }


def _last_json(args: list[str], precision: str) -> dict:
    env = {**os.environ, "QUORUM_EMBEDDING_PRECISION": precision}
    output = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=600)
    parser.add_argument("--encode-only", metavar="NPY", help=argparse.SUPPRESS)  # the per-precision child
    args = parser.parse_args()
    if args.encode_only:
        print(json.dumps(measure_encode(args.passages, Path(args.encode_only))))
        return

    from models.embedder import cpu_has_bf16_units

    result: dict = {"cpu_bf16_units": cpu_has_bf16_units()}
    with tempfile.TemporaryDirectory(prefix="quorum-bench-precision-") as tmp:
        for precision in PRECISIONS:
            npy = Path(tmp) / f"{precision}.npy"
            speed = _last_json(
                ["bench.precision", "--passages", str(args.passages), "--encode-only", str(npy)], precision
            )
            search = _last_json(["bench.search", "--repeats", "1"], precision)
            result[precision] = {
                **speed,
                "ndcg@10": search["final"]["ndcg@10"],
                "recall@10": search["final"]["recall@10"],
                "dense_ndcg@10": search["dense"]["ndcg@10"],
            }
            print(precision, json.dumps(result[precision]), flush=True)
        a, b = (np.load(Path(tmp) / f"{p}.npy") for p in PRECISIONS)
    cosines = np.sum(a * b, axis=1)
    result["cosine_min"], result["cosine_mean"] = round(float(cosines.min()), 5), round(float(cosines.mean()), 5)
    result["speedup"] = round(result["bfloat16"]["passages_per_s"] / result["float32"]["passages_per_s"], 2)
    result["ndcg_delta"] = round(result["bfloat16"]["ndcg@10"] - result["float32"]["ndcg@10"], 4)
    result["keep_bfloat16"] = result["cpu_bf16_units"] and result["ndcg_delta"] >= -0.01
    print(
        f"bfloat16 encodes {result['speedup']}x as fast; vector cosine to float32 min {result['cosine_min']},"
        f" mean {result['cosine_mean']}; final nDCG@10 {result['float32']['ndcg@10']} -> "
        f"{result['bfloat16']['ndcg@10']} ({result['ndcg_delta']:+})"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
