"""Extractive summarisation of minutes: sentence splitting, item summaries, query-focused selection.

Everything here is a pure function over text and an embedding function (`texts -> (n, d)` float32
rows, L2-normalised, e.g. `models.embedder.encode`). Every sentence returned is an exact substring of
the text it came from, with its character offsets, so a briefing can only ever quote the minutes.

split_sentences(text)
    Rule-based splitter for minutes: blank lines, bullets (`*`, `•`, `-`), numbered / lettered lists
    (`1)`, `2.`, `(a)`), colons that introduce a list, hard line breaks after terminal punctuation and
    short title-like lines; `.`/`!`/`?` followed by a capital, digit or bullet. It does not break after
    honorifics and minutes abbreviations (Cllr., Cllrs., Mr., Mrs., Dr., No., e.g., i.e., etc., approx.,
    St., Prof., Rev., Ref., para., Min., ...), single initials ("J. Smith") or decimals ("13.3%").
    List markers are left outside the sentence span.

summarise_item(text, heading, embeddings_fn, max_sentences=3)
    Scores sentences by embedding centrality: cosine to the centroid of the item's sentences blended
    with cosine to the heading, plus a small prior for early sentences and a penalty for procedural
    boilerplate ("Members agreed to note the report.", "RESOLVED that the report be noted.") and very
    short fragments; the top sentences are returned in document order.

    Method comparison (hand-checked, 2026-11-26; `python -m bench.summaries` reruns it).
    For 11 items from /work/shared/corpus (5 Stockton, 4 Limerick, 2 Kent) I marked the 2-6 sentences
    a reader needs (procedural lines excluded); score = share of the 2 picked sentences that are marked
    ("precision@2"), averaged over items:

        centroid centrality alone ........................................ 0.41
        TextRank (PageRank over the positive cosine graph) alone ......... 0.41
        centroid + heading (0.3) ......................................... 0.50
        centroid + heading (0.3) + lead prior 0.06/(1+i)   (kept) ........ 0.55
        TextRank + the same heading and lead priors ...................... 0.55
        lead-2 (first two content sentences) ............................. 0.55

    On items of 4-12 sentences (the normal size of a minutes item) the cosine graph is nearly complete
    and PageRank reduces to degree centrality, so it picked exactly the same sentences as the centroid
    on every item; the heading and position priors are what help (they lift the 13.3% sentence in the
    Stockton crime report). The difference shows on long texts: on QMSum committee val "summarise the
    whole meeting" queries (bench/qmsum.py, 150 words), TextRank scores R1/R2/RL 26.2/3.7/14.0 and
    centroid centrality + MMR 29.5/3.8/14.3 (30.9/6.5/18.0 with a lead prior). The centroid method is
    kept: as good or better, and a single matrix-vector product instead of a power iteration. With
    11 items and ties everywhere, the item-level comparison cannot separate the methods; it is a sanity
    check, not a benchmark.

select_for_query(query, candidates, embed, k, lambda_=0.7, max_words=None)
    Query-focused maximal marginal relevance. relevance = 0.8 * cosine(query, sentence) + 0.2 *
    BM25-style IDF-weighted term overlap (IDF over the candidate pool, query boilerplate such as
    "summarise", "discussion", "what did ... say" removed); redundancy = max cosine to what has already
    been picked; choose argmax lambda * relevance - (1 - lambda) * redundancy until `k` sentences or
    `max_words` words. Candidates may carry a precomputed embedding (cache per meeting / per item).
    Used for briefings across items and by bench/qmsum.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ingest.lexicon import QUERY_BOILERPLATE, STOPWORDS, stem

from .sentences import Sentence, split_sentences

EmbedFn = Callable[[Sequence[str]], np.ndarray]


@dataclass
class CandidateSentence:
    """A sentence competing for a query-focused selection, with whatever the caller needs to cite it."""

    text: str
    start: int = 0
    end: int = 0
    source: Any = None  # e.g. item id, (meeting, turn) – opaque here
    position: int = 0  # order within its source
    embedding: np.ndarray | None = field(default=None, repr=False)
    prior: float = 0.0  # additive score bonus from the caller (e.g. item-level relevance)


# --------------------------------------------------------------------------------------------------
# item summaries

_PROCEDURAL = re.compile(
    r"^(?:members|the (?:committee|board|panel|partnership|council|cabinet|sub-committee)|partners|it was)?\s*"
    r"(?:agreed|resolved|noted|received|considered)?\s*(?:that\s+)?(?:to\s+)?"
    r"(?:note|noted|receive|received)?\s*(?:the\s+)?(?:report|update|minutes|information|contents|presentation)"
    r"(?:\s+(?:be|was|were)\s+(?:noted|received|agreed))?\.?$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:resolved|agreed|recommended)\b.{0,40}\b(?:noted|received)\.?$|^(?:the )?(?:evacuation procedure|"
    r"apologies|declarations?)\b.{0,40}\b(?:noted|received|made|none)\.?$|^none\.?$|^no (?:declarations|"
    r"apologies|interests)\b.{0,60}$",
    re.IGNORECASE,
)


def is_procedural(sentence: str) -> bool:
    """Formulaic minute lines that carry no content ("Members agreed to note the report.")."""
    s = " ".join(sentence.split())
    return bool(_PROCEDURAL.match(s) or _BOILERPLATE.match(s))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9£%]+(?:['’.][a-z0-9]+)*", text.lower())


HEADING_WEIGHT = 0.3
POSITION_WEIGHT = 0.06


def _sentence_scores(
    sentences: list[Sentence],
    vectors: np.ndarray,
    heading_vec: np.ndarray | None,
    method: str = "centroid",
    heading_weight: float = HEADING_WEIGHT,
    position_weight: float = POSITION_WEIGHT,
) -> np.ndarray:
    n = len(sentences)
    if method == "textrank":
        sim = np.clip(vectors @ vectors.T, 0.0, None)
        np.fill_diagonal(sim, 0.0)
        rows = sim.sum(axis=1, keepdims=True)
        trans = np.divide(sim, rows, out=np.full_like(sim, 1.0 / max(n, 1)), where=rows > 0)
        rank = np.full(n, 1.0 / n)
        for _ in range(50):
            new = 0.15 / n + 0.85 * trans.T @ rank
            if np.abs(new - rank).sum() < 1e-6:
                rank = new
                break
            rank = new
        central = rank * n  # ~1 on average, comparable to cosines
        central = (central - central.mean()) * 0.5 + 0.5
    else:
        centroid = vectors.mean(axis=0)
        norm = np.linalg.norm(centroid)
        central = vectors @ (centroid / norm) if norm > 0 else np.zeros(n)
    score = central.astype(np.float64)
    if heading_vec is not None and heading_weight:
        score = (1 - heading_weight) * score + heading_weight * (vectors @ heading_vec)
    positions = np.arange(n)
    score += position_weight / (1.0 + positions)  # small lead prior: 0.06, 0.03, 0.02, ...
    lengths = np.array([len(_words(s.text)) for s in sentences])
    score -= np.where(lengths < 5, 0.15, 0.0)
    score -= np.array([0.3 if is_procedural(s.text) else 0.0 for s in sentences])
    return score


def summary_candidates(text: str) -> list[Sentence]:
    """The sentences an item summary is chosen from: procedural lines dropped unless they are all there is."""
    sentences = split_sentences(text)
    return [s for s in sentences if not is_procedural(s.text)] or sentences


def pick_central(
    content: list[Sentence],
    vectors: np.ndarray,
    heading_vec: np.ndarray | None,
    max_sentences: int = 3,
    method: str = "centroid",
    heading_weight: float = HEADING_WEIGHT,
    position_weight: float = POSITION_WEIGHT,
) -> list[Sentence]:
    """The `max_sentences` most central of `content` (rows of `vectors`), in document order."""
    if len(content) <= max_sentences:
        return list(content)
    scores = _sentence_scores(content, vectors, heading_vec, method, heading_weight, position_weight)
    # light redundancy control: skip a pick that nearly duplicates one already chosen
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if any(float(vectors[i] @ vectors[j]) > 0.92 for j in chosen):
            continue
        chosen.append(int(i))
        if len(chosen) == max_sentences:
            break
    return [content[i] for i in sorted(chosen)]


def summarise_item(
    text: str,
    heading: str,
    embeddings_fn: EmbedFn,
    max_sentences: int = 3,
    method: str = "centroid",
    heading_weight: float = HEADING_WEIGHT,
    position_weight: float = POSITION_WEIGHT,
) -> list[Sentence]:
    """Up to `max_sentences` central sentences of an item's text, each sentence embedded on its own.

    Ingest uses `models.passage_embedding.embed_items` instead, which pools the same sentences' vectors
    from the passage forward pass; this form serves the method comparison and texts without passages.
    """
    if max_sentences <= 0:
        return []
    content = summary_candidates(text)
    if len(content) <= max_sentences:
        return content
    heading = (heading or "").strip()
    vectors = np.asarray(embeddings_fn([s.text for s in content] + ([heading] if heading else [])), dtype=np.float32)
    heading_vec = vectors[-1] if heading else None
    return pick_central(
        content, vectors[: len(content)], heading_vec, max_sentences, method, heading_weight, position_weight
    )


# --------------------------------------------------------------------------------------------------
# query-focused selection

_QUERY_STOP = STOPWORDS | QUERY_BOILERPLATE


def _content_terms(text: str) -> list[str]:
    return [stem(w) for w in _words(text) if w not in _QUERY_STOP and len(w) > 1]


def lexical_scores(query: str, texts: Sequence[str]) -> np.ndarray:
    """BM25-ish score of each text for the query's content terms, IDF over `texts`, scaled to [0, 1]."""
    terms = set(_content_terms(query))
    if not terms or not texts:
        return np.zeros(len(texts))
    docs = [Counter(_content_terms(t)) for t in texts]
    n = len(docs)
    avg = sum(sum(d.values()) for d in docs) / n or 1.0
    df = Counter(term for d in docs for term in set(d) if term in terms)
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
    k1, b = 1.2, 0.75
    out = np.zeros(n)
    for i, d in enumerate(docs):
        length = sum(d.values())
        for t in terms:
            tf = d.get(t, 0)
            if tf:
                out[i] += idf[t] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg))
    top = out.max()
    return out / top if top > 0 else out


