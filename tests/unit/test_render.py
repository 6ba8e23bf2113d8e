"""Markup is made only in service.render, from escaped council text plus match spans."""

from __future__ import annotations

from index.briefing import Briefing, CitedSentence
from index.views import Citation, ItemView, MeetingRef, SearchHit, Snippet
from service.export import to_markdown
from service.render import highlight, hit_json, snippet_markup, snippet_plain


def test_snippet_markup_is_built_from_escaped_text() -> None:
    """Only <mark> is added to a search snippet; everything else in it is escaped."""
    assert str(snippet_markup(Snippet("a <b> drink", [(6, 11)]))) == "a &lt;b&gt; <mark>drink</mark>"
    assert (
        str(snippet_markup(Snippet("<script>alert(1)</script> x", [(26, 27)])))
        == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>"
    )
    assert "<mark>" not in str(snippet_markup(Snippet("unclosed", [(3, 99)])))
    assert (
        str(highlight("Use <b>Street  Drinking</b> & more", "street drinking"))
        == "Use &lt;b&gt;<mark>Street  Drinking</mark>&lt;/b&gt; &amp; more"
    )
    assert snippet_plain(Snippet("street drinking", [(0, 6), (7, 15)])) == "*street* *drinking*"


def test_api_form_of_a_hit() -> None:
    hit = SearchHit(
        7,
        0.5,
        "Problem Solving Plans",
        "body",
        Snippet("Street & Drinking", [(0, 6)]),
        MeetingRef(1, "a.txt", "Stockton-on-Tees Borough Council", "Safer Stockton Partnership", None),
    )
    body = hit_json(hit, ["s"])
    assert body["snippet"] == "<mark>Street</mark> &amp; Drinking" and body["highlights"] == [[0, 6]]
    assert body["meeting"]["committee"] == "Safer Stockton Partnership" and body["summary"] == ["s"]


def test_citations_are_fields_not_strings_to_split() -> None:
    meeting = MeetingRef(
        3,
        "m.txt",
        "Limerick City and County Council",
        "Community, Leisure and Emergency Services Strategic Policy Committee",
        "2017-04-26",
    )
    item = ItemView(9, 3, 2, "4", "Fire Safety", "4. Fire Safety", "text", 0, 4, "public", [2], meeting)
    citation = Citation.of(item)
    assert citation.when == "26 April 2017" and citation.number == "4"
    assert citation.label == (
        "Community, Leisure and Emergency Services Strategic Policy Committee, 26 April 2017,"
        " item 4 \u201cFire Safety\u201d, p. 2"
    )
    assert citation.to_dict()["committee"] == meeting.committee
    sentence = CitedSentence("Smoke alarms were fitted.", 9, citation, 0, 25)
    note = Briefing("Briefing: fire", "fire", None, {"council": "Limerick"}, [sentence], [], matching=1)
    markdown = to_markdown(note, "https://quorum.example")
    assert "(https://quorum.example/items/9)" in markdown and "Query: fire" in markdown
    assert "Limerick City and County Council, Community, Leisure and Emergency Services Strategic Policy" in markdown
