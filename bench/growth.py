"""Growth: ingest time, index size, memory and query latency at 1/8, 1/4, 1/2 and all of the archive.

    python -m bench.growth [--fractions 0.125 0.25 0.5 1]

Each figure should grow no faster than linearly with the archive: prints the fitted exponent
(log-log slope against the number of passages) of each. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile

from .serving import ROOT


def _last_json(args: list[str]) -> dict:
    output = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return round(sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.125, 0.25, 0.5, 1.0])
    args = parser.parse_args()
    rows, details = [], {}
    for fraction in args.fractions:
        with tempfile.TemporaryDirectory(prefix="quorum-bench-growth-") as data:  # ingested once, then queried
            bare = [] if fraction == max(args.fractions) else ["--no-bare"]  # overhead ratio at the largest
            ingest = _last_json(["bench.ingest", "--fraction", str(fraction), *bare, "--data", data])
            query = _last_json(["bench.query", "--data", data, "--requests", "150"])
        row = {
            "fraction": fraction,
            "passages": ingest["passages"],
            "ingest_s": ingest["wall_s"],
            "index_mb": round(ingest["sqlite_mb"] + ingest["faiss_mb"], 2),
            "ingest_rss_mb": ingest["peak_rss_mb"],
            "server_rss_mb": query["rss_mb"],
            "p50_ms": query["p50_ms"],
            "p95_ms": query["p95_ms"],
        }
        details[fraction] = {"ingest": ingest, "query": query}
        rows.append(row)
        print(json.dumps(row), flush=True)
    passages = [r["passages"] for r in rows]
    exponents = {
        key: slope(passages, [r[key] for r in rows])
        for key in ("ingest_s", "index_mb", "ingest_rss_mb", "server_rss_mb", "p50_ms", "p95_ms")
    }
    print("exponents (1.0 = linear):", exponents)
    print("largest fraction, ingest:", json.dumps(details[rows[-1]["fraction"]]["ingest"]))
    print("largest fraction, query:", json.dumps(details[rows[-1]["fraction"]]["query"]))
    print(json.dumps({"rows": rows, "exponents": exponents, "largest": details[rows[-1]["fraction"]]}))


if __name__ == "__main__":
    main()
