"""Hybrid search over agenda items: dense passages (FAISS) + BM25 (FTS5), fused per item.

Dense score of an item = its best passage's cosine with the query; keyword score = BM25 with the
heading weighted up. The two rankings are fused (`FUSION`, chosen on the dev queries by
`python -m bench.search`), and items containing an exact name or quoted phrase from the query are
lifted to the top. Every candidate is joined against the viewer's `visible_*` views, so restricted
or stale ids never surface. Snippets are the 1-3 sentences that best match the query (by shared terms,
else by the sentence vectors stored at ingest), as plain text with the spans of the query's words (matched
by stem); `service.render` turns them into HTML.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import time
from dataclasses import dataclass, field

import numpy as np

from ingest.lexicon import stem

from . import relevance as rel
from . import vectors
from .keyword import ParsedQuery, bm25_search, fts_expression, parse_query, phrase_expression
from .people import PersonHit, answer_who, people_named
from .sentence_store import SentenceVectors, sentence_vectors_for
from .store import Store, meeting_filter_clauses, meeting_in_filters
from .views import ItemView, SearchHit, Snippet

DEPTH = 100  # candidates taken from each ranking
FAISS_DEPTH = 300  # passages read from FAISS before joining with visible items
EXACT_LIMIT = 50_000  # filtered searches score up to this many passages exactly, from SQLite
RRF_K = 60
DENSE_WEIGHT = 0.5  # score fusion: weight of the normalised dense score (best on the dev queries)
# the head of the fused ranking is ranked again with the item's best sentence (stored sentence vectors):
# a question in the user's own words often matches one sentence of an item better than any passage
# (dev queries nDCG@10 0.739 -> 0.773, test 0.747 -> 0.749; weights from a plateau of a grid on dev)
HEAD = 20
SCAN_FACTOR = 4  # relevance is weighed for at most this many candidates per result asked for
HEAD_WEIGHTS = {"dense": 0.3, "bm25": 0.35, "sentence": 0.35}
FUSION = "score"  # "score" (normalised score fusion) beat reciprocal rank fusion on the dev queries
NAME_BOOST = 1.0  # added for an exact name / quoted phrase match (fused scores are below 1)
SNIPPET_EMBED_RESULTS = 5  # stores without sentence vectors: results whose snippet sentences are embedded
SNIPPET_CANDIDATES = 6  # ... and sentences embedded per such result (from its best passage first)
SNIPPET_MAX_CHARS = 360


@dataclass
class Rankings:
    """Per-item candidate rankings for one query, best first."""

    parsed: ParsedQuery
    bm25: list[tuple[int, float]]
    dense: list[tuple[int, float]]
    best_passage: dict[int, tuple[int, int]]  # item id -> (start, end) of its best passage
    named: set[int] = field(default_factory=set)  # items with an exact name / phrase match
    query_vector: np.ndarray | None = None
    sentences: dict[int, SentenceVectors] = field(default_factory=dict)  # read for the head re-ranking


@dataclass
class SearchResponse:
    query: str
    results: list[SearchHit]
    took_ms: float
    fusion: str = FUSION
    filters: dict = field(default_factory=dict)
    people: list[PersonHit] = field(default_factory=list)  # for 'who ...' questions: the people asked for
    match: str = "none"  # 'strong' | 'weak' | 'none': how well the best result answers the query
    suggestions: list[dict] = field(default_factory=list)  # what would help when nothing matches well


def filter_sql(
    council: str | None = None,
    committee: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    after_item: int | None = None,
) -> tuple[str, list]:
    """SQL over aliases i (visible_items) and m (visible_meetings) for the search filters (`after_item`: only
    items stored after that one, for matching saved searches against what an ingest added)."""
    clauses, params = meeting_filter_clauses(council, committee, date_from, date_to)
    if after_item is not None:
        clauses.append("i.id > ?")
        params.append(after_item)
    if entity:
        entity = str(entity).strip()
        if (
            entity.isascii() and entity.isdigit() and len(entity) <= 18
        ):  # an entity id (larger numbers are names, never ids)
            clauses.append("EXISTS (SELECT 1 FROM visible_mentions vm WHERE vm.item_id = i.id AND vm.entity_id = ?)")
            params.append(int(entity))
        else:
            clauses.append(  # only names the viewer may see: the forms and surfaces of visible mentions
                "EXISTS (SELECT 1 FROM visible_mentions vm WHERE vm.item_id = i.id AND vm.entity_id IN"
                " (SELECT entity_id FROM visible_mentions WHERE name = ? COLLATE NOCASE OR surface = ? COLLATE NOCASE))"
            )
            params += [entity] * 2
    return " AND ".join(clauses), params


def _visible_passages(
    conn: sqlite3.Connection, passage_ids: list[int], where: str, params: list
) -> dict[int, sqlite3.Row]:
    found: dict[int, sqlite3.Row] = {}
    for begin in range(0, len(passage_ids), 900):
        chunk = passage_ids[begin : begin + 900]
        # CROSS JOIN keeps passages the outer loop: looked up by id, then checked for visibility. Left to
        # itself SQLite walked every visible meeting and item instead (21 ms against 0.7 ms on the corpus).
        sql = (
            f"SELECT p.id, p.item_id, p.start, p.end FROM passages p CROSS JOIN visible_items i ON i.id = p.item_id"
            f" JOIN visible_meetings m ON m.id = i.meeting_id WHERE p.id IN ({','.join('?' * len(chunk))})"
            f"{(' AND ' + where) if where else ''}"
        )
        found.update((row["id"], row) for row in conn.execute(sql, (*chunk, *params)))
    return found


def _per_item(
    hits: list[tuple[int, float]], rows: dict[int, sqlite3.Row], best: dict[int, tuple[int, int]]
) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for passage_id, score in hits:
        row = rows.get(passage_id)
        if row is None:
            continue  # stale id, or not visible to this viewer / outside the filters
        item_id = row["item_id"]
        if item_id not in scores or score > scores[item_id]:
            scores[item_id] = score
            best[item_id] = (row["start"], row["end"])
    return sorted(scores.items(), key=lambda pair: -pair[1])


def dense_search(
    store: Store, query_vector: np.ndarray, where: str = "", params: list | None = None, depth: int = DEPTH
) -> tuple[list[tuple[int, float]], dict[int, tuple[int, int]]]:
    """Items by their best passage's cosine, and each item's best passage span."""
    conn, params = store.conn, params or []
    signature = vectors.db_signature(conn)
    best: dict[int, tuple[int, int]] = {}
    if signature.count == 0:
        return [], best
    index, indexed = vectors.CACHE.get(vectors.index_path(store.db_path.parent))  # raises if missing/damaged
    exact = indexed != signature  # stale file: score from SQLite until the next refresh
    if where and not exact:
        count = conn.execute(
            f"SELECT COUNT(*) FROM passages p JOIN visible_items i ON i.id = p.item_id"
            f" JOIN visible_meetings m ON m.id = i.meeting_id WHERE {where}",
            params,
        ).fetchone()[0]
        exact = count <= EXACT_LIMIT
    if exact:
        item_ids = [
            r[0]
            for r in conn.execute(
                f"SELECT i.id FROM visible_items i JOIN visible_meetings m ON m.id = i.meeting_id"
                f"{(' WHERE ' + where) if where else ''}",
                params,
            )
        ]
        ids, matrix = vectors.all_vectors(conn, item_ids)
        scores = matrix @ query_vector if len(ids) else np.zeros(0, dtype=np.float32)
        top = np.argsort(-scores)[:FAISS_DEPTH]
        hits = [(int(ids[i]), float(scores[i])) for i in top]
    else:
        hits = vectors.search(index, query_vector, FAISS_DEPTH)
    rows = _visible_passages(conn, [pid for pid, _ in hits], where, params)
    return _per_item(hits, rows, best)[:depth], best


_COUNTS: dict[tuple, int] = {}


def _visible_item_count(store: Store) -> int:
    """Visible items, counted once per viewer and state of the archive (the count reads every item row:
    5 ms on 10,000 items); the archive's state is the passages' signature, which every write changes."""
    key = (str(store.db_path), store.viewer.sees_restricted, vectors.db_signature(store.conn))
    if key not in _COUNTS:
        if len(_COUNTS) > 64:
            _COUNTS.clear()
        _COUNTS[key] = max(1, store.conn.execute("SELECT COUNT(*) FROM visible_items").fetchone()[0])
    return _COUNTS[key]


def rankings(
    store: Store,
    query: str,
    council: str | None = None,
    committee: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    depth: int = DEPTH,
    after_item: int | None = None,
) -> Rankings:
    """BM25 and dense candidate rankings plus exact-name matches, all within the filters."""
    from models.embedder import encode

    where, params = filter_sql(council, committee, date_from, date_to, entity, after_item)
    parsed = parse_query(query)
    bm25 = bm25_search(store.conn, fts_expression(parsed), depth, where, params)
    query_vector = encode([query.strip() or " "])[0]
    dense, best = dense_search(store, query_vector, where, params, depth)
    named: set[int] = set()
    total = _visible_item_count(store) if parsed.phrases else 1
    for phrase in parsed.phrases:
        matches = {i for i, _ in bm25_search(store.conn, phrase_expression(phrase), 10_000, where, params)}
        if len(matches) <= max(10, total // 50):  # a name everywhere is no signal
            named |= matches
    return Rankings(parsed, bm25, dense, best, named, query_vector)


def fuse_rrf(*lists: list[tuple[int, float]], k: int = RRF_K) -> dict[int, float]:
    fused: dict[int, float] = {}
    for ranking in lists:
        for rank, (item_id, _) in enumerate(ranking, start=1):
            fused[item_id] = fused.get(item_id, 0.0) + 1.0 / (k + rank)
    return fused


def _minmax(ranking: list[tuple[int, float]]) -> dict[int, float]:
    if not ranking:
        return {}
    scores = [s for _, s in ranking]
    low, high = min(scores), max(scores)
    span = high - low
    return {i: ((s - low) / span if span > 0 else 1.0) for i, s in ranking}


def fuse_scores(
    bm25: list[tuple[int, float]], dense: list[tuple[int, float]], dense_weight: float = DENSE_WEIGHT
) -> dict[int, float]:
    """Weighted sum of min-max normalised scores (an item missing from a ranking scores 0 there)."""
    b, d = _minmax(bm25), _minmax(dense)
    return {i: dense_weight * d.get(i, 0.0) + (1 - dense_weight) * b.get(i, 0.0) for i in set(b) | set(d)}


def fuse(r: Rankings, method: str = FUSION, boost_names: bool = True) -> list[tuple[int, float]]:
    """Final ranking (item id, score), best first."""
    fused = fuse_rrf(r.bm25, r.dense) if method == "rrf" else fuse_scores(r.bm25, r.dense)
    if method == "rrf":  # rescale to [0, 1] so the name boost and scores read the same for both methods
        top = 2.0 / (RRF_K + 1)
        fused = {i: s / top for i, s in fused.items()}
    if boost_names:
        for item_id in r.named:
            fused[item_id] = fused.get(item_id, 0.0) + NAME_BOOST
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def search(
    store: Store,
    query: str,
    k: int = 10,
    council: str | None = None,
    committee: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    floor: float = rel.FLOOR,
    suggest: bool = True,
    after_item: int | None = None,
) -> SearchResponse:
    """Top-k visible agenda items for `query` within the filters, at or above the relevance `floor`, with a
    verdict on how well the best answers it and, when none does well, `suggestions`."""
    started = time.perf_counter()
    filters = {
        key: value
        for key, value in (
            ("council", council),
            ("committee", committee),
            ("from", date_from),
            ("to", date_to),
            ("entity", entity),
        )
        if value
    }
    query = (query or "").strip()
    if not query or k < 1:
        return SearchResponse(query, [], 0.0, FUSION, filters)
    people = [
        hit
        for hit in ((answer_who(store.conn, query) or people_named(store.conn, query)) if after_item is None else [])
        if meeting_in_filters(hit.meeting, council, committee, date_from, date_to)
    ]
    r = rankings(store, query, council, committee, date_from, date_to, entity, max(DEPTH, k), after_item)
    matched = matching_items(store, r, k, floor)
    chosen = [(item, score) for item, score, _ in matched]
    relevances = {item.id: relevance for item, _, relevance in matched}
    missing = [item.id for item, _ in chosen if item.id not in r.sentences]
    stored = {**r.sentences, **sentence_vectors_for(store.conn, missing)}
    snippets = make_snippets(query, r, [item for item, _ in chosen], stored)
    results = [
        SearchHit(
            item.id,
            round(float(score), 4),
            item.heading,
            item.text,
            snippet,
            item.meeting,
            round(relevances[item.id], 3),
        )
        for (item, score), snippet in zip(chosen, snippets)
        if item.meeting is not None
    ]
    match = rel.verdict([hit.relevance for hit in results], floor)
    response = SearchResponse(query, results, 0.0, FUSION, filters, people, match)
    if match != "strong" and suggest:
        response.suggestions = suggestions(store, query, filters, k, widen=match == "none")
    response.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return response


def ranked_items(conn: sqlite3.Connection, r: Rankings) -> list[tuple[int, float]]:
    """The final ranking: the fused one, its first `HEAD` items ordered again with their best sentence."""
    ranked = fuse(r)
    head = ranked[:HEAD]
    if r.query_vector is None or len(head) < 2:
        return ranked
    r.sentences.update(sentence_vectors_for(conn, [i for i, _ in head if i not in r.sentences]))
    best = [(i, float(v.scores(r.query_vector).max())) for i, _ in head if (v := r.sentences.get(i)) and v.spans]
    if not best:
        return ranked
    sentence, dense, bm25 = _minmax(best), _minmax(r.dense), _minmax(r.bm25)
    weights = HEAD_WEIGHTS
    scored = [
        (
            item_id,
            weights["dense"] * dense.get(item_id, 0.0)
            + weights["bm25"] * bm25.get(item_id, 0.0)
            + weights["sentence"] * sentence.get(item_id, 0.0)
            + (NAME_BOOST if item_id in r.named else 0.0),
        )
        for item_id, _ in head
    ]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    floor = min(score for _, score in scored)  # the head stays above the rest whatever its new scores
    tail_top = ranked[HEAD][1] if len(ranked) > HEAD else 0.0
    lift = max(0.0, tail_top - floor + 1e-6)
    return [(i, score + lift) for i, score in scored] + ranked[HEAD:]


def matching_items(store: Store, r: Rankings, k: int, floor: float = rel.FLOOR) -> list[tuple[ItemView, float, float]]:
    """The first `k` items of the final ranking at or above the relevance floor: (item, score, relevance).

    The ranking is read in windows until `k` items pass (items below the floor do not use up places), down
    to `SCAN_FACTOR` x `k` items, so a page, the export and the chart of one query agree on what matches
    while a query that matches nothing does not weigh every candidate."""
    ranked = ranked_items(store.conn, r)[: max(SCAN_FACTOR * k, 50)]
    out: list[tuple[ItemView, float, float]] = []
    begin, window = 0, max(k, 10)
    while begin < len(ranked) and len(out) < k:
        part = ranked[begin : begin + window]
        items = store.items_by_id([item_id for item_id, _ in part])
        chosen = [(items[item_id], score) for item_id, score in part if item_id in items]
        relevances = item_relevance(store.conn, r, [item for item, _ in chosen])
        out += [(item, score, relevances[item.id]) for item, score in chosen if relevances[item.id] >= floor]
        begin, window = begin + len(part), window * 2
    return out[:k]


def item_relevance(conn: sqlite3.Connection, r: Rankings, items: list[ItemView]) -> dict[int, float]:
    """Calibrated relevance of each item to the ranked query (index/relevance.py)."""
    return {item_id: rel.score(evidence) for item_id, evidence in item_evidence(conn, r, items).items()}


def item_evidence(conn: sqlite3.Connection, r: Rankings, items: list[ItemView]) -> dict[int, rel.Evidence]:
    """What each item's relevance is computed from: best passage cosine, query coverage, exact names."""
    dense = dict(r.dense)
    missing = [item.id for item in items if item.id not in dense]
    if missing and r.query_vector is not None:
        dense.update(_item_cosines(conn, missing, r.query_vector))
    stems = rel.content_stems(r.parsed.terms + [w for phrase in r.parsed.phrases for w in phrase])
    out: dict[int, rel.Evidence] = {}
    for item in items:
        found = {s for _, _, s in word_matches(f"{item.heading}\n{item.text}", stems)} if stems else set()
        out[item.id] = rel.Evidence(
            cosine=float(dense.get(item.id, 0.0)),
            coverage=len(found) / len(stems) if stems else 0.0,
            named=item.id in r.named,
        )
    return out


