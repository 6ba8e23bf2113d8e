"""Segmentation benchmark: agenda-item boundary precision and recall against hand-checked headings.

    python -m bench.segmentation [--corpus ../shared/corpus] [--split dev|test|all] [-v]

A gold item is found when a predicted item, in order, has a matching heading (fuzzy, after cleaning)
and its text begins with the gold anchor words; minutes without headings (an empty gold list) are right
as one item. Figures per source and split (dev: tuned on; test: never tuned on, the ones to report);
archive documents count as their own source, "archive". Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ingest.parse import parse_file

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "segmentation.json"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w£€%]+", " ", text.lower()).split())


@dataclass
class DocScore:
    path: str
    gold: int
    predicted: int
    matched: int
    missed: list[str]
    spurious: list[str]


def match_items(gold: list[dict], predicted: list[dict]) -> tuple[int, list[str], list[str]]:
    """Greedy in-order alignment of predicted items to gold items."""
    used: set[int] = set()
    missed = []
    cursor = 0
    for entry in gold:
        heading, anchor = _norm(entry["heading"]), _norm(entry.get("anchor", ""))[:40]
        found = None
        for k in range(cursor, len(predicted)):
            candidate = predicted[k]
            head = _norm(candidate["heading"])
            start = _norm(candidate["text"][:400])
            heading_ok = fuzz.ratio(heading, head) >= 80 or (
                len(head) >= 6 and (heading.startswith(head) or head.startswith(heading))
            )
            number_ok = (
                entry.get("number") and candidate.get("number") and str(entry["number"]) == str(candidate["number"])
            )
            anchor_ok = bool(anchor) and anchor[:25] in _norm(candidate["heading"] + " " + candidate["text"][:600])
            if (heading_ok and (anchor_ok or not anchor or start.startswith(anchor[:15]))) or (number_ok and anchor_ok):
                found = k
                break
        if found is None:
            missed.append(entry["heading"])
        else:
            used.add(found)
            cursor = found + 1
    spurious = [p["heading"] for k, p in enumerate(predicted) if k not in used]
    return len(used), missed, spurious


def splits() -> dict[str, str]:
    raw = json.loads(GOLD.read_text())
    return raw.get("_splits", {k: "dev" for k in raw if not k.startswith("_")})


def source_of(rel: str) -> str:
    return "archive" if rel.startswith("../archive/") else rel.split("/")[0]


def evaluate(corpus: Path, split: str = "all") -> list[DocScore]:
    gold = {k: v for k, v in json.loads(GOLD.read_text()).items() if not k.startswith("_")}
    which = splits()
    scores = []
    for rel, items in gold.items():
        if split != "all" and which.get(rel, "dev") != split:
            continue
        parsed = parse_file(corpus / rel)
        predicted = [{"heading": i.heading, "number": i.number, "text": i.text} for i in parsed.meeting.items]
        if not items:  # minutes without any headings: one item holding them all is the right answer
            scores.append(DocScore(rel, 1, len(predicted), int(len(predicted) == 1), [], []))
            continue
        matched, missed, spurious = match_items(items, predicted)
        scores.append(DocScore(rel, len(items), len(predicted), matched, missed, spurious))
    return scores


def _prf(matched: int, gold: int, predicted: int) -> tuple[float, float, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    scores = evaluate(args.corpus, args.split)
    which = splits()
    by_source: dict[str, list[DocScore]] = {}
    for s in scores:
        by_source.setdefault(source_of(s.path), []).append(s)
        p, r, f = _prf(s.matched, s.gold, s.predicted)
        print(f"{s.path:<85} gold {s.gold:>3} pred {s.predicted:>3}  P {p:.2f} R {r:.2f} F1 {f:.2f}")
        if args.verbose:
            for heading in s.missed:
                print(f"    missed:   {heading}")
            for heading in s.spurious:
                print(f"    spurious: {heading}")
    result: dict[str, dict[str, float]] = {}
    for source, group in sorted(by_source.items()):
        p, r, f = _prf(sum(s.matched for s in group), sum(s.gold for s in group), sum(s.predicted for s in group))
        result[source] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        print(f"{source:<20} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    p, r, f = _prf(sum(s.matched for s in scores), sum(s.gold for s in scores), sum(s.predicted for s in scores))
    result["overall"] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    print(f"{'overall':<20} P {p:.3f} R {r:.3f} F1 {f:.3f}  ({len(scores)} documents, split {args.split})")
    if args.split == "all":
        for name in ("dev", "test"):
            group = [s for s in scores if which.get(s.path, "dev") == name]
            p, r, f = _prf(sum(s.matched for s in group), sum(s.gold for s in group), sum(s.predicted for s in group))
            result[name] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "documents": len(group)}
            per_source: dict[str, dict[str, float]] = {}
            for source in sorted({source_of(s.path) for s in group}):
                sub = [s for s in group if source_of(s.path) == source]
                sp, sr, sf = _prf(sum(s.matched for s in sub), sum(s.gold for s in sub), sum(s.predicted for s in sub))
                per_source[source] = {"precision": round(sp, 3), "recall": round(sr, 3), "f1": round(sf, 3)}
            result[name]["sources"] = per_source  # type: ignore[assignment]
            print(f"{name:<20} P {p:.3f} R {r:.3f} F1 {f:.3f}  {per_source}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
