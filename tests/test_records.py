"""Records over the stored corpus: every invariant holds on every document; files that are not minutes
are skipped; a document can be removed, or replaced by a corrected file under a new name; the council and
committee can be given where a document does not say; the filters list each council and committee once."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS, ROOT, STOCKTON, get_json

WRETTON = CORPUS / "norfolk-parishes" / "wretton-pc_parish-council-virtual_2020-05-04.txt"


def quorum(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_every_invariant_holds_on_every_corpus_document(corpus_data: Path) -> None:
    from index.integrity import check

    conn = sqlite3.connect(corpus_data / "quorum.sqlite3")
    conn.row_factory = sqlite3.Row
    documents, violations = check(conn)
    conn.close()
    assert documents == 59  # the corpus README is no meeting
    assert violations == [], violations[:10]


def test_the_filters_list_each_council_and_committee_once(server: str) -> None:
    status, body = get_json(f"{server}/api/meetings?per_page=200")
    assert status == 200
    councils = {m["council"] for m in body["meetings"]}
    assert "Unknown council" not in councils and len(councils) == 10
    assert {m["committee"] for m in body["meetings"] if m["council"] == "Kent County Council"} == {
        "Cabinet",
        "County Council",
        "Corporate Parenting Panel",
    }
    status, special = get_json(
        f"{server}/api/meetings?committee=Joint%20Policing%20Committee&from=2022-12-23&to=2022-12-23"
    )
    meeting = get_json(f"{server}/api/meetings/{special['meetings'][0]['id']}")[1]
    assert (meeting["committee"], meeting["kind"]) == ("Joint Policing Committee", "special")


def test_files_that_are_not_minutes_are_skipped_unless_forced(tmp_path: Path) -> None:
    folder, data = tmp_path / "in", tmp_path / "data"
    folder.mkdir()
    shutil.copy(CORPUS / "README.md", folder / "README.md")
    shutil.copy(WRETTON, folder / WRETTON.name)
    (folder / "shopping.txt").write_text("eggs\nmilk\nbread\nwashing-up liquid\n")
    done = quorum("ingest", str(folder), "--data", str(data))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 ingested; 1 skipped" in done.stdout and "README" not in done.stdout + done.stderr
    assert "skipped   shopping.txt: not minutes (none of a meeting date" in done.stderr
    forced = quorum("ingest", str(folder / "shopping.txt"), "--force", "--data", str(data))
    assert forced.returncode == 0 and "1 ingested" in forced.stdout


def test_a_document_is_removed_with_everything_derived_from_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(STOCKTON), str(WRETTON), "--data", str(data)).returncode == 0
    listed = json.loads(quorum("meetings", "--json", "--all", "--data", str(data)).stdout)
    wretton = next(m for m in listed if m["source"] == WRETTON.name)
    conn = sqlite3.connect(data / "quorum.sqlite3")
    before = {
        t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("items", "passages", "mentions", "entities", "summaries", "sentence_vectors", "items_fts")
    }
    conn.close()
    assert quorum("remove", WRETTON.name, "--data", str(data)).returncode == 0
    conn = sqlite3.connect(data / "quorum.sqlite3")
    after = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in before}
    orphans = conn.execute("SELECT COUNT(*) FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)").fetchone()
    conn.close()
    assert all(after[t] < before[t] for t in before) and orphans[0] == 0
    found = quorum("search", "Wretton", "--json", "--data", str(data))
    assert all(r["meeting"]["source"] != WRETTON.name for r in json.loads(found.stdout)["results"])
    again = quorum("remove", str(wretton["id"]), "--data", str(data))
    assert again.returncode == 1 and "no document" in again.stderr


def test_a_corrected_file_under_a_new_name_replaces_the_old(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(WRETTON), "--data", str(data)).returncode == 0
    corrected = tmp_path / "wretton-corrected.txt"
    corrected.write_text(WRETTON.read_text().replace("Wretton", "Wretton (corrected)", 1))
    done = quorum("ingest", str(corrected), "--replace", WRETTON.name, "--data", str(data))
    assert done.returncode == 0 and "1 replaced" in done.stdout
    sources = [m["source"] for m in json.loads(quorum("meetings", "--json", "--all", "--data", str(data)).stdout)]
    assert sources == ["wretton-corrected.txt"]


def test_the_council_and_committee_can_be_given_where_the_document_does_not_say(tmp_path: Path) -> None:
    data, doc = tmp_path / "data", tmp_path / "minutes-march.txt"
    doc.write_text(
        "Minutes of the meeting held on 3 March 2025 in the village hall\n\nPresent: Cllr A. Person, "
        "Cllr B. Person\n\n1. Apologies\n\nNone.\n\n2. Pond\n\nThe pond was discussed.\n\n3. Close\n\nEnded.\n"
    )
    done = quorum(
        "ingest", str(doc), "--council", "Upton Parish Council", "--committee", "Parish Council", "--data", str(data)
    )
    assert done.returncode == 0
    (meeting,) = json.loads(quorum("meetings", "--json", "--all", "--data", str(data)).stdout)
    assert (meeting["council"], meeting["committee"], meeting["date"]) == (
        "Upton Parish Council",
        "Parish Council",
        "2025-03-03",
    )
