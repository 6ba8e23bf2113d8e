"""Invariants over every stored document (`index.integrity`): violations per rule and per source.

    python -m bench.integrity [PATH ...] [--data DIR] [--examples N]

PATHs (files or folders, default the shared corpus) are ingested into a temporary data directory
through the CLI, as in production; `--data` checks an existing one instead. Prints the count per rule,
per source folder and the worst examples, and as its last line one JSON object (`documents`,
`violations`, counts per rule).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from index.integrity import INDICATORS, RULES, check

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def run(data: Path, examples: int = 5) -> dict:
    conn = sqlite3.connect(data / "quorum.sqlite3")
    conn.row_factory = sqlite3.Row
    documents, violations = check(conn, indicators=True)
    paths = {row[0]: row[1] for row in conn.execute("SELECT source, path FROM documents")}
    conn.close()
    signs = [v for v in violations if v.rule in INDICATORS]
    violations = [v for v in violations if v.rule not in INDICATORS]
    per_rule = Counter(v.rule for v in violations)
    per_source = Counter(Path(paths.get(v.source, v.source)).parent.name for v in violations)
    print(f"{documents} documents, {len(violations)} violations")
    for rule in RULES:
        print(f"  {rule:<32} {per_rule.get(rule, 0):>5}")
        for v in [v for v in violations if v.rule == rule][:examples]:
            print(f"      {v.source[:70]}: {v.detail[:110]}")
    print("per source folder:", dict(per_source.most_common()))
    for name in INDICATORS:  # measured, not invariants
        found = [v for v in signs if v.rule == name]
        print(f"  (indicator) {name:<22} {len(found):>5}")
        for v in found[:examples]:
            print(f"      {v.source[:70]}: {v.detail[:110]}")
    worst = Counter(v.source for v in violations).most_common(examples)
    print("worst documents:", worst)
    return {
        "documents": documents,
        "violations": len(violations),
        "rules": {r: per_rule.get(r, 0) for r in RULES},
        "sources": dict(per_source),
        "indicators": {n: sum(v.rule == n for v in signs) for n in INDICATORS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    if args.data:
        result = run(args.data, args.examples)
    else:
        from service.cli import main as quorum

        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            quorum(["ingest", *(args.paths or [str(CORPUS)]), "--data", str(data)])
            result = run(data, args.examples)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
