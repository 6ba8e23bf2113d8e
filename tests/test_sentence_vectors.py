"""Sentence vectors pooled at ingest: stored for every sentence, equal to the model's token means, and
used by snippets and briefings so that no sentence is run through the model at query time."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from .conftest import STOCKTON


@pytest.fixture
def encoded_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the real embedder encodes while the test runs (the model still does the work)."""
    import index.briefing
    import models.embedder

    seen: list[str] = []
    real = models.embedder.encode

    def counting(texts, *args, **kwargs):
        seen.extend(texts)
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(models.embedder, "encode", counting)
    monkeypatch.setattr(index.briefing, "encode", counting)
    return seen


def _stockton_items(data: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(data / "quorum.sqlite3") as conn:
        return conn.execute(
            "SELECT i.id, i.text, i.heading FROM items i JOIN meetings m ON m.id = i.meeting_id"
            " JOIN documents d ON d.id = m.document_id WHERE d.source = ?",
            (STOCKTON.name,),
        ).fetchall()


def test_every_sentence_has_a_stored_vector_equal_to_its_token_mean(corpus_data: Path) -> None:
    import torch

    from index.access import OFFICER
    from index.sentence_store import sentence_vectors_for
    from index.store import Store
    from models.embedder import get_model
    from models.passages import make_passages
    from models.sentences import split_sentences

    items = [item for item in _stockton_items(corpus_data) if split_sentences(item[1])]
    with Store(corpus_data / "quorum.sqlite3", OFFICER) as store:  # restricted items too
        stored = sentence_vectors_for(store.conn, [item_id for item_id, _, _ in items])
    assert len(stored) == len(items) >= 9
    model = get_model()
    checked = 0
    for item_id, text, heading in items:
        vectors = stored[item_id]
        assert vectors.spans == [(s.start, s.end) for s in split_sentences(text)]
        assert np.allclose(np.linalg.norm(vectors.vectors.astype(np.float32), axis=1), 1.0, atol=2e-3)
        passage = make_passages(text, heading, "Safer Stockton Partnership")[0]
        prefix = len(passage.embed_text) - len(passage.text)
        features = model.tokenizer(
            [passage.embed_text],
            return_offsets_mapping=True,
            return_tensors="pt",
            truncation=True,
            max_length=model.max_seq_length,
        )
        offsets = features.pop("offset_mapping")[0]
        with torch.inference_mode():
            tokens = model.forward(dict(features))["token_embeddings"][0].float()
        for (start, end), vector in zip(vectors.spans, vectors.vectors):
            if end > passage.end:
                break
            a, b = prefix + start - passage.start, prefix + end - passage.start
            inside = (offsets[:, 0] >= a) & (offsets[:, 1] <= b) & (offsets[:, 1] > offsets[:, 0])
            expected = torch.nn.functional.normalize(tokens[inside].mean(dim=0), dim=0).numpy()
            assert float(expected @ vector) > 0.999
            checked += 1
    assert checked > 40


def test_snippets_and_briefings_encode_only_the_query(corpus_data: Path, encoded_texts: list[str]) -> None:
    from index.access import ANONYMOUS
    from index.briefing import build_briefing
    from index.search import search
    from index.store import Store

    with Store(corpus_data / "quorum.sqlite3", ANONYMOUS) as store:
        response = search(store, "Glazewing", k=10)  # a word found in no item: snippets by meaning
        assert encoded_texts == ["Glazewing"]
        assert all(r.snippet.text for r in response.results)
        encoded_texts.clear()
        briefing = build_briefing(store, "drinking in public places")
    assert set(encoded_texts) == {"drinking in public places"}
    assert sum(len(section.sentences) for section in briefing.sections) >= 6


def test_a_store_without_sentence_vectors_still_gives_snippets(tmp_path: Path, encoded_texts: list[str]) -> None:
    from index.access import ANONYMOUS
    from index.search import search
    from index.store import Store
    from service.cli import main

    doc, data = tmp_path / STOCKTON.name, tmp_path / "data"
    shutil.copy(STOCKTON, doc)
    assert main(["ingest", str(doc), "--data", str(data)]) == 0
    with Store(data / "quorum.sqlite3", ANONYMOUS) as store:
        with_vectors = search(store, "drinking in public places at night", k=5, floor=0.0).results
        store.conn.execute("DELETE FROM sentence_vectors")  # as a store written before they existed
        encoded_texts.clear()
        without = search(store, "drinking in public places at night", k=5, floor=0.0).results
    assert len(encoded_texts) > 1  # candidate sentences were embedded instead
    assert [r.item_id for r in without] == [r.item_id for r in with_vectors]
    assert all(r.snippet.text for r in without)
