"""Decisions, actions and figures on real minutes, against hand-checked lists."""

from __future__ import annotations

from ingest.parse import parse_file
from models.facts import extract_actions, extract_decisions, extract_figures
from models.sentences import split_sentences

from ..conftest import CORPUS, STOCKTON


def _items(path):
    return {item.heading: item for item in parse_file(path).meeting.items}


def test_sentences_are_verbatim_and_respect_abbreviations() -> None:
    item = _items(CORPUS / "manordeilo-salem" / "manordeilo-salem-cc_community-council_2020-01-08.txt")[
        "TO CONFIRM THE MINUTES OF THE LAST MEETING"
    ]
    sentences = split_sentences(item.text)
    assert all(item.text[s.start : s.end] == s.text for s in sentences)
    assert sentences[0].text.startswith("It was proposed by Cllr. P. Harries, seconded by Cllr. J. Davies and")


def test_stockton_decisions_actions_and_figures() -> None:
    items = _items(STOCKTON)
    decisions = {h: [d.text for d in extract_decisions(i.text)] for h, i in items.items()}
    assert decisions["Minutes"] == [
        "The minutes of the previous meeting held 2nd October 2024 were agreed as a true record."
    ]
    assert decisions["Evacuation Procedure"] == ["The Evacuation Procedure was noted."]
    assert decisions["Problem Solving Plans"] == ["Members agreed to note the report."]
    assert decisions["Recorded Crime and Disorder Report"] == ["Members Agreed to note the report."]
    assert decisions["iQuanta Report"] == ["AGREED that the report be noted."]
    assert decisions["DARD Consideration"] == []

    crime = items["Recorded Crime and Disorder Report"].text
    actions = extract_actions(crime)
    assert [(a.owner, a.text) for a in actions] == [
        ("Officers", "Officers confirmed that they would be able to provide that break down to the Partnership.")
    ]
    figures = [(f.value, f.kind, f.change) for f in extract_figures(crime)]
    assert figures == [
        ("13.3%", "percent", "decrease"),
        ("7.3%", "percent", "decrease"),
        ("7.9%", "percent", "decrease"),
    ]
    first = extract_figures(crime)[0]
    assert first.text.startswith("13.3% reduction in recorded crimes compared to the same period")  # bullet outside
    assert crime[first.start : first.end] == first.text


def test_manordeilo_proposals_owners_and_money() -> None:
    items = _items(CORPUS / "manordeilo-salem" / "manordeilo-salem-cc_community-council_2020-01-08.txt")
    minutes = extract_decisions(items["TO CONFIRM THE MINUTES OF THE LAST MEETING"].text)
    assert [(d.kind, d.proposer, d.seconder) for d in minutes] == [("agreed", "Cllr. P. Harries", "Cllr. J. Davies")]
    precept = extract_decisions(items["PRECEPT 2020-2021"].text)
    assert [(d.proposer, d.seconder) for d in precept] == [("Cllr. Arwel Davies", "Cllr. P. Harries")]
    assert "£18,000" in [f.value for f in extract_figures(items["PRECEPT 2020-2021"].text)]

    arising = [(a.owner, a.text.split("\t")[0]) for a in extract_actions(items["MATTERS ARISING"].text)]
    assert arising[0] == ("All", "This to be further discussed at the next meeting.")
    assert arising[1][0] == "Cllr. Arwel Davies/Clerk"
    assert arising[1][1].startswith("4.5iv) With regard to Salem Common, Cllr. Arwel Davies would provide a map")
    assert ("Cllr. O. Williams", "Mr Price advised that he would take this back to the Welsh Government.") in arising
    assert ("Clerk", "The Clerk to look for local suppliers if any and to get quotations.") in arising
    lighting = extract_actions(items["LIGHTING"].text)
    assert [a.owner for a in lighting] == ["Clerk", "Clerk"]
    correspondence = [f.value for f in extract_figures(items["CORRESPONDENCE"].text)]
    assert correspondence == ["£8,406.93", "£5,333.33"]


def test_kent_resolutions() -> None:
    items = list(parse_file(CORPUS / "kent" / "kent-cc_cabinet_2025-01-09.pdf").meeting.items)
    resolved = {i.number: [d.text[:40] for d in extract_decisions(i.text) if d.kind == "resolved"] for i in items}
    assert resolved["78"] == ["RESOLVED that the minutes of the meeting"]
    assert resolved["80"] == ["RESOLVED that Cabinet note the provision"]  # paragraph number outside
    assert resolved["82"] == ["RESOLVED that Cabinet note the report."]
    assert resolved["76"] == [] and resolved["77"] == []
    deferred = extract_decisions(items[3].text)
    assert [(d.kind, d.text) for d in deferred] == [
        ("deferred", "Cabinet Member updates were deferred to the next meeting of the Cabinet")
    ]
    performance = [(f.value, f.kind) for f in extract_figures(items[5].text)]
    assert ("Eight KPIs", "count") in performance and ("11 indicators", "count") in performance


def test_limerick_proposal_split_over_bold_lines() -> None:
    path = CORPUS / "limerick" / "limerick-ccc_home-social-development-spc_2022-10-19.txt"
    items = {i.number: i for i in parse_file(path).meeting.items}
    decisions = extract_decisions(items["3"].text)
    adopted = [d for d in decisions if "Mid-West Homeless Plan 2022-2025" in d.text]
    assert adopted and adopted[0].proposer == "Cllr. Michael Murphy" and adopted[0].seconder == "Cllr Tom Ruddle"
    policy = extract_decisions(items["4"].text)
    assert [(d.proposer, d.seconder) for d in policy] == [("Cllr. Tom Ruddle", "Cllr. Tom Collopy")]
    assert "the draft Homeless Policy Document be recommended to Council for adoption" in policy[0].text


def test_no_false_figures_from_dates_and_references() -> None:
    items = _items(STOCKTON)
    minutes = [f.value for f in extract_figures(items["Minutes"].text)]
    assert minutes == []  # "2nd October 2024" is a date, not a figure
    parish = parse_file(CORPUS / "norfolk-parishes" / "stoke-ferry-pc_parish-council-ordinary_2018-11-07.txt")
    values = [f.value for item in parish.meeting.items for f in extract_figures(item.text)]
    assert not any("18/01888" in v or v.startswith("2018") for v in values)
