"""Entity extraction benchmark: precision, recall and F1 per label against hand-labelled documents
(bench/gold/entities.json) for the Quorum extractor and for plain spaCy NER, plus throughput.

    python -m bench.entities

Both systems read each gold document's parsed text (attendance block included). Quorum also gets what
ingest gives it (the attendance names and the council's name); plain spaCy is the full en_core_web_sm
pipeline with its labels mapped (PERSON, ORG, GPE/LOC/FAC -> PLACE, LAW -> LEGISLATION).
Matching is per document on (label, normalised name): a predicted entity is correct when its canonical
name or any surface form equals the gold text or one of its aliases after `entity_key` normalisation.
Throughput: words per second of `extract_texts` (and of the spaCy NER alone) over the first archive files.
The last line printed is one JSON object with all figures.
"""

from __future__ import annotations

import json
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


def quorum_entities(text: str, people: list[str], places: list[str]) -> Names:
    found = ents.extract_document(text, people, places)
    return [(e.label, _keys(e.label, [e.canonical, *e.surfaces])) for e in found]


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


def main() -> dict:
    import spacy

    gold = {k: v for k, v in json.loads(GOLD.read_text()).items() if not k.startswith("_")}
    plain = spacy.load(ents.MODEL)
    ours, base = [], []
    for rel, entries in gold.items():
        path = CORPUS / rel
        parsed = parse_source(path, path.read_bytes(), "public")
        attendance = parsed.meeting.attendance
        people = [p.name for p in attendance.present + attendance.officers + attendance.apologies]
        g = gold_entities(entries)
        places = [parsed.meeting.council, parsed.meeting.committee]
        ours.append((quorum_entities(parsed.text, people, places), g))
        base.append((spacy_entities(parsed.text, plain), g))
    results: dict[str, Any] = {"quorum": score(ours), "spacy": score(base), "throughput": throughput()}
    print(f"{'label':<12} {'quorum P/R/F1':>22} {'plain spaCy P/R/F1':>22} {'gold':>5}")
    for label in (*ents.LABELS, "overall"):
        q, s = results["quorum"][label], results["spacy"][label]
        print(
            f"{label:<12} {q['p']:>6.3f} {q['r']:>6.3f} {q['f1']:>6.3f}   "
            f"{s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {q['n_gold']:>5}"
        )
    t = results["throughput"]
    print(
        f"throughput: {t['words_per_s']} words/s ({t['words']} words in {t['files']} archive files,"
        f" {t['seconds']} s; spaCy NER alone {t['ner_only_words_per_s']} words/s)"
    )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
