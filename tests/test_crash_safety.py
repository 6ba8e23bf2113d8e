"""Kill the ingest process (kill -9) at random moments over part of the Limerick archive: after each
kill the store is consistent, and rerunning the same command completes the job."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .conftest import ROOT

ARCHIVE = ROOT.parent / "shared" / "archive" / "limerick-minutes"
DOCUMENTS = 24


def _check_consistent(data: Path) -> int:
    """Assert the store's invariants; return how many documents it holds."""
    from index.passage_index import refresh_vectors
    from index.vectors import CACHE, index_path

    conn = sqlite3.connect(data / "quorum.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert conn.execute("SELECT COUNT(DISTINCT path), COUNT(DISTINCT sha256) FROM documents").fetchone() == (
        documents,
        documents,
    )
    # no half-ingested document: a meeting, its items, every item with embedded passages
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM documents d LEFT JOIN meetings m ON m.document_id = d.id WHERE m.id IS NULL"
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = m.id)"
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.item_id = i.id)"
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute("SELECT COUNT(*) FROM passages WHERE vector IS NULL OR length(vector) != 384 * 4").fetchone()[0]
        == 0
    )
    # the vector index the server would load holds exactly the stored passages
    refresh_vectors(conn, data)
    index, _ = CACHE.get(index_path(data))
    faiss_ids = {int(index.id_map.at(i)) for i in range(index.ntotal)}
    passage_ids = {row[0] for row in conn.execute("SELECT id FROM passages")}
    assert faiss_ids == passage_ids
    conn.close()
    return documents


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pids: list[int], seconds: float = 10.0) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.2)
    return False


def test_kill_9_during_ingest_then_rerun_completes(tmp_path: Path) -> None:
    source = tmp_path / "limerick"
    source.mkdir()
    for path in sorted(ARCHIVE.glob("*.md"))[:DOCUMENTS]:
        (source / path.name).symlink_to(path)
    data = tmp_path / "data"
    command = [sys.executable, "-m", "service.cli", "ingest", str(source), "--data", str(data)]
    rng = random.Random(20261126)
    stored = 0
    for _ in range(4):
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(4.0, 14.0))
        helpers = _children(process.pid)  # the entity worker and multiprocessing's resource tracker
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert _gone(helpers), "a helper process outlived the killed ingest"
        if (data / "quorum.sqlite3").exists():
            now = _check_consistent(data)
            assert now >= stored  # committed documents are never lost
            stored = now
    final = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert final.returncode == 0, final.stdout[-2000:]
    assert _check_consistent(data) == DOCUMENTS
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and f"{DOCUMENTS} unchanged" in again.stdout
