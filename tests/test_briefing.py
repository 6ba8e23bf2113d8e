"""Briefing notes over HTTP and the CLI: sentences copied verbatim, cited, in date order, access respected."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, get_json


def post(url: str, body: object, raw: bool = False) -> tuple[int, object]:
    data = json.dumps(body).encode() if not isinstance(body, bytes) else body
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            payload = response.read()
            return response.status, payload if raw else json.loads(payload)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _normalise(text: str) -> str:
    return " ".join(text.split())


def test_topic_briefing_is_verbatim_cited_and_in_date_order(server: str) -> None:
    status, note = post(f"{server}/api/briefing", {"query": "street drinking and alcohol in public places"})
    assert status == 200
    assert note["overview"] and note["sections"]
    dates = [s["citation"]["date"] for s in note["sections"]]
    assert dates == sorted(dates)
    headings = [s["heading"] for s in note["sections"]]
    assert "Problem Solving Plans" in headings
    for section in note["sections"]:
        _, item = get_json(f"{server}/api/items/{section['item_id']}")
        for sentence in section["sentences"]:
            assert sentence["text"] in item["text"]  # copied, never written
            assert item["text"][sentence["start"] : sentence["end"]] == sentence["text"]
            assert sentence["citation"]["committee"] == item["meeting"]["committee"]
            assert sentence["citation"]["heading"] == item["heading"]
    for sentence in note["overview"]:
        _, item = get_json(f"{server}/api/items/{sentence['item_id']}")
        assert sentence["text"] in item["text"]
    assert any("Street Drinking" in s["text"] for sec in note["sections"] for s in sec["sentences"])


def test_entity_briefing_collects_decisions_and_figures(server: str) -> None:
    status, note = post(f"{server}/api/briefing", {"entity": "Project Harmony"})
    assert status == 200
    assert note["entity"]["name"] == "Project Harmony"
    headings = [s["heading"] for s in note["sections"]]
    assert "Project Harmony Update" in headings
    assert any(d["text"] == "Members agreed to note the update." for d in note["decisions"])


def test_figures_carry_their_sentence_and_pdf_pages(server: str) -> None:
    status, note = post(f"{server}/api/briefing", {"query": "recorded crime reduction percentage", "max_items": 5})
    assert status == 200
    figures = {f["value"]: f for f in note["figures"]}
    assert "13.3%" in figures and figures["13.3%"]["text"].startswith("13.3% reduction in recorded crimes")
    status, kent = post(
        f"{server}/api/briefing",
        {"query": "Provisional Local Government Finance Settlement", "council": "Kent", "max_items": 3},
    )
    assert status == 200 and kent["sections"]
    assert all(s["citation"]["pages"] for s in kent["sections"])
    assert "p. " in kent["sections"][0]["citation"]["label"]


def test_markdown_and_word_downloads(server: str) -> None:
    status, markdown = post(f"{server}/api/briefing?format=md", {"query": "street drinking"}, raw=True)
    assert status == 200
    text = markdown.decode()
    assert text.startswith("# Briefing: street drinking") and "Safer Stockton Partnership, 27 November 2024" in text
    status, word = post(f"{server}/api/briefing?format=docx", {"query": "street drinking"}, raw=True)
    assert status == 200
    import docx

    document = docx.Document(io.BytesIO(word))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Briefing: street drinking" in body
    assert "Safer Stockton Partnership, 27 November 2024, item \u201cProblem Solving Plans\u201d" in body


def test_restricted_items_never_contribute_for_anonymous(server: str) -> None:
    status, note = post(f"{server}/api/briefing", {"query": "iQuanta crime comparisons restricted report"})
    assert status == 200
    cited = json.dumps({k: note[k] for k in ("overview", "sections", "decisions", "actions", "figures")})
    assert "iQuanta" not in cited and "DARD" not in cited and "restricted report" not in cited


@pytest.mark.parametrize(
    "body, problem",
    [
        ({}, "'query' or 'entity' is required"),
        ({"query": "x", "from": "yesterday"}, "'from' must be a date"),
        ({"query": "x", "max_items": 0}, "'max_items' must be an integer between 1 and 30"),
        ({"query": "x", "colour": "red"}, "unknown field(s): colour"),
        ({"query": 5}, "field 'query' must be a string"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_bad_briefing_requests_are_400(server: str, body: object, problem: str) -> None:
    status, error = post(f"{server}/api/briefing", body)
    assert status == 400 and problem in error["message"]


def test_unknown_entity_is_404(server: str) -> None:
    status, error = post(f"{server}/api/briefing", {"entity": "Operation Nonexistent Zzyzx"})
    assert status == 404 and "no entity" in error["message"]


def test_cli_brief_writes_word_file(corpus_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "note.docx"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "brief",
            "street drinking",
            "--format",
            "docx",
            "-o",
            str(out),
            "--data",
            str(corpus_data),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    import docx

    body = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Problem Solving Plans" in body
