"""Query parsing, stemming, word matching for snippets, and the fusion of the two rankings."""

from __future__ import annotations

import pytest

from index.keyword import fts_expression, parse_query
from index.search import Rankings, fuse, fuse_rrf, fuse_scores, query_stems, snippet_of, word_matches
from ingest.lexicon import stem


def test_question_words_are_dropped_and_names_kept_as_phrases() -> None:
    parsed = parse_query('what was said about street drinking near "Ropner Ward"?')
    assert parsed.terms == ["street", "drinking", "near", "Ropner", "Ward"]
    assert ["Ropner", "Ward"] in parsed.phrases
    assert parse_query("Operation Autumnus").phrases == [["Operation", "Autumnus"]]


def test_user_input_never_reaches_fts_syntax() -> None:
    expression = fts_expression(parse_query('drugs" OR NEAR(x) * -crime'))
    assert expression == '"drugs" OR "NEAR" OR "x" OR "crime"'
    assert fts_expression(parse_query("   ")) == ""


def test_one_stemmer_for_search_and_summaries() -> None:
    assert stem("drinking") == stem("drink") == "drink"
    assert stem("Policies") == stem("policy")
    assert stem("communities") == stem("community")


def test_words_match_by_stem_whole_words_only() -> None:
    stems = query_stems(parse_query("street drinking policies"))
    text = "Drinkers and street-drinking; the Streets policy. Redrinking is not a word, nor is streetwise."
    found = [text[a:b] for a, b, _ in word_matches(text, stems)]
    assert found == ["street", "drinking", "Streets", "policy"]
    assert word_matches(text, set()) == []


def test_snippet_spans_point_into_its_text() -> None:
    stems = query_stems(parse_query("bonfire"))
    long = "Nothing here. " * 60 + "During the Bonfire period drones had been used. " + "More text. " * 40
    snippet = snippet_of(long, stems)
    assert len(snippet.text) <= 370 and snippet.text.startswith("… ")
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["Bonfire"]


def test_score_fusion_and_rrf() -> None:
    bm25 = [(1, 10.0), (2, 5.0), (3, 0.0)]
    dense = [(2, 0.9), (4, 0.5)]
    fused = fuse_scores(bm25, dense, dense_weight=0.7)
    assert fused[2] == pytest.approx(0.85) and fused[4] == 0.0 and fused[1] == pytest.approx(0.3)
    assert max(fuse_rrf(bm25, dense), key=fuse_rrf(bm25, dense).get) == 2
    ranking = fuse(Rankings(parse_query("x"), bm25, dense, {}, named={3}))
    assert ranking[0][0] == 3  # an exact name match is lifted above every fused score
