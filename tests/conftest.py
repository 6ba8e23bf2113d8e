"""Shared fixtures: the real corpus, a data directory with it ingested through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = ["stockton", "kent", "limerick", "norfolk-parishes", "manordeilo-salem"]
STOCKTON = CORPUS / "stockton" / "stockton-bc_safer-stockton-partnership_2024-11-27.txt"


@pytest.fixture(scope="session")
def manifest() -> dict[str, dict]:
    return {entry["path"]: entry for entry in json.loads((CORPUS / "manifest.json").read_text())}


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the whole shared corpus, ingested once per test session."""
    from service.cli import main

    data = tmp_path_factory.mktemp("corpus-data")
    status = main(["ingest", *[str(CORPUS / source) for source in SOURCES], "--data", str(data)])
    assert status == 0
    return data


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(data: Path, log_name: str = "server.log", env: dict[str, str] | None = None):
    """Start `quorum serve` (gunicorn, one worker) over `data` on a free loopback port.

    Returns (process, base URL, log file); the caller terminates the process and closes the log.
    `env` adds environment variables (configuration) for the server.
    """
    import os
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    port = _free_port()
    log = open(data / log_name, "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "serve",
            "--data",
            str(data),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return process, base, log
        except urllib.error.HTTPError as error:  # up, but not healthy (e.g. a damaged vector file): 503
            if error.code == 503:
                return process, base, log
        except OSError:
            if process.poll() is not None:
                raise RuntimeError((data / log_name).read_text()) from None
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("server did not start: " + (data / log_name).read_text())


@pytest.fixture(scope="session")
def server(corpus_data: Path):
    """The production server (`quorum serve`, gunicorn) on a loopback port over the ingested corpus."""
    process, base, log = serve(corpus_data)
    yield base
    process.terminate()
    process.wait(timeout=30)
    log.close()


def get_json(url: str, headers: dict | None = None) -> tuple[int, dict]:
    """GET a URL and return (status, parsed JSON body), for error statuses too."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
