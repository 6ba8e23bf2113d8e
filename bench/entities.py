"""Entity extraction benchmark: precision, recall and F1 per label against hand-labelled documents
(bench/gold/entities.json), for what the product stores and for plain spaCy NER, plus throughput.

    python -m bench.entities [--split dev|test|all] [--errors]

The gold documents are ingested through the CLI into a temporary data directory, exactly as in production,
and each document's stored entities (its items' mentions and the people of its attendance blocks, with the
names and surfaces they carry there) are scored: attendance people count only as the product stores them.
Plain spaCy is the full en_core_web_sm pipeline over the document's text with its labels mapped (PERSON, ORG,
GPE/LOC/FAC -> PLACE, LAW -> LEGISLATION). Matching is per document on (label, normalised name): a
predicted entity is correct when its name or any surface form equals the gold text or one of its aliases
after `entity_key` normalisation. Figures per split: dev (tuned on) and test (never tuned on).
`--errors` lists the dev documents' misses and false entities (never the test split's: tune on dev only).
Throughput: words per second of `extract_texts` (and of the spaCy NER alone) over the first archive files.
The last line printed is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from ingest.parse import parse_source
from models import entities as ents

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold" / "entities.json"
CORPUS = ROOT.parent / "shared" / "corpus"
ARCHIVE = ROOT.parent / "shared" / "archive" / "limerick-minutes"
THROUGHPUT_FILES = 60

Names = list[tuple[str, set[str]]]


def _keys(label: str, names: list[str]) -> set[str]:
    return {ents.entity_key(n, label) for n in names if n.strip()}


def gold_entities(entries: list[dict]) -> Names:
    return [(e["label"], _keys(e["label"], [e["text"], *e.get("aliases", [])])) for e in entries]


def stored_entities(conn: sqlite3.Connection, source_path: Path) -> Names:
    """The entities the store holds for one document: for each, its label and the keys of its name and of
    the names and surfaces its mentions there carry (items and attendance alike)."""
    meeting = conn.execute(
        "SELECT m.id FROM meetings m JOIN documents d ON d.id = m.document_id WHERE d.path = ?",
        (str(source_path.resolve()),),
    ).fetchone()
    if meeting is None:
        return []
    try:
        rows = conn.execute(
            "SELECT e.id, e.type, e.name, mn.surface, mn.name FROM mentions mn JOIN entities e ON e.id = mn.entity_id"
            " WHERE mn.meeting_id = ?",
            (meeting[0],),
        ).fetchall()
    except sqlite3.OperationalError:  # a store from before attendance mentions: mentions belong to items only
        rows = conn.execute(
            "SELECT e.id, e.type, e.name, mn.surface, mn.surface FROM mentions mn JOIN entities e ON e.id ="
            " mn.entity_id JOIN items i ON i.id = mn.item_id WHERE i.meeting_id = ?",
            (meeting[0],),
        ).fetchall()
    found: dict[int, tuple[str, set[str]]] = {}
    for entity_id, label, name, surface, own in rows:
        entry = found.setdefault(entity_id, (label, set()))
        entry[1].update(ents.entity_key(n, label) for n in (name, surface, own) if n and n.strip())
    return list(found.values())


def spacy_entities(text: str, model) -> Names:
    found: dict[tuple[str, str], set[str]] = {}
    for ent in model(text).ents:
        label = ents.SPACY_LABELS.get(ent.label_)
        if label:
            key = ents.entity_key(ent.text, label)
            found.setdefault((label, key), set()).add(key)
    return [(label, keys) for (label, _), keys in found.items()]


def score(pairs: list[tuple[Names, Names]]) -> dict[str, dict[str, float]]:
    """Per label and overall: tp counts for precision (predicted correct) and recall (gold found)."""
    counts = {label: {"pred": 0, "pred_ok": 0, "gold": 0, "gold_ok": 0} for label in ents.LABELS}
    for predicted, gold in pairs:
        for label, keys in predicted:
            counts[label]["pred"] += 1
            counts[label]["pred_ok"] += any(g_label == label and keys & g_keys for g_label, g_keys in gold)
        for label, keys in gold:
            counts[label]["gold"] += 1
            counts[label]["gold_ok"] += any(p_label == label and keys & p_keys for p_label, p_keys in predicted)
    total = {k: sum(c[k] for c in counts.values()) for k in ("pred", "pred_ok", "gold", "gold_ok")}
    return {label: _prf(c) for label, c in [*counts.items(), ("overall", total)]}


def _prf(c: dict[str, int]) -> dict[str, float]:
    p = c["pred_ok"] / c["pred"] if c["pred"] else 0.0
    r = c["gold_ok"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "n_gold": c["gold"], "n_pred": c["pred"]}


def throughput(files: int = THROUGHPUT_FILES) -> dict[str, float]:
    paths = sorted(ARCHIVE.glob("*.md"))[:files]
    texts = [p.read_text(errors="replace") for p in paths]
    model = ents.nlp()
    started = time.perf_counter()
    ents.extract_texts(texts)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32):  # the spaCy NER alone, for comparison
        pass
    ner_seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {
        "files": len(texts),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_s": round(words / seconds) if seconds else 0,
        "ner_only_words_per_s": round(words / ner_seconds) if ner_seconds else 0,
    }


def splits() -> dict[str, str]:
    raw = json.loads(GOLD.read_text())
    return raw.get("_splits", {k: "dev" for k in raw if not k.startswith("_")})


def evaluate(split: str = "all") -> dict[str, Any]:
    import spacy

    from service.cli import main as quorum

    which = splits()
    gold = {
        k: v
        for k, v in json.loads(GOLD.read_text()).items()
        if not k.startswith("_") and (split == "all" or which.get(k, "dev") == split)
    }
    plain = spacy.load(ents.MODEL)
    ours, base = [], []
    errors: dict[str, dict[str, list[str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        quorum(["ingest", *(str(CORPUS / rel) for rel in gold), "--force", "--data", str(data)])
        conn = sqlite3.connect(data / "quorum.sqlite3")
        for rel, entries in gold.items():
            path = CORPUS / rel
            g = gold_entities(entries)
            ours.append((stored_entities(conn, path), g))
            if split == "dev":
                errors[rel] = _errors(ours[-1][0], g, entries)
            parsed = parse_source(path, path.read_bytes(), "public")
            base.append((spacy_entities(parsed.text, plain), g))
        conn.close()
    return {"quorum": score(ours), "spacy": score(base), "documents": len(gold), "errors": errors}


def _errors(predicted: Names, gold: Names, entries: list[dict]) -> dict[str, list[str]]:
    """What a document's gold has that the store lacks, and what the store has that the gold does not."""
    missed = [
        f"{e['label']} {e['text']}"
        for e, (label, keys) in zip(entries, gold, strict=True)
        if not any(p_label == label and keys & p_keys for p_label, p_keys in predicted)
    ]
    wrong = [
        f"{label} {sorted(keys)[0]}"
        for label, keys in predicted
        if not any(g_label == label and keys & g_keys for g_label, g_keys in gold)
    ]
    return {"missed": missed, "wrong": wrong}


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--errors", action="store_true", help="list the dev documents' misses and false entities")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args()
    names = ["dev", "test"] if args.split == "all" else [args.split]
    results: dict[str, Any] = {name: evaluate(name) for name in names}
    for name in names:
        print(f"--- {name} ({results[name]['documents']} documents)")
        print(f"{'label':<12} {'quorum P/R/F1':>22} {'plain spaCy P/R/F1':>22} {'gold':>5}")
        for label in (*ents.LABELS, "overall"):
            q, s = results[name]["quorum"][label], results[name]["spacy"][label]
            print(
                f"{label:<12} {q['p']:>6.3f} {q['r']:>6.3f} {q['f1']:>6.3f}   "
                f"{s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {q['n_gold']:>5}"
            )
    if args.errors and "dev" in results:
        for rel, found in results["dev"]["errors"].items():
            print(f"=== {rel}")
            for kind in ("missed", "wrong"):
                for entry in found[kind]:
                    print(f"  {kind:<6} {entry}")
    if not args.no_throughput:
        results["throughput"] = throughput()
        t = results["throughput"]
        print(
            f"throughput: {t['words_per_s']} words/s ({t['words']} words in {t['files']} archive files,"
            f" {t['seconds']} s; spaCy NER alone {t['ner_only_words_per_s']} words/s)"
        )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
