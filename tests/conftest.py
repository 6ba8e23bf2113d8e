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
