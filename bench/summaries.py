"""Item summaries: precision@2 of summariser variants against hand-checked key sentences.

    python -m bench.summaries

For 11 items of the shared corpus the sentences a reader needs were marked by hand; each variant of
`models.summarise.summarise_item` (centroid or TextRank centrality, heading and lead priors) picks two
sentences per item and scores the share of them that are marked. Last line: one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.parse import parse_file
from models.embedder import encode
from models.sentences import split_sentences
from models.summarise import HEADING_WEIGHT, POSITION_WEIGHT, is_procedural, summarise_item

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

ITEMS = [
    # (corpus file, heading substring, key sentence prefixes a reader needs)
    (
        "stockton/stockton-bc_safer-stockton-partnership_2024-11-27.txt",
        "Autumnus",
        [
            "The Operation Autumnus Update was presented",
            "There had been a slight increase",
            "During the Bonfire period",
        ],
    ),
    (
        "stockton/stockton-bc_safer-stockton-partnership_2024-11-27.txt",
        "Youth Violence",
        ["As had previously been agreed", "Officers gave members an update", "Officers also spoke to members"],
    ),
    (
        "stockton/stockton-bc_safer-stockton-partnership_2024-11-27.txt",
        "Problem Solving",
        ["Officers would be working in conjunction", "Some areas which had already", "Another issue that Officers"],
    ),
    (
        "stockton/stockton-bc_safer-stockton-partnership_2024-11-27.txt",
        "Recorded Crime",
        ["13.3% reduction", "Overall there had been a reduction", "Members of the Partnership were pleased"],
    ),
    (
        "stockton/stockton-bc_safer-stockton-partnership_2024-11-27.txt",
        "Harmony Update",
        ["Work had continued through Project Harmony", "But Officers were aware", "Partners had undertaken joint"],
    ),
    (
        "limerick/limerick-ccc_home-social-development-spc_2024-02-22.txt",
        "Tenant Purchase",
        [
            "Mr. Joe McDonald, Senior Staff Officer presented",
            "Mr. McDonald confirmed that Disability",
            "Mr. McDonald added that the period",
        ],
    ),
    (
        "limerick/limerick-ccc_joint-policing-committee_2019-12-12.txt",
        "Feehily",
        ["Ms. Feehily stated that her term", "She stressed the importance", "She also stated that transparency"],
    ),
    (
        "kent/kent-cc_corporate-parenting-panel_2024-12-10.pdf",
        "Verbal Update by the Cabinet Member",
        ["Sarah Hammond invited Members", "These centres served", "The transfer wait times"],
    ),
    (
        "kent/kent-cc_county-council_2024-12-19.pdf",
        "Local Transport Plan",
        ["“County Council is asked to approve", "RESOLVED that the County Council approves"],
    ),
    (
        "limerick/limerick-ccc_joint-policing-committee_2017-12-08.txt",
        "Custody Suite",
        ["The Chief Superintendent gave a guided tour", "Members congratulated", "Members noted the appointment"],
    ),
    (
        "limerick/limerick-ccc_adare-rathkeale-jpc-sub-committee_2019-02-14.txt",
        "Policing Christmas",
        [
            "Members proceeded to discuss the CCTV",
            "They felt the current CCTV",
            "In response to queries from Members",
            "Discussion took place in relation to the policing plan",
            "While some residents",
            "There were various checkpoints",
        ],
    ),
]


def compare(corpus: Path = CORPUS, k: int = 2) -> dict[str, float]:
    """precision@k of each summariser variant on the hand-checked items (k sentences picked per item)."""
    variants = {  # name: (method, heading weight, position weight)
        "centroid": ("centroid", 0.0, 0.0),
        "textrank": ("textrank", 0.0, 0.0),
        "centroid+prior": ("centroid", HEADING_WEIGHT, POSITION_WEIGHT),
        "textrank+prior": ("textrank", HEADING_WEIGHT, POSITION_WEIGHT),
        "centroid+heading": ("centroid", HEADING_WEIGHT, 0.0),
        "centroid+position": ("centroid", 0.0, POSITION_WEIGHT),
        "centroid+strong": ("centroid", 0.5, 0.1),
    }
    methods: dict[str, list[float]] = {name: [] for name in list(variants) + ["lead"]}
    for rel, heading_part, keys in ITEMS:
        items = [i for i in parse_file(corpus / rel).meeting.items if heading_part in i.heading]
        if not items:
            print(f"missing item {rel} {heading_part}")
            continue
        item = items[0]
        content = [s for s in split_sentences(item.text) if not is_procedural(s.text)]
        row = []
        for method in methods:
            picked = (
                content[:k]
                if method == "lead"
                else summarise_item(item.text, item.heading, encode, k, *variants[method])
            )
            hits = sum(1 for s in picked if any(s.text.startswith(key) for key in keys))
            methods[method].append(hits / k)
            row.append(f"{hits}")
        print(f"{rel.split('/')[-1][:30]:30} {item.heading[:30]:30} " + " ".join(row))
    result = {m: round(sum(v) / len(v), 3) for m, v in methods.items() if v}
    return result


if __name__ == "__main__":
    print(json.dumps(compare()))
