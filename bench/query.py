"""Query latency through HTTP on the Limerick archive (or a fraction of it): single client and concurrent.

    python -m bench.query [--fraction F] [--data DIR] [--requests 300] [--clients 8]

Ingests the fraction into a temporary data directory unless --data points at one already ingested,
starts the production server (2 workers), and prints p50/p95 latency, throughput and server memory.
Last line: one JSON object with at least p50_ms, p95_ms, qps, rss_mb.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from .serving import ARCHIVE, Server, percentile, quorum, request

QUERIES = [q["query"] for q in json.loads((Path(__file__).parent / "gold" / "queries.json").read_text())]
EXTRA = [
    "anti-social behaviour in the city centre",
    "Garda numbers",
    "CCTV cameras",
    "road safety",
    "drug dealing",
    "housing allocations",
    "Operation Copóg",
    "community policing forum",
    "burglary figures",
    "school traffic",
]


def ingest_fraction(fraction: float) -> Path:
    files = sorted(ARCHIVE.glob("*.md"))
    files = files[: max(1, round(len(files) * fraction))]
    data = Path(tempfile.mkdtemp(prefix="quorum-bench-query-"))
    listing = data / "files"
    listing.mkdir()
    for path in files:
        (listing / path.name).symlink_to(path)
    quorum("ingest", str(listing), "--data", str(data), check=False)
    return data


def run(base: str, requests: int, clients: int) -> dict:
    queries = QUERIES + EXTRA
    rng = random.Random(5)
    for query in queries[:10]:  # warm up
        request(f"{base}/api/search?q={quote(query)}")
    single: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _ = request(f"{base}/api/search?q={quote(rng.choice(queries))}&k=10")
        single.append((time.perf_counter() - started) * 1000)
        assert status == 200
    concurrent: list[float] = []
    lock = threading.Lock()

    def client(seed: int) -> None:
        local = random.Random(seed)
        for _ in range(requests // clients):
            started = time.perf_counter()
            request(f"{base}/api/search?q={quote(local.choice(queries))}&k=10")
            with lock:
                concurrent.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {
        "p50_ms": percentile(single, 50),
        "p95_ms": percentile(single, 95),
        "single_qps": round(len(single) / (sum(single) / 1000), 1),
        "concurrent_clients": clients,
        "concurrent_p50_ms": percentile(concurrent, 50),
        "concurrent_p95_ms": percentile(concurrent, 95),
        "qps": round(len(concurrent) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    data = args.data or ingest_fraction(args.fraction)
    with Server(data, workers=2) as server:
        health = json.loads(request(f"{server.base}/healthz")[1])
        figures = run(server.base, args.requests, args.clients)
        figures.update(
            {
                "rss_mb": server.rss_mb(),
                "worker_rss_mb": server.worker_rss_mb(),
                "documents": health.get("documents"),
                "passages": health.get("passages"),
            }
        )
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
