"""`quorum search`: hybrid search from the command line."""

from __future__ import annotations

import json

import click

from index.search import search as run_search
from index.vectors import VectorIndexError

from ..render import hit_json, snippet_plain
from .common import all_option, data_option, fail, filter_options, json_option, open_store, viewer_for


@click.command(help="hybrid (semantic + keyword) search over agenda items")
@click.argument("query")
@click.option("--k", "k", type=int, default=10, show_default=True, help="number of results")
@json_option
@filter_options
@click.option("--entity", help="entity id or name mentioned in the item")
@all_option("restricted items")
@data_option
def search(
    query: str,
    k: int,
    as_json: bool,
    council: str | None,
    committee: str | None,
    date_from: str | None,
    date_to: str | None,
    entity: str | None,
    show_all: bool,
    data: str | None,
) -> int:
    if k < 1:
        return fail("--k must be at least 1", 2)
    with open_store(data, viewer_for(show_all)) as store:
        try:
            response = run_search(
                store,
                query,
                k=k,
                council=council,
                committee=committee,
                date_from=date_from,
                date_to=date_to,
                entity=entity,
            )
        except VectorIndexError as exc:
            return fail(str(exc))
    if as_json:
        print(
            json.dumps(
                {
                    "query": response.query,
                    "results": [p.to_dict() for p in response.people] + [hit_json(hit) for hit in response.results],
                    "took_ms": response.took_ms,
                    "fusion": response.fusion,
                    "filters": response.filters,
                    "match": response.match,
                    "suggestions": response.suggestions,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for person in response.people:
        print(f" *  {person.name}: {person.text}")
        print(f"    {person.meeting.council} / {person.meeting.committee}  {person.meeting.date or ''}  (person)")
    for rank, hit in enumerate(response.results, start=1):
        meeting = hit.meeting
        print(f"{rank:>2}. [{hit.score:.3f}] {hit.heading}  (item {hit.item_id})")
        print(f"    {meeting.council} / {meeting.committee}  {meeting.date or ''}  {meeting.source}")
        print(f"    {snippet_plain(hit.snippet)}")
    verdict = {"strong": "", "weak": " (weak matches only)", "none": " (no good match)"}[response.match]
    print(f"{len(response.results)} results{verdict}")
    for suggestion in response.suggestions:
        if suggestion["kind"] == "spelling":
            print(f"did you mean: {suggestion['query']}")
        else:
            print(f"without --{suggestion['filter']}: {suggestion['results']} {suggestion['match']} matches")
    return 0
