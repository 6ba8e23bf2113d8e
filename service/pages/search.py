"""The search page: a question, filters and paging in the URL, results with snippets and summaries."""

from __future__ import annotations

import csv
import io
import json

from flask import Response, abort, render_template, request

from index.entities_store import item_entities
from index.search import matching_items, rankings, search
from index.summary_store import summaries_for

from .. import params, render, timeline
from ..context import get_store
from ..downloads import attachment, link_root
from .blueprint import filter_options, pages, url_with, visible_entity_or_400

RESULTS_PER_PAGE = 10
MAX_RESULTS = 100  # page * k never asks search for more than this
EXPORT_LIMIT = 1000  # a download holds every result above the relevance floor, up to this many
CHART_ITEMS = 200  # the timeline counts the matching items among this many best
SEARCH_PAGE = (
    params.OPTIONAL_QUERY,
    params.Param("k", "int", default=RESULTS_PER_PAGE, low=1, high=50),
    params.Param("page", "int", default=1, low=1, high=MAX_RESULTS),
    *params.FILTERS,
    params.ENTITY,
)


@pages.get("/")
def search_page():
    values = params.parse(SEARCH_PAGE, request.args, strict=False)
    query, k, page = values["q"], values["k"], values["page"]
    if page * k > MAX_RESULTS:
        abort(
            400,
            description=f"parameter 'page' is too far: at most {MAX_RESULTS} results ({MAX_RESULTS // k}"
            f" pages of {k}) are shown",
        )
    council, committee, entity = values["council"], values["committee"], values["entity"]
    date_from, date_to = values["from"], values["to"]
    args = {
        "q": query,
        "council": council,
        "committee": committee,
        "from": date_from,
        "to": date_to,
        "entity": entity,
        "k": k if k != RESULTS_PER_PAGE else None,
    }
    entity_record = visible_entity_or_400(entity)
    councils, committees = filter_options()
    results, has_more, took, people, match, suggestions = [], False, None, [], None, []
    chart = None
    if query:
        store = get_store()
        response = search(
            store,
            query,
            k=page * k + 1,
            council=council,
            committee=committee,
            date_from=date_from,
            date_to=date_to,
            entity=entity,
        )
        found, took = response.results, response.took_ms
        people, match = (response.people if page == 1 else []), response.match
        suggestions = [
            {
                **s,
                "url": url_with("pages.search_page", {**args, "q": s["query"]})
                if s["kind"] == "spelling"
                else url_with("pages.search_page", {**args, s["filter"]: None}),
            }
            for s in response.suggestions
        ]
        has_more = len(found) > page * k
        shown = found[(page - 1) * k : page * k]
        summaries = summaries_for(store.conn, [hit.item_id for hit in shown])
        if found and page == 1:
            ranked = rankings(store, query, council, committee, date_from, date_to, entity, CHART_ITEMS)
            chart = timeline.build(
                [
                    (item.meeting.date, item.meeting.council)
                    for item, _, _ in matching_items(store, ranked, CHART_ITEMS)
                    if item.meeting
                ]
            )
        for hit in shown:
            results.append(
                {
                    "item_id": hit.item_id,
                    "heading": hit.heading,
                    "meeting": hit.meeting,
                    "snippet": render.snippet_markup(hit.snippet),
                    "summary": [s["text"] for s in summaries.get(hit.item_id, [])],
                    "entities": item_entities(store.conn, hit.item_id)[:8],
                    "relevance": hit.relevance,
                }
            )
    return render_template(
        "search.html",
        query=query or "",
        args=args,
        results=results,
        chart=chart,
        chart_svg=timeline.svg(chart, f"Matching items for “{query}”", "search-chart") if chart else "",
        csv_url=url_with("pages.search_export", {**args, "k": None, "format": "csv"}),
        json_url=url_with("pages.search_export", {**args, "k": None, "format": "json"}),
        people=people,
        match=match,
        suggestions=suggestions,
        filter_names={"council": "council", "committee": "committee", "from": "from date", "to": "to date"},
        page=page,
        k=k,
        has_more=has_more,
        took=took,
        councils=councils,
        committees=committees,
        entity_record=entity_record,
        first=(page - 1) * k + 1,
        prev_url=url_with("pages.search_page", args, page=page - 1 if page > 2 else None) if page > 1 else None,
        next_url=url_with("pages.search_page", args, page=page + 1)
        if has_more and (page + 1) * k <= MAX_RESULTS
        else None,
    )


EXPORT_PAGE = (
    params.QUERY,
    *params.FILTERS,
    params.ENTITY,
    params.Param("format", "choice", default="csv", choices=("csv", "json")),
)
EXPORT_COLUMNS = ("rank", "item_id", "relevance", "heading", "council", "committee", "date", "source", "url", "snippet")


@pages.get("/search/export")
def search_export() -> Response:
    """Every result above the relevance floor (not one page) as CSV or JSON, with the filters kept."""
    values = params.parse(EXPORT_PAGE, request.args)
    visible_entity_or_400(values["entity"])
    store = get_store()
    response = search(
        store,
        values["q"],
        k=EXPORT_LIMIT,
        council=values["council"],
        committee=values["committee"],
        date_from=values["from"],
        date_to=values["to"],
        entity=values["entity"],
        suggest=False,
    )
    root = link_root()
    rows = [
        {
            "rank": rank,
            "item_id": hit.item_id,
            "relevance": hit.relevance,
            "heading": hit.heading,
            "council": hit.meeting.council,
            "committee": hit.meeting.committee,
            "date": hit.meeting.date or "",
            "source": hit.meeting.source,
            "url": f"{root}/items/{hit.item_id}",
            "snippet": hit.snippet.text,
        }
        for rank, hit in enumerate(response.results, start=1)
    ]
    stem = "-".join(values["q"].lower().split())[:40] or "search"
    headers = {
        "Content-Disposition": attachment(f"quorum-{stem}.{values['format']}"),
        "Cache-Control": "private, no-store",
    }
    if values["format"] == "json":
        body = {
            "query": values["q"],
            "filters": response.filters,
            "match": response.match,
            "count": len(rows),
            "results": rows,
        }
        return Response(
            json.dumps(body, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
            headers=headers,
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:  # a cell starting with = + - @ (or a tab or return) is a formula to a spreadsheet: quoted with '
        writer.writerow(
            {k: (f"'{v}" if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v) for k, v in row.items()}
        )
    return Response("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8", headers=headers)
