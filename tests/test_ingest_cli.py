"""The `quorum` CLI over the real corpus: ingest outcomes, metadata, re-ingest and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT, STOCKTON

QUORUM = [sys.executable, "-m", "service.cli"]


def quorum(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QUORUM, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_console_script_is_installed() -> None:
    assert (Path(sys.executable).parent / "quorum").exists()


def test_every_corpus_file_ingests_with_manifest_metadata(corpus_data: Path, manifest: dict) -> None:
    listed = json.loads(quorum("meetings", "--json", "--all", "--data", str(corpus_data)).stdout)
    by_source = {m["source"]: m for m in listed}
    assert len(listed) == len(manifest)
    for rel, entry in manifest.items():
        meeting = by_source[Path(rel).name]
        assert set(meeting) == {"id", "source", "council", "committee", "date", "item_count"}
        assert meeting["date"] == entry["date"], rel
        assert meeting["item_count"] >= 1
        council_word = entry["council"].split()[0].split("-")[0]
        assert council_word.lower() in meeting["council"].lower(), (rel, meeting["council"])


def test_meeting_json_has_attendance_and_items(corpus_data: Path) -> None:
    listed = json.loads(quorum("meetings", "--json", "--data", str(corpus_data)).stdout)
    stockton = next(m for m in listed if m["source"] == STOCKTON.name)
    meeting = json.loads(quorum("meeting", str(stockton["id"]), "--json", "--all", "--data", str(corpus_data)).stdout)
    assert meeting["committee"] == "Safer Stockton Partnership"
    assert meeting["date"] == "2024-11-27"
    present = {p["name"]: p["role"] for p in meeting["present"]}
    assert present["Norma Stephenson"] == "Chair"
    assert "Steven Nelson" in present and "Pauline Bealle" in present  # "Clir", "ClIr" OCR slips stripped
    assert [p["name"] for p in meeting["officers"]] == ["John Devine"]
    assert [p["name"] for p in meeting["apologies"]] == [
        "John Wrintmore",
        "Lucy Owens",
        "Richard Brown",
        "Eddie Huntington",
        "Matt Storey",
    ]
    item = meeting["items"][4]
    assert {"id", "number", "heading", "text", "access", "pages"} <= set(item)
    assert item["heading"] == "Problem Solving Plans"
    # the stored original text keeps the OCR slip; only metadata is normalised
    assert meeting["items"][0]["access"] == "public"


def test_anonymous_listing_hides_restricted_items(corpus_data: Path) -> None:
    listed = json.loads(quorum("meetings", "--json", "--data", str(corpus_data)).stdout)
    stockton = next(m for m in listed if m["source"] == STOCKTON.name)
    assert stockton["item_count"] == 9
    public = json.loads(quorum("meeting", str(stockton["id"]), "--json", "--data", str(corpus_data)).stdout)
    headings = [i["heading"] for i in public["items"]]
    assert "iQuanta Report" not in headings and "DARD Consideration" not in headings
    assert "iQuanta" not in json.dumps(public)


def test_reingest_is_a_noop_and_changed_file_replaces(tmp_path: Path) -> None:
    data = tmp_path / "data"
    doc = tmp_path / "minutes.txt"
    shutil.copy(STOCKTON, doc)
    assert quorum("ingest", str(doc), "--data", str(data)).returncode == 0
    again = quorum("ingest", str(doc), "--data", str(data))
    assert again.returncode == 0 and "1 unchanged" in again.stdout
    doc.write_text(STOCKTON.read_text().replace("Prevent (CT) Update", "Prevent (CT) Briefing"))
    replaced = quorum("ingest", str(doc), "--data", str(data))
    assert replaced.returncode == 0 and "1 replaced" in replaced.stdout
    listed = json.loads(quorum("meetings", "--json", "--data", str(data)).stdout)
    assert len(listed) == 1
    meeting = json.loads(quorum("meeting", str(listed[0]["id"]), "--json", "--data", str(data)).stdout)
    headings = [i["heading"] for i in meeting["items"]]
    assert "Prevent (CT) Briefing" in headings and "Prevent (CT) Update" not in headings


def test_bad_files_get_one_line_reasons_and_lose_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(STOCKTON), "--data", str(data)).returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    (bad / "fake.pdf").write_bytes(b"hello, I am text")
    (bad / "notes.xyz").write_text("unsupported")
    shutil.copy(CORPUS / "manordeilo-salem" / "manordeilo-salem-cc_community-council_2020-01-08.txt", bad / "good.txt")
    result = quorum("ingest", str(bad / "*"), str(tmp_path / "missing.txt"), "--data", str(data))
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if "failed" in line]
    reasons = " ".join(failed)
    assert "empty file" in reasons and "binary content" in reasons and "corrupt PDF" in reasons
    assert "not a PDF" in reasons and "unsupported file type" in reasons and "no such file" in reasons
    listed = json.loads(quorum("meetings", "--json", "--data", str(data)).stdout)
    assert sorted(m["source"] for m in listed) == sorted([STOCKTON.name, "good.txt"])


def test_restricted_access_marks_whole_document(tmp_path: Path) -> None:
    data = tmp_path / "data"
    doc = CORPUS / "manordeilo-salem" / "manordeilo-salem-cc_community-council_2020-02-12.txt"
    assert quorum("ingest", str(doc), "--access", "restricted", "--data", str(data)).returncode == 0
    assert json.loads(quorum("meetings", "--json", "--data", str(data)).stdout) == []
    listed = json.loads(quorum("meetings", "--json", "--all", "--data", str(data)).stdout)
    meeting = json.loads(quorum("meeting", str(listed[0]["id"]), "--json", "--all", "--data", str(data)).stdout)
    assert meeting["items"] and all(i["access"] == "restricted" for i in meeting["items"])


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_docx_and_html_minutes_segment_like_text(tmp_path: Path, fmt: str) -> None:
    """The Stockton minutes written out as Word and HTML (bold headings) come back with the same items."""
    from ingest.parse import parse_file

    items = parse_file(STOCKTON).meeting.items
    path = tmp_path / f"stockton.{fmt}"
    if fmt == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("SAFER STOCKTON PARTNERSHIP")
        document.add_paragraph("A meeting of Safer Stockton Partnership was held on Wednesday 27 November 2024.")
        for item in items:
            document.add_paragraph().add_run(item.heading).bold = True
            for paragraph in item.text.split("\n\n"):
                document.add_paragraph(paragraph)
        document.save(path)
    else:
        from html import escape

        body = "".join(
            f"<h2>{escape(i.heading)}</h2>" + "".join(f"<p>{escape(p)}</p>" for p in i.text.split("\n\n"))
            for i in items
        )
        path.write_text(
            f"<html><head><title>x</title><script>alert(1)</script></head><body>"
            f"<h1>SAFER STOCKTON PARTNERSHIP</h1><p>A meeting of Safer Stockton Partnership was held on "
            f"Wednesday 27 November 2024.</p>{body}</body></html>"
        )
    parsed = parse_file(path)
    assert [i.heading for i in parsed.meeting.items] == [i.heading for i in items]
    assert parsed.meeting.date == "2024-11-27"
    assert "alert(1)" not in parsed.text


def test_non_utf8_text_is_decoded(tmp_path: Path) -> None:
    from ingest.parse import parse_file

    path = tmp_path / "latin1.txt"
    path.write_bytes(STOCKTON.read_text().replace("Officers", "Officers’ café").encode("cp1252"))
    parsed = parse_file(path)
    assert "café" in parsed.text and "’" in parsed.text


def test_entities_extracted_ahead_in_a_worker_match_in_process(tmp_path: Path) -> None:
    """The worker process that runs NER ahead of the embedder changes nothing that is stored."""
    import sqlite3

    from index.access import ADMIN
    from index.ingestion import ingest_paths
    from index.pipeline import Pipeline
    from index.store import Store

    paths = sorted((CORPUS / "norfolk-parishes").glob("*.txt"))[:9] + [STOCKTON]
    tables = {}
    for ahead in (True, False):
        data = tmp_path / f"ahead-{ahead}"
        data.mkdir()
        with Store(data / "quorum.sqlite3", ADMIN) as store, Pipeline(ahead=ahead) as pipeline:
            outcomes = ingest_paths(store, paths, pipeline=pipeline)
        assert [o.status for o in outcomes] == ["ingested"] * len(paths)
        conn = sqlite3.connect(data / "quorum.sqlite3")
        tables[ahead] = {
            query: conn.execute(query).fetchall()
            for query in (
                "SELECT e.type, e.name, m.item_id, m.start, m.end, m.surface, m.sentence FROM mentions m"
                " JOIN entities e ON e.id = m.entity_id ORDER BY m.item_id, m.start, e.type",
                "SELECT entity_id, alias FROM entity_aliases ORDER BY 1, 2",
                "SELECT item_id, sentences FROM summaries ORDER BY 1",
            )
        }
        conn.close()
    assert tables[True] == tables[False]
    assert len(tables[True][next(iter(tables[True]))]) > 300