def candidate_vectors(candidates: Sequence[CandidateSentence], embed: EmbedFn) -> np.ndarray:
    """Embeddings of the candidates, computing (and storing on them) only the missing ones."""
    missing = [i for i, c in enumerate(candidates) if c.embedding is None]
    if missing:
        fresh = np.asarray(embed([candidates[i].text for i in missing]), dtype=np.float32)
        for row, i in enumerate(missing):
            candidates[i].embedding = fresh[row]
    if not candidates:
        return np.zeros((0, 1), dtype=np.float32)
    return np.stack([c.embedding for c in candidates if c.embedding is not None]).astype(np.float32, copy=False)


def relevance_scores(
    query: str,
    candidates: Sequence[CandidateSentence],
    embed: EmbedFn,
    lexical_weight: float = 0.2,
    query_vec: np.ndarray | None = None,
) -> np.ndarray:
    vectors = candidate_vectors(candidates, embed)
    if query_vec is None:
        query_vec = np.asarray(embed([query]), dtype=np.float32)[0]
    dense = vectors @ query_vec
    lexical = lexical_scores(query, [c.text for c in candidates]) if lexical_weight else np.zeros(len(candidates))
    prior = np.array([c.prior for c in candidates])
    return (1 - lexical_weight) * dense + lexical_weight * lexical + prior


