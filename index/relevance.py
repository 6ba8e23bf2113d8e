"""How well a result answers the query, on a scale that means the same for every query.

The fused ranking score is relative (min-max normalised within one query), so it cannot say whether the
best result is any good. Relevance is a logistic model over absolute evidence instead: the cosine of the
item's best passage with the query, the share of the query's content words the item contains (by stem),
and whether it holds an exact name or quoted phrase of the query. The weights and the floor
were fitted on the dev queries and the dev queries that should match nothing (`python -m bench.relevance`,
which prints them), and checked on the test queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ingest.lexicon import QUERY_BOILERPLATE, STOPWORDS, stem

# Fitted by `python -m bench.relevance` on the dev queries (it prints these four numbers and the floor).
WEIGHTS = {"cosine": 3.75, "coverage": 3.86, "named": 0.73, "bias": -3.20}
FLOOR = 0.21  # below this a result is not shown as a match (hides under 5% of the dev queries' relevant items)
STRONG = 0.50  # the best result at or above this (the model's even odds of being relevant): a strong match


@dataclass(frozen=True)
class Evidence:
    """What a result's relevance is computed from."""

    cosine: float  # best passage's cosine with the query (0 when the item is not among the dense candidates)
    coverage: float  # share of the query's content stems present in the item's heading and text
    named: bool  # holds an exact name or quoted phrase of the query

    def features(self) -> list[float]:
        return [self.cosine, self.coverage, float(self.named)]


def score(evidence: Evidence, weights: dict[str, float] | None = None) -> float:
    """Relevance in [0, 1]."""
    w = weights or WEIGHTS
    z = (
        w["cosine"] * evidence.cosine
        + w["coverage"] * evidence.coverage
        + w["named"] * float(evidence.named)
        + w["bias"]
    )
    return 1.0 / (1.0 + math.exp(-z))


def verdict(relevances: list[float], floor: float = FLOOR, strong: float = STRONG) -> str:
    """'strong', 'weak' or 'none' for a query, from its results' relevances."""
    best = max(relevances, default=0.0)
    return "strong" if best >= strong else "weak" if best >= floor else "none"


def content_stems(terms: list[str]) -> set[str]:
    """The stems of the query words that carry its meaning (no stopwords or question boilerplate)."""
    return {stem(t) for t in terms if len(t) > 1 and t.lower() not in STOPWORDS and t.lower() not in QUERY_BOILERPLATE}
