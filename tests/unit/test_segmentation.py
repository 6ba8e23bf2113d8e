"""Agenda-item segmentation on real minutes from all five sources, against hand-checked headings."""

from __future__ import annotations

import json

import pytest

from bench.segmentation import GOLD, match_items
from ingest.parse import parse_file

from ..conftest import CORPUS, STOCKTON

STOCKTON_ITEMS = [
    "Evacuation Procedure",
    "Minutes",
    "Operation Autumnus Update (Mischief and Bonfire period)",
    "Serious Youth Violence Stategy",
    "Problem Solving Plans",
    "Recorded Crime and Disorder Report",
    "Project Harmony Update",
    "Prevent (CT) Update",
    "Any Other Business",
    "iQuanta Report",
    "DARD Consideration",
]
_GOLD = json.loads(GOLD.read_text())
# the corpus documents of the dev split (the ones the segmenter is tuned on); test-split figures come from
# `python -m bench.segmentation`, and invariants over every document from `bench.integrity`
GOLD_DOCS = {k: v for k, v in _GOLD.items() if not k.startswith(("_", "../")) and _GOLD["_splits"].get(k) == "dev"}


def test_stockton_items_are_exactly_the_agenda() -> None:
    items = parse_file(STOCKTON).meeting.items
    assert [item.heading for item in items] == STOCKTON_ITEMS
    assert items[4].text.startswith("Officers introduced themselves")
    assert "Street Drinking which the public had" in " ".join(items[4].text.split())


def test_stockton_restricted_items_are_flagged() -> None:
    items = parse_file(STOCKTON).meeting.items
    access = {item.heading: item.access for item in items}
    assert access["iQuanta Report"] == "restricted"
    assert access["DARD Consideration"] == "restricted"
    assert [h for h, a in access.items() if a == "restricted"] == ["iQuanta Report", "DARD Consideration"]


def test_gold_covers_every_source() -> None:
    sources = {path.split("/")[0] for path in GOLD_DOCS}
    assert sources == {"stockton", "kent", "limerick", "norfolk-parishes", "manordeilo-salem"}
    for source in sources - {"stockton"}:
        assert sum(1 for p in GOLD_DOCS if p.startswith(source)) >= 2


@pytest.mark.parametrize("rel", sorted(GOLD_DOCS))
def test_headings_match_hand_checked_lists(rel: str) -> None:
    parsed = parse_file(CORPUS / rel)
    predicted = [{"heading": i.heading, "number": i.number, "text": i.text} for i in parsed.meeting.items]
    matched, missed, spurious = match_items(GOLD_DOCS[rel], predicted)
    recall = matched / len(GOLD_DOCS[rel])
    precision = matched / len(predicted)
    assert recall >= 0.5 and precision >= 0.7, f"missed {missed}, spurious {spurious}"


def test_overall_boundary_quality_per_source() -> None:
    totals: dict[str, list[int]] = {}
    for rel, gold in GOLD_DOCS.items():
        parsed = parse_file(CORPUS / rel)
        predicted = [{"heading": i.heading, "number": i.number, "text": i.text} for i in parsed.meeting.items]
        matched, _, _ = match_items(gold, predicted)
        t = totals.setdefault(rel.split("/")[0], [0, 0, 0])
        t[0] += matched
        t[1] += len(gold)
        t[2] += len(predicted)
    for source, (matched, gold, predicted) in totals.items():
        assert matched / gold >= 0.78, source
        assert matched / predicted >= 0.9, source


def test_kent_items_carry_pages_and_numbers() -> None:
    parsed = parse_file(CORPUS / "kent" / "kent-cc_cabinet_2025-01-09.pdf")
    items = parsed.meeting.items
    assert [i.number for i in items] == [str(n) for n in range(76, 84)]
    finance = items[4]
    assert finance.heading == "Provisional Local Government Finance Settlement 2025-26"
    assert finance.pages == [1, 2, 3]
    assert "RESOLVED that Cabinet note the provisional settlement" in " ".join(finance.text.split())
    # running page numbers and headers are gone; no "(Item 5)" lines in the body
    assert "(Item" not in finance.text


def test_item_offsets_point_into_stored_text() -> None:
    for rel in GOLD_DOCS:
        parsed = parse_file(CORPUS / rel)
        for item in parsed.meeting.items:
            assert parsed.text[item.start : item.end] == item.text


def test_limerick_markup_and_page_breaks_are_cleaned_without_losing_words() -> None:
    path = CORPUS / "limerick" / "limerick-ccc_joint-policing-committee_2019-05-10.txt"
    parsed = parse_file(path)
    text = parsed.text
    assert "**" not in text and "\n---\n" not in text
    items = {i.number: i for i in parsed.meeting.items}
    assert items["1"].heading_clean == "Adoption of Minutes"
    # a paragraph broken across double-spaced lines reads as one sentence
    assert (
        "Circulated, copy of Minutes of Joint Policing Committee Meeting held on 10th December, 2019 (copy attached)."
        in items["1"].text
    )
    raw_words = [w for w in path.read_text().replace("**", " ").split() if w.strip("-") and w != "---"]
    stored_words = text.split()
    assert len(stored_words) >= 0.97 * len(raw_words)


def test_hyphenation_across_line_ends_is_undone() -> None:
    items = parse_file(STOCKTON).meeting.items
    strategy = items[3].text
    assert "self-assessment tools" in strategy
    attendance = parse_file(STOCKTON).meeting.attendance
    assert "Leanne Maloney-Kelly" in [p.name for p in attendance.present]


def test_norfolk_run_on_minutes_split_at_minute_numbers() -> None:
    parsed = parse_file(CORPUS / "norfolk-parishes" / "stoke-ferry-pc_parish-council-ordinary_2018-11-07.txt")
    numbers = [i.number for i in parsed.meeting.items]
    assert numbers[:6] == ["222/18", "223/18", "224/18", "225/18", "226/18", "227/18"]
    apologies = parsed.meeting.items[2]
    assert apologies.heading.startswith("To receive apologies for absence")
    assert "Cllr Sue Lintern" in apologies.text
    # the planning reference 18/01888/F is not mistaken for a minute number
    assert "18/01888/F" not in numbers


def test_out_of_order_pages_keep_every_numbered_item() -> None:
    """The 2021-03-05 JPC minutes print items 17 and 18 before item 1; no item's text is lost."""
    path = CORPUS / "limerick" / "limerick-ccc_joint-policing-committee_2021-03-05.txt"
    parsed = parse_file(path)
    numbers = [i.number for i in parsed.meeting.items]
    assert numbers == ["17", "18"] + [str(n) for n in range(1, 17)]
    assert parsed.meeting.items[5].heading.startswith("Presentation from Inspector Brendan O’Grady")
    assert sum(len(i.text) for i in parsed.meeting.items) > 0.9 * len(parsed.text) - 4000