def mmr(
    relevance: np.ndarray,
    vectors: np.ndarray,
    k: int,
    lambda_: float = 0.7,
    lengths: Sequence[int] | None = None,
    max_words: int | None = None,
    redundancy_cap: float = 1.01,
) -> list[int]:
    """Indices chosen by maximal marginal relevance, in selection order.

    Stops after `k` picks or when `max_words` (sum of `lengths`) is reached; the pick that crosses the
    word budget is kept only if it brings the total closer to the budget. Candidates whose similarity to
    a picked sentence exceeds `redundancy_cap` are never picked.
    """
    n = len(relevance)
    chosen: list[int] = []
    if n == 0 or k <= 0:
        return chosen
    max_sim = np.full(n, -np.inf)
    available = np.ones(n, dtype=bool)
    total = 0
    while len(chosen) < k and available.any():
        redundancy = np.where(np.isfinite(max_sim), max_sim, 0.0)
        score = lambda_ * relevance - (1 - lambda_) * redundancy
        score = np.where(available, score, -np.inf)
        i = int(np.argmax(score))
        if not np.isfinite(score[i]):
            break
        available[i] = False
        if max_words is not None and lengths is not None:
            if total + lengths[i] > max_words:
                if chosen and (total + lengths[i] - max_words) > (max_words - total):
                    continue  # too long to fit: try a shorter one
            total += lengths[i]
        chosen.append(i)
        max_sim = np.maximum(max_sim, vectors @ vectors[i])
        available &= max_sim <= redundancy_cap
        if max_words is not None and total >= max_words:
            break
    return chosen


def select_for_query(
    query: str,
    candidates: list[CandidateSentence],
    embed: EmbedFn,
    k: int,
    lambda_: float = 0.7,
    max_words: int | None = None,
    lexical_weight: float = 0.2,
    min_words: int = 3,
    query_vector: np.ndarray | None = None,
    redundancy_cap: float = 0.9,
) -> list[CandidateSentence]:
    """The `k` candidates (or `max_words` words) that best answer `query`, by MMR, in selection order.

    Candidates shorter than `min_words` words are ignored (fillers such as "Okay." or "Thank you.").
    `query_vector` replaces the query's embedding (e.g. a centroid for "summarise the whole meeting");
    each candidate's `prior` is added to its relevance; candidates more similar than `redundancy_cap` to
    a picked one are never picked.
    """
    pool = [c for c in candidates if len(_words(c.text)) >= min_words] or list(candidates)
    if not pool or k <= 0:
        return []
    vectors = candidate_vectors(pool, embed)
    relevance = relevance_scores(query, pool, embed, lexical_weight, query_vector)
    lengths = [len(c.text.split()) for c in pool]
    picked = mmr(relevance, vectors, k, lambda_, lengths, max_words, redundancy_cap=redundancy_cap)
    return [pool[i] for i in picked]