def _item_cosines(conn: sqlite3.Connection, item_ids: list[int], query_vector: np.ndarray) -> dict[int, float]:
    """Best passage cosine of each item (for the few results the dense candidates did not include)."""
    rows = conn.execute(
        f"SELECT item_id, vector FROM main.passages WHERE vector IS NOT NULL AND item_id IN"
        f" ({','.join('?' * len(item_ids))})",
        item_ids,
    ).fetchall()
    best: dict[int, float] = {}
    for item_id, blob in rows:
        cosine = float(np.frombuffer(blob, dtype=np.float32) @ query_vector)
        best[item_id] = max(best.get(item_id, -1.0), cosine)
    return best


def suggestions(store: Store, query: str, filters: dict, k: int, widen: bool = True) -> list[dict]:
    """When nothing matches well: the closest spellings from the archive's own words, and (`widen`) the
    filters whose removal would find matches."""
    from .vocabulary import closest_spelling

    out: list[dict] = []
    corrected = closest_spelling(store.conn, query)
    if corrected and corrected.lower() != query.lower():
        out.append({"kind": "spelling", "query": corrected})
    narrowing = {key: value for key, value in filters.items() if key != "entity"} if widen else {}
    for key in narrowing:
        wider: dict[str, str | None] = {**filters, key: None}
        ranked = rankings(
            store,
            query,
            wider.get("council"),
            wider.get("committee"),
            wider.get("from"),
            wider.get("to"),
            wider.get("entity"),
            max(DEPTH, k),
        )
        relevances = [relevance for _, _, relevance in matching_items(store, ranked, k)]  # no snippets needed
        match = rel.verdict(relevances)
        if match != "none":
            out.append({"kind": "drop_filter", "filter": key, "results": len(relevances), "match": match})
    return out


