"""Split an agenda item into overlapping passages that fit the embedding model's 256 word pieces.

Passages hold ~200 word pieces of the item's text, cut on sentence boundaries where possible, with
~40 word pieces of overlap; a sentence longer than a passage is cut on word pieces. Each passage
records its character offsets into the item text; `embed_text` is the text prefixed with the item
heading and committee, which is what gets embedded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .sentences import split_sentences

TARGET_TOKENS = 200
OVERLAP_TOKENS = 40
PREFIX_TOKENS = 40  # heading/committee prefix budget: TARGET + PREFIX + specials stay under 256


@dataclass
class Passage:
    position: int
    start: int  # char offsets into the item text
    end: int
    text: str
    embed_text: str


def prefix_for(heading: str, committee: str | None = None) -> str:
    parts = [p.strip() for p in (heading, committee or "") if p and p.strip()]
    return " | ".join(parts)


def _token_offsets(tokenizer: Any, text: str) -> list[tuple[int, int]]:
    encoded = tokenizer(text, add_special_tokens=False, truncation=False, return_offsets_mapping=True, verbose=False)
    return [tuple(span) for span in encoded["offset_mapping"]]


def _clip_prefix(tokenizer: Any, prefix: str) -> str:
    offsets = _token_offsets(tokenizer, prefix)
    return prefix if len(offsets) <= PREFIX_TOKENS else prefix[: offsets[PREFIX_TOKENS - 1][1]]


def make_passages(
    text: str,
    heading: str,
    committee: str | None = None,
    tokenizer: Any = None,
    target: int = TARGET_TOKENS,
    overlap: int = OVERLAP_TOKENS,
) -> list[Passage]:
    """Passages covering `text`; an item with no text gets one passage of its heading alone."""
    if tokenizer is None:
        from .embedder import tokenizer as load_tokenizer

        tokenizer = load_tokenizer()
    prefix = _clip_prefix(tokenizer, prefix_for(heading, committee))
    offsets = _token_offsets(tokenizer, text)
    if not offsets:
        return [Passage(0, 0, len(text), text, prefix or text)]
    starts = [s for s, _ in offsets]

    # Units: sentences measured in tokens, long sentences cut into token windows.
    units: list[tuple[int, int]] = []  # token index ranges [a, b)
    token = 0
    for s_end in (s.end for s in split_sentences(text)):
        first = token
        while token < len(offsets) and starts[token] < s_end:
            token += 1
        if token == first:
            continue
        for a in range(first, token, target):
            units.append((a, min(a + target, token)))
    if units:
        units[-1] = (units[-1][0], len(offsets))

    # Greedy packing with overlap carried back over whole units where they fit.
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, size = i, 0
        while j < len(units) and (size == 0 or size + units[j][1] - units[j][0] <= target):
            size += units[j][1] - units[j][0]
            j += 1
        windows.append((units[i][0], units[j - 1][1]))
        if j >= len(units):
            break
        back, carried = j, 0
        while back - 1 > i and carried + units[back - 1][1] - units[back - 1][0] <= overlap:
            back -= 1
            carried += units[back][1] - units[back][0]
        i = back

    passages = []
    for position, (a, b) in enumerate(windows):
        start, end = offsets[a][0], offsets[b - 1][1]
        body = text[start:end]
        passages.append(Passage(position, start, end, body, f"{prefix}: {body}" if prefix else body))
    return passages
