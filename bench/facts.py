"""Decisions, actions and figures against hand-checked gold (bench/gold/facts.json): precision and recall per
kind, per split (dev was tuned on; test never).

    python -m bench.facts [--split dev|test|all] [--errors]

Each gold document is parsed as ingest parses it and every agenda item run through `models.facts`. A
predicted record matches a gold one of the same kind in the same document when the sentence it cites
contains the gold evidence span or the evidence contains the sentence (whitespace collapsed, case
ignored); each gold record is matched at most once. An action also needs an owner: when the gold names
one, the predicted owner must share a word with it. `--errors` lists dev misses and false records (never
the test split's). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from ingest.parse import parse_source
from models.facts import extract_actions, extract_decisions, extract_figures

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold" / "facts.json"
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("decisions", "actions", "figures")


def _norm(text: str) -> str:
    return " ".join(text.replace("**", "").lower().split())


def predicted(path: Path) -> dict[str, list[dict[str, Any]]]:
    parsed = parse_source(path, path.read_bytes(), "public")
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for item in parsed.meeting.items:
        text = item.text
        out["decisions"] += [{"text": d.text, "kind": d.kind} for d in extract_decisions(text)]
        out["actions"] += [{"text": a.text, "owner": a.owner} for a in extract_actions(text)]
        out["figures"] += [{"text": f.text, "value": f.value} for f in extract_figures(text)]
    return out


def _matches(pred: dict[str, Any], gold: dict[str, Any], kind: str) -> bool:
    sentence, evidence = _norm(pred["text"]), _norm(gold["evidence"])
    if not (evidence in sentence or (len(sentence) > 20 and sentence in evidence)):
        return False
    if kind == "actions" and gold.get("owner"):
        words = set(re.findall(r"\w+", (pred.get("owner") or "").lower()))
        return bool(words & set(re.findall(r"\w+", gold["owner"].lower())))
    if kind == "figures" and gold.get("value"):
        return _norm(gold["value"]).replace(" ", "") in _norm(pred["value"]).replace(" ", "") or _norm(
            pred["value"]
        ).replace(" ", "") in _norm(gold["value"]).replace(" ", "")
    return True


def score(split: str, errors: bool = False) -> dict[str, Any]:
    gold_all = json.loads(GOLD.read_text())
    counts = {kind: {"pred": 0, "pred_ok": 0, "gold": 0, "gold_ok": 0} for kind in KINDS}
    documents = 0
    for rel, entry in gold_all.items():
        if rel.startswith("_") or (split != "all" and entry["split"] != split):
            continue
        documents += 1
        found = predicted((CORPUS / rel).resolve())
        for kind in KINDS:
            gold, pred = entry.get(kind, []), found[kind]
            used: set[int] = set()
            pred_ok = 0
            for p in pred:
                hit = next((n for n, g in enumerate(gold) if n not in used and _matches(p, g, kind)), None)
                if hit is not None:
                    used.add(hit)
                    pred_ok += 1
                elif errors and entry["split"] == "dev":
                    print(
                        f"  wrong  {kind:<9} {rel.split('/')[-1][:32]}: {p.get('owner') or p.get('value') or p.get('kind')} | {p['text'][:110]!r}"
                    )
            if errors and entry["split"] == "dev":
                for n, g in enumerate(gold):
                    if n not in used:
                        print(
                            f"  missed {kind:<9} {rel.split('/')[-1][:32]}: {g.get('owner') or g.get('value') or g.get('kind')} | {g['evidence'][:110]!r}"
                        )
            counts[kind]["pred"] += len(pred)
            counts[kind]["pred_ok"] += pred_ok
            counts[kind]["gold"] += len(gold)
            counts[kind]["gold_ok"] += len(used)
    figures: dict[str, Any] = {"split": split, "documents": documents}
    for kind, c in counts.items():
        precision = c["pred_ok"] / c["pred"] if c["pred"] else 0.0
        recall = c["gold_ok"] / c["gold"] if c["gold"] else 0.0
        figures[kind] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "gold": c["gold"],
            "predicted": c["pred"],
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--errors", action="store_true", help="list the dev documents' misses and false records")
    args = parser.parse_args(argv)
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    result = {name: score(name, args.errors) for name in splits}
    for name, figures in result.items():
        print(f"--- {name} ({figures['documents']} documents)")
        for kind in KINDS:
            f = figures[kind]
            print(
                f"{kind:<10} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}  (gold {f['gold']}, predicted {f['predicted']})"
            )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
