"""Embed a meeting's agenda items: passages, sentence vectors and item summaries from one forward pass.

Each item is split into passages (`models.passages`) and the passages are embedded in length-sorted
batches. Rather than encoding every sentence a second time, each sentence's vector is the mean of its
contextual token embeddings in the passage that holds it, and the heading's vector is pooled from the
heading prefix of the item's first passage. The summary is picked from these vectors: on the
hand-checked summary set (`bench.summaries.ITEMS`) they score precision@2 0.59 against 0.55
for sentences encoded on their own, at no extra model work. The sentence vectors are kept too, so
snippets and briefings need no encoding at query time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .passages import Passage, make_passages
from .sentences import Sentence, split_sentences
from .summarise import is_procedural, pick_central

SUMMARY_SENTENCES = 3


@dataclass
class ItemToEmbed:
    text: str
    heading: str


@dataclass
class EmbeddedItem:
    passages: list[Passage]
    vectors: np.ndarray  # one L2-normalised float32 row per passage
    summary: list[Sentence]
    sentences: list[Sentence]  # every sentence of the item that has a pooled vector
    sentence_vectors: np.ndarray  # one L2-normalised float32 row per entry of `sentences`


def _holder(passages: list[Passage], sentence: Sentence) -> int:
    """The passage that holds the whole sentence, else the first that holds its start."""
    for index, passage in enumerate(passages):
        if passage.start <= sentence.start and sentence.end <= passage.end:
            return index
    return next((i for i, p in enumerate(passages) if p.end > sentence.start), len(passages) - 1)


def _summary(
    sentences: list[Sentence], rows: list[np.ndarray | None], heading_vec: np.ndarray | None, summary_sentences: int
) -> list[Sentence]:
    """Central sentences among the non-procedural ones (all of them if every one is procedural)."""
    content = [n for n, s in enumerate(sentences) if not is_procedural(s.text)] or list(range(len(sentences)))
    if len(content) <= summary_sentences:
        return [sentences[n] for n in content]
    from .embedder import DIMENSION

    matrix = np.stack([row if (row := rows[n]) is not None else np.zeros(DIMENSION, np.float32) for n in content])
    return pick_central([sentences[n] for n in content], matrix, heading_vec, summary_sentences)


def embed_items(
    items: Sequence[ItemToEmbed], committee: str | None = None, summary_sentences: int = SUMMARY_SENTENCES
) -> list[EmbeddedItem]:
    """Passages, passage vectors, sentence vectors and a summary for every item, in one batched encode."""
    from .embedder import DIMENSION, encode_with_spans

    all_passages: list[list[Passage]] = []
    texts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    wanted: list[tuple[list[Sentence], list[tuple[int, int]], tuple[int, int] | None]] = []
    for item in items:
        passages = make_passages(item.text, item.heading, committee)
        first = len(texts)
        all_passages.append(passages)
        texts.extend(p.embed_text for p in passages)
        spans.extend([] for _ in passages)
        sentences = split_sentences(item.text) if passages else []
        where = []
        for sentence in sentences:
            index = _holder(passages, sentence)
            passage = passages[index]
            offset = len(passage.embed_text) - len(passage.text)  # the heading/committee prefix
            a = offset + max(sentence.start, passage.start) - passage.start
            b = offset + min(sentence.end, passage.end) - passage.start
            spans[first + index].append((a, b))
            where.append((first + index, len(spans[first + index]) - 1))
        heading = item.heading.strip()
        heading_at = None
        if heading and passages:  # the passage prefix starts with the heading (`models.passages.prefix_for`)
            spans[first].append((0, min(len(heading), len(passages[0].embed_text))))
            heading_at = (first, len(spans[first]) - 1)
        wanted.append((sentences, where, heading_at))

    vectors, pooled = encode_with_spans(texts, spans)
    out: list[EmbeddedItem] = []
    first = 0
    for passages, (sentences, where, heading_at) in zip(all_passages, wanted):
        rows = [pooled[t][s] for t, s in where]
        heading_vec = pooled[heading_at[0]][heading_at[1]] if heading_at else None
        summary = _summary(sentences, rows, heading_vec, summary_sentences) if summary_sentences > 0 else []
        kept = [n for n, row in enumerate(rows) if row is not None]
        sentence_vectors = (
            np.stack([row for row in rows if row is not None]).astype(np.float32)
            if kept
            else np.zeros((0, DIMENSION), np.float32)
        )
        out.append(
            EmbeddedItem(
                passages,
                vectors[first : first + len(passages)],
                summary,
                [sentences[n] for n in kept],
                sentence_vectors,
            )
        )
        first += len(passages)
    return out
