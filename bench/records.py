"""Meeting records against hand-checked gold (tests/gold/records.json): council, committee, kind and date,
and the people of the attendance blocks with their kind, title and role.

    python -m bench.records [--split dev|test|all] [-v]

A person is found when a stored attendee has the gold name (compared as keys: titles, case and full stops
ignored); their kind (present, apologies, officer, in_attendance) and role then count as right or wrong.
Per split (dev was tuned on; test was not). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from ingest.councils import name_key
from ingest.parse import parse_file

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "records.json"
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = {"present": "present", "apologies": "apologies", "officers": "officer", "in_attendance": "in_attendance"}
GOLD_KINDS = {"officer": "officer", "present": "present", "apologies": "apologies", "in_attendance": "in_attendance"}


def person_key(name: str) -> str:
    """Order-insensitive: 'Sheahan (M)' and 'M. Sheahan' are one person."""
    return " ".join(sorted(re.sub(r"[^\w]+", " ", name.lower()).split()))


def stored_people(path: Path) -> list[dict]:
    attendance = parse_file(path).meeting.attendance
    people = []
    for field, kind in KINDS.items():
        for person in getattr(attendance, field, []):
            people.append(
                {"name": person.name, "kind": kind, "role": person.role, "title": getattr(person, "title", None)}
            )
    return people


def score(split: str = "all", verbose: bool = False) -> dict:
    gold = {k: v for k, v in json.loads(GOLD.read_text()).items() if not k.startswith("_")}
    totals = {
        "meetings": 0,
        "council": 0,
        "committee": 0,
        "kind": 0,
        "date": 0,
        "gold_people": 0,
        "stored_people": 0,
        "found": 0,
        "kind_right": 0,
        "role_gold": 0,
        "role_right": 0,
    }
    for rel, record in gold.items():
        if split != "all" and record["split"] != split:
            continue
        path = CORPUS / rel
        meeting = parse_file(path).meeting
        want = record["meeting"]
        totals["meetings"] += 1
        totals["council"] += name_key(meeting.council) == name_key(want["council"] or "")
        totals["committee"] += name_key(meeting.committee) == name_key(want["committee"] or "")
        totals["kind"] += (meeting.kind or None) == (want.get("kind") or None)
        totals["date"] += meeting.date == want.get("date")
        stored = stored_people(path)
        by_key = {person_key(p["name"]): p for p in stored}
        wanted = [p for p in record["attendance"] if p.get("name") and p["kind"] != "absent"]
        totals["gold_people"] += len(wanted)
        totals["stored_people"] += len(stored)
        for person in wanted:
            found = by_key.get(person_key(person["name"]))
            if found is None:
                if verbose:
                    print(f"  missed {rel.split('/')[-1][:40]}: {person['as_written']!r}")
                continue
            totals["found"] += 1
            totals["kind_right"] += found["kind"] == person["kind"]
            if person.get("role"):
                totals["role_gold"] += 1
                totals["role_right"] += bool(found["role"]) and name_key(found["role"]) == name_key(person["role"])
        if verbose:
            gold_keys = {person_key(p["name"]) for p in wanted}
            for p in stored:
                if person_key(p["name"]) not in gold_keys:
                    print(f"  spurious {rel.split('/')[-1][:40]}: {p['name']!r} ({p['kind']})")
    n = max(1, totals["meetings"])
    precision = totals["found"] / max(1, totals["stored_people"])
    recall = totals["found"] / max(1, totals["gold_people"])
    return {
        "split": split,
        "meetings": totals["meetings"],
        "council": round(totals["council"] / n, 3),
        "committee": round(totals["committee"] / n, 3),
        "kind": round(totals["kind"] / n, 3),
        "date": round(totals["date"] / n, 3),
        "attendance": {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "kind_accuracy": round(totals["kind_right"] / max(1, totals["found"]), 3),
            "role_accuracy": round(totals["role_right"] / max(1, totals["role_gold"]), 3),
            "gold": totals["gold_people"],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    result = {name: score(name, args.verbose) for name in splits}
    for name, figures in result.items():
        print(name, json.dumps(figures))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
