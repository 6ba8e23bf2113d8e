"""The running server under change: ingest while serving, and a damaged vector file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from .conftest import CORPUS, ROOT, STOCKTON, get_json, serve

NEW_DOCUMENT = CORPUS / "manordeilo-salem" / "manordeilo-salem-cc_community-council_2020-03-11.txt"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ingest_while_serving_and_damaged_vectors(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    assert _cli("ingest", str(STOCKTON), "--data", str(data)).returncode == 0
    process, base, log = serve(data, "live.log")
    try:
        statuses: list[int] = []
        stop = threading.Event()

        def keep_searching() -> None:
            for _ in range(2000):  # bounded
                if stop.is_set():
                    return
                status, _ = get_json(f"{base}/api/search?q=street%20drinking&k=5")
                statuses.append(status)

        searcher = threading.Thread(target=keep_searching)
        searcher.start()
        ingested = _cli("ingest", str(NEW_DOCUMENT), "--data", str(data))
        stop.set()
        searcher.join(timeout=120)
        assert ingested.returncode == 0
        assert statuses and set(statuses) == {200}  # searches kept answering throughout
        # the new document is found without a restart
        status, body = get_json(f"{base}/api/search?q={quote('Manordeilo Reading Room')}&k=5")
        assert status == 200 and any(r["meeting"]["source"] == NEW_DOCUMENT.name for r in body["results"])

        # a damaged vector file: a clear 503 that says how to fix it, then `quorum reindex` fixes it live
        (data / "vectors.faiss").write_bytes(b"not a faiss index")
        status, body = get_json(f"{base}/api/search?q=street%20drinking")
        assert status == 503 and "quorum reindex" in body["message"]
        assert _cli("reindex", "--data", str(data)).returncode == 0
        status, body = get_json(f"{base}/api/search?q=street%20drinking")
        assert status == 200 and body["results"][0]["heading"] == "Problem Solving Plans"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_damaged_vector_file_is_reported_at_start_up(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(STOCKTON, tmp_path / STOCKTON.name)
    assert _cli("ingest", str(tmp_path / STOCKTON.name), "--data", str(data)).returncode == 0
    (data / "vectors.faiss").write_bytes(b"\x00" * 64)
    process, base, log = serve(data, "damaged.log")
    try:
        status, body = get_json(f"{base}/api/search?q=graffiti")
        assert status == 503
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    startup = (data / "damaged.log").read_text()
    assert "vectors.faiss is damaged" in startup and "quorum reindex" in startup
