"""models.summarise on real minutes from the shared corpus, with the real all-MiniLM-L6-v2 model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.summarise import (
    CandidateSentence,
    Sentence,
    is_procedural,
    select_for_query,
    split_sentences,
    summarise_item,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
STOCKTON = CORPUS / "stockton" / "stockton-bc_safer-stockton-partnership_2024-11-27.txt"
LIMERICK = CORPUS / "limerick" / "limerick-ccc_home-social-development-spc_2024-02-22.txt"
WEST_DEREHAM = CORPUS / "norfolk-parishes" / "west-dereham-pc_parish-council-ordinary_2020-02-06.txt"


@pytest.fixture(scope="module")
def encode():
    from models.embedder import encode as shared_encode

    return shared_encode


def _items(path: Path) -> dict[str, str]:
    from ingest.parse import parse_file

    return {item.heading: item.text for item in parse_file(path).meeting.items}


@pytest.fixture(scope="module")
def stockton() -> dict[str, str]:
    return _items(STOCKTON)


def _item(items: dict[str, str], part: str) -> str:
    matches = [text for heading, text in items.items() if part in heading]
    assert matches, f"no item heading contains {part!r}: {list(items)}"
    return matches[0]


# --------------------------------------------------------------------------------------------------
# splitting


def _check_verbatim(text: str, sentences: list[Sentence]) -> None:
    last_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end  # in order, non-overlapping
        last_end = s.end


@pytest.mark.parametrize("path", [STOCKTON, LIMERICK, WEST_DEREHAM], ids=lambda p: p.stem)
def test_sentences_are_verbatim_substrings_of_real_items(path: Path) -> None:
    items = _items(path)
    total = 0
    for text in items.values():
        sentences = split_sentences(text)
        _check_verbatim(text, sentences)
        total += len(sentences)
    assert total > 10


def test_recorded_crime_bullets_become_sentences(stockton) -> None:
    text = _item(stockton, "Recorded Crime")
    sentences = [s.text for s in split_sentences(text)]
    assert "13.3% reduction in recorded crimes compared to the same period of the pervious years." in sentences
    assert "7.3% reduction in Anti-Social Behaviour compared to the previous 12 months." in sentences
    assert "Officers highlighted several sections of the report to partners they were as follows:" in sentences
    assert not any(s.startswith("*") for s in sentences)  # bullet glyphs stay outside the span


def test_abbreviations_do_not_end_sentences() -> None:
    limerick = _items(LIMERICK)
    text = _item(limerick, "Tenant Purchase")
    sentences = [s.text for s in split_sentences(text)]
    assert "An Cathaoirleach, Cllr. Stephen Keary asked what the ‘Constant Attendance Allowance’ was." in sentences
    assert any(s.startswith("Mr. Joe McDonald, Senior Staff Officer presented") for s in sentences)
    assert not any(s in {"Cllr.", "Mr.", "Mr. Joe"} for s in sentences)
    text = (
        "Cllr. Smith asked about No. 5 Church Road, e.g. the verge. Mr. J. Jones said it cost £1.5m. "
        "RESOLVED that:\n1) the report be noted; and\n2) officers report back."
    )
    got = [s.text for s in split_sentences(text)]
    assert got == [
        "Cllr. Smith asked about No. 5 Church Road, e.g. the verge.",
        "Mr. J. Jones said it cost £1.5m.",
        "RESOLVED that:",
        "the report be noted; and",
        "officers report back.",
    ]
    _check_verbatim(text, split_sentences(text))


def test_procedural_lines_are_recognised() -> None:
    assert is_procedural("Members agreed to note the report.")
    assert is_procedural("AGREED that the report be noted.")
    assert is_procedural("Members Agreed to note the report.")
    assert not is_procedural("13.3% reduction in recorded crimes compared to the same period of the pervious years.")


# --------------------------------------------------------------------------------------------------
# item summaries


def test_recorded_crime_summary_has_the_reduction_sentence(stockton, encode) -> None:
    text = _item(stockton, "Recorded Crime")
    summary = summarise_item(text, "Recorded Crime and Disorder Report", encode, max_sentences=3)
    assert 1 <= len(summary) <= 3
    _check_verbatim(text, summary)
    texts = [s.text for s in summary]
    assert "13.3% reduction in recorded crimes compared to the same period of the pervious years." in texts
    assert "Members Agreed to note the report." not in texts
    assert [s.start for s in summary] == sorted(s.start for s in summary)  # document order


@pytest.mark.parametrize("part", ["Autumnus", "Youth Violence", "Problem Solving", "Harmony Update", "iQuanta"])
def test_every_summary_is_verbatim_and_skips_procedure(stockton, encode, part) -> None:
    text = _item(stockton, part)
    summary = summarise_item(text, part, encode, max_sentences=2)
    assert 1 <= len(summary) <= 2
    _check_verbatim(text, summary)
    assert not any(is_procedural(s.text) for s in summary)


def test_short_item_is_returned_whole(stockton, encode) -> None:
    text = _item(stockton, "Minutes")
    summary = summarise_item(text, "Minutes", encode, max_sentences=3)
    assert [s.text for s in summary] == [s.text for s in split_sentences(text)]


# --------------------------------------------------------------------------------------------------
# query-focused selection


def _candidates(text: str, source: str) -> list[CandidateSentence]:
    return [CandidateSentence(s.text, s.start, s.end, source, k) for k, s in enumerate(split_sentences(text))]


def test_street_drinking_query_picks_the_street_drinking_sentence(stockton, encode) -> None:
    text = _item(stockton, "Problem Solving")
    picked = select_for_query("street drinking", _candidates(text, "psp"), encode, k=1)
    assert len(picked) == 1
    assert picked[0].text.startswith("Another issue that Officers would work on was Street Drinking")
    assert text[picked[0].start : picked[0].end] == picked[0].text


def test_query_across_items_finds_the_right_item(stockton, encode) -> None:
    candidates = [c for heading, text in stockton.items() for c in _candidates(text, heading)]
    picked = select_for_query("drones bonfire waste", candidates, encode, k=2)
    assert picked[0].source.startswith("Operation Autumnus")
    assert "drones" in picked[0].text


def test_mmr_removes_a_near_duplicate(stockton, encode) -> None:
    text = _item(stockton, "Recorded Crime")
    candidates = _candidates(text, "crime")
    target = next(c for c in candidates if c.text.startswith("13.3% reduction"))
    # the same statistic again, reworded a little, as minutes sometimes repeat it
    duplicate = CandidateSentence(
        "There was a 13.3% reduction in recorded crimes compared to the same period of the previous year.",
        source="crime-duplicate",
        position=99,
    )
    pool = candidates + [duplicate]
    query = "reduction in recorded crime"
    plain = select_for_query(query, pool, encode, k=3, lambda_=1.0, redundancy_cap=1.01)  # relevance only
    assert {target.text, duplicate.text} <= {c.text for c in plain}
    diverse = select_for_query(query, pool, encode, k=3, lambda_=0.7)
    texts = [c.text for c in diverse]
    assert len(texts) == 3
    assert not (target.text in texts and duplicate.text in texts)
    assert target.text in texts or duplicate.text in texts


def test_fillers_and_budget(encode) -> None:
    text = "Okay. Thank you. The council agreed to resurface the car park at Church Road in April. Yes."
    pool = _candidates(text, "t")
    picked = select_for_query("car park resurfacing", pool, encode, k=3)
    assert [c.text for c in picked] == ["The council agreed to resurface the car park at Church Road in April."]
    assert select_for_query("anything", [], encode, k=3) == []


def test_precomputed_embeddings_are_used(encode) -> None:
    pool = [
        CandidateSentence("Planning application for a new garage at Mill Lane."),
        CandidateSentence("The precept for next year was set at twelve thousand pounds."),
    ]
    vectors = encode([c.text for c in pool])
    for c, v in zip(pool, vectors):
        c.embedding = v
    calls: list[list[str]] = []

    def counting(texts):
        calls.append(list(texts))
        return encode(texts)

    picked = select_for_query("council tax precept", pool, counting, k=1)
    assert picked[0] is pool[1]
    assert calls == [["council tax precept"]]  # only the query was embedded
    assert np.allclose(pool[0].embedding, vectors[0])