# --- snippets -----------------------------------------------------------------------------------------


def query_stems(parsed: ParsedQuery) -> set[str]:
    """Stems of the query's words and phrase words."""
    stems = {stem(t) for t in parsed.terms if len(t) > 1}
    stems |= {stem(w) for phrase in parsed.phrases for w in phrase if len(w) > 1}
    return {s for s in stems if s}


_WORD_AT = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _prefix(word_stem: str) -> str:
    """A prefix every word with this stem starts with (Snowball rewrites at most the last two letters)."""
    return word_stem if len(word_stem) <= 3 else word_stem[: max(3, len(word_stem) - 2)]


def word_matches(text: str, stems: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, stem) of every word of `text` whose stem is one of `stems`, in order.

    Candidates are found with `str.find` on a prefix of each stem (a regex alternation with IGNORECASE took
    1 ms per long item, the tail of the query latency), then the whole word there is stemmed to confirm.
    """
    if not stems:
        return []
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: offsets would drift
        return [(m.start(), m.end(), stem(m.group(0))) for m in _WORD_AT.finditer(text) if stem(m.group(0)) in stems]
    found: dict[int, tuple[int, int, str]] = {}
    for prefix in {_prefix(s) for s in stems}:
        at = low.find(prefix)
        while at >= 0:
            if (at == 0 or not (low[at - 1].isalnum() or low[at - 1] == "_")) and at not in found:
                word = _WORD_AT.match(low, at)
                if word is not None:
                    word_stem = stem(word.group(0))
                    if word_stem in stems:
                        found[at] = (at, word.end(), word_stem)
            at = low.find(prefix, at + 1)
    return [found[at] for at in sorted(found)]


def _clip(text: str, stems: set[str], limit: int = SNIPPET_MAX_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    matches = word_matches(text, stems)
    begin = max(0, (matches[0][0] if matches else 0) - limit // 3)
    if begin:
        begin = text.find(" ", begin) + 1 or begin
    end = begin + limit
    if end < len(text):
        end = text.rfind(" ", begin, end) if text.rfind(" ", begin, end) > begin else end
    return ("… " if begin else "") + text[begin:end] + (" …" if end < len(text) else "")


def snippet_of(text: str, stems: set[str]) -> Snippet:
    """`text` clipped to a snippet, with the spans of its words that match the query."""
    clipped = _clip(text, stems)
    return Snippet(clipped, [(a, b) for a, b, _ in word_matches(clipped, stems)])


def _terms_per_sentence(text: str, spans: list[tuple[int, int]], stems: set[str]) -> list[int]:
    """Distinct query stems among the words of each sentence."""
    found: list[set[str]] = [set() for _ in spans]
    starts = [a for a, _ in spans]
    for at, _, word_stem in word_matches(text, stems):
        n = bisect.bisect_right(starts, at) - 1
        if n >= 0 and at < spans[n][1]:
            found[n].add(word_stem)
    return [len(terms) for terms in found]


def _similarities(
    r: Rankings,
    items: list[ItemView],
    per_item: list[list[tuple[int, int]]],
    hits: list[list[int]],
    inside: list[list[bool]],
    stored: dict[int, SentenceVectors],
) -> dict[tuple[int, int], float]:
    """Query similarity of the sentences of items where no sentence shares a term with the query.

    Sentence vectors stored at ingest are used where the item has them; items stored without them (an
    older store) embed a few candidate sentences of the first results instead.
    """
    similarity: dict[tuple[int, int], float] = {}
    if r.query_vector is None:
        return similarity
    wanted: list[tuple[int, int]] = []
    for n, item in enumerate(items):
        if any(hits[n]) or len(per_item[n]) < 2:
            continue
        vectors = stored.get(item.id)
        rows = {span: row for row, span in enumerate(vectors.spans)} if vectors is not None else {}
        known = [j for j, span in enumerate(per_item[n]) if span in rows]
        if known and vectors is not None:
            scores = vectors.scores(r.query_vector, [rows[per_item[n][j]] for j in known])
            similarity.update({(n, j): float(score) for j, score in zip(known, scores)})
        elif n < SNIPPET_EMBED_RESULTS:
            order = sorted(range(len(per_item[n])), key=lambda j: (not inside[n][j], j))
            wanted += [(n, j) for j in order[:SNIPPET_CANDIDATES]]
    if wanted:
        from models.embedder import encode

        scores = encode([items[n].text[per_item[n][j][0] : per_item[n][j][1]][:300] for n, j in wanted])
        similarity.update({key: float(value) for key, value in zip(wanted, scores @ r.query_vector)})
    return similarity


def make_snippets(
    query: str, r: Rankings, items: list[ItemView], stored: dict[int, SentenceVectors] | None = None
) -> list[Snippet]:
    """For each item, the 1-3 adjacent sentences that best answer the query, with the query's matches.

    Sentences sharing the most query terms win; where none shares a term, the sentence closest to the
    query in meaning (by `stored` sentence vectors) does.
    """
    from models.sentences import split_sentences

    stored = stored or {}
    per_item = [
        stored[item.id].spans if item.id in stored else [(s.start, s.end) for s in split_sentences(item.text)]
        for item in items
    ]
    stems = query_stems(r.parsed)
    hits = [_terms_per_sentence(item.text, spans, stems) for item, spans in zip(items, per_item)]
    inside = []  # sentence overlaps the item's best passage
    for item, spans in zip(items, per_item):
        span = r.best_passage.get(item.id, (0, len(item.text)))
        inside.append([a < span[1] and b > span[0] for a, b in spans])
    similarity = _similarities(r, items, per_item, hits, inside, stored)
    snippets = []
    for n, item in enumerate(items):
        spans, text = per_item[n], item.text
        if not spans:
            snippets.append(snippet_of(item.heading, stems))
            continue
        best = max(
            range(len(spans)),
            key=lambda j: similarity.get((n, j), -1.0) + 0.1 * min(hits[n][j], 3) + 0.01 * inside[n][j],
        )
        first, last = best, best
        while last - first < 2 and spans[last][1] - spans[first][0] < 200:
            if last + 1 < len(spans):
                last += 1
            elif first > 0:
                first -= 1
            else:
                break
        if spans[last][1] - spans[first][0] > SNIPPET_MAX_CHARS and last > best:
            last = best
        snippets.append(snippet_of(text[spans[first][0] : spans[last][1]], stems))
    return snippets
