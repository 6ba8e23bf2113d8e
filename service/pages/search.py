"""The search page: a question, filters and paging in the URL, results with snippets and summaries."""

from __future__ import annotations

from flask import abort, render_template, request

from index.entities_store import item_entities
from index.search import search
from index.summary_store import summaries_for

from .. import params, render
from ..context import get_store
from .blueprint import filter_options, pages, url_with, visible_entity_or_400

RESULTS_PER_PAGE = 10
MAX_RESULTS = 100  # page * k never asks search for more than this
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
    results, has_more, took = [], False, None
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
        has_more = len(found) > page * k
        shown = found[(page - 1) * k : page * k]
        summaries = summaries_for(store.conn, [hit.item_id for hit in shown])
        for hit in shown:
            results.append(
                {
                    "item_id": hit.item_id,
                    "heading": hit.heading,
                    "meeting": hit.meeting,
                    "snippet": render.snippet_markup(hit.snippet),
                    "summary": [s["text"] for s in summaries.get(hit.item_id, [])],
                    "entities": item_entities(store.conn, hit.item_id)[:8],
                }
            )
    return render_template(
        "search.html",
        query=query or "",
        args=args,
        results=results,
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
