"""Load test: 32+ concurrent clients for a minute against the production server on loopback.

    python -m bench.load [--data DIR] [--clients 32] [--seconds 60]

Mix: search 60%, meeting 15%, entity list and mentions 15%, briefing 10%. Prints p50/p95/p99 latency per
kind, throughput, errors and the server's memory at start, middle and end; last line one JSON object.
Traffic goes only to 127.0.0.1, and every loop is bounded in count and time.
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

from .serving import CORPUS, CORPUS_SOURCES, Server, percentile, quorum, request

QUERIES = [q["query"] for q in json.loads((Path(__file__).parent / "gold" / "queries.json").read_text())]
MAX_REQUESTS_PER_CLIENT = 100000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data = args.data
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="quorum-load-"))
        quorum("ingest", *[str(CORPUS / s) for s in CORPUS_SOURCES], "--data", str(data))
    with Server(data, args.workers) as server:
        base = server.base
        meetings = json.loads(request(f"{base}/api/meetings?per_page=200")[1])["meetings"]
        entities = json.loads(request(f"{base}/api/entities")[1])["entities"]
        rng = random.Random(11)
        latencies: dict[str, list[float]] = {}
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.time() + args.seconds
        memory = {"start_mb": server.rss_mb()}

        def client(seed: int) -> None:
            local = random.Random(seed)
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                if time.time() >= stop_at:
                    return
                roll = local.random()
                if roll < 0.6:
                    kind, url, body = "search", f"{base}/api/search?q={quote(local.choice(QUERIES))}&k=10", None
                elif roll < 0.75:
                    kind, url, body = "meeting", f"{base}/api/meetings/{local.choice(meetings)['id']}", None
                elif roll < 0.9:
                    if local.random() < 0.5 or not entities:
                        kind, url, body = "entities", f"{base}/api/entities?type=ORG", None
                    else:
                        kind, url, body = (
                            "mentions",
                            f"{base}/api/entities/{local.choice(entities)['id']}/mentions",
                            None,
                        )
                else:
                    kind, url, body = (
                        "briefing",
                        f"{base}/api/briefing",
                        {"query": local.choice(QUERIES), "max_items": 5},
                    )
                started = time.perf_counter()
                status, _ = request(url, body, timeout=120)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.setdefault(kind, []).append(elapsed)
                    if status != 200:
                        errors.append(f"{status} {kind} {url}")

        threads = [threading.Thread(target=client, args=(rng.randrange(1 << 30),)) for _ in range(args.clients)]
        began = time.time()
        for thread in threads:
            thread.start()
        samples = []  # (seconds since start, server RSS MB) every 5 s: is memory stable?
        while any(thread.is_alive() for thread in threads) and time.time() < stop_at + 130:
            samples.append((round(time.time() - began), server.rss_mb()))
            time.sleep(5)
        memory["middle_mb"] = samples[len(samples) // 2][1]
        for thread in threads:
            thread.join()
        wall = time.time() - began
        memory["end_mb"] = server.rss_mb()
    every = [v for values in latencies.values() for v in values]
    result = {
        "clients": args.clients,
        "seconds": round(wall, 1),
        "requests": len(every),
        "errors": len(errors),
        "qps": round(len(every) / wall, 1),
        "p50_ms": percentile(every, 50),
        "p95_ms": percentile(every, 95),
        "p99_ms": percentile(every, 99),
        **memory,
        "rss_samples_mb": [mb for _, mb in samples],
        "by_kind": {
            k: {"n": len(v), "p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95), "p99_ms": percentile(v, 99)}
            for k, v in sorted(latencies.items())
        },
    }
    for kind, figures in result["by_kind"].items():
        print(
            f"{kind:<9} n={figures['n']:<6} p50 {figures['p50_ms']:>8} ms  p95 {figures['p95_ms']:>8} ms  "
            f"p99 {figures['p99_ms']:>8} ms"
        )
    for line in errors[:10]:
        print("error:", line)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
