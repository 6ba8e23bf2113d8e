"""Atom feeds of a watch's matches, at an unguessable URL so feed readers need no cookies.

A feed is read as an anonymous viewer whoever owns the watch: a URL that can be passed around never shows
a restricted item (the owner sees those on the Watching page, in the API and in their digest).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort

from index.access import ANONYMOUS
from index.entities_store import visible_entity
from index.store import Store
from index.views import long_date
from index.watches import Watch, matches_of, watch_for_feed

from .context import settings
from .downloads import link_root

feeds = Blueprint("feeds", __name__)

FEED_ENTRIES = 50


@feeds.get("/feeds/<secret>.atom")
def feed(secret: str) -> Response:
    from feedgen.feed import FeedGenerator

    with Store(settings().db_path, ANONYMOUS) as store:
        watch = watch_for_feed(store.conn, secret)
        if watch is None:
            abort(404, description="There is no such feed, or it was revoked.")
        found = matches_of(store, watch.id, FEED_ENTRIES)
        title = _public_title(store, watch)
    root = link_root()
    generator = FeedGenerator()
    generator.id(f"{root}/feeds/watch-{watch.id}")
    generator.title(f"Quorum: {title}")
    generator.subtitle("New agenda items in council minutes that match this watch (from the next ingest on)")
    generator.link(href=f"{root}/feeds/{secret}.atom", rel="self")
    generator.link(href=f"{root}/watching", rel="alternate")
    generator.author({"name": "Quorum"})
    generator.language("en")
    generator.updated(_when(found[0].matched_at) if found else _when(watch.created_at))
    for match in reversed(found):  # feedgen puts the last added first
        entry = generator.add_entry()
        entry.id(f"{root}/items/{match.item_id}#watch-{watch.id}")
        entry.title(f"{match.heading} — {match.committee}, {long_date(match.date)}")
        entry.link(href=f"{root}/items/{match.item_id}")
        entry.summary(f"{match.snippet} ({match.council}, {match.committee}, {long_date(match.date)}; {match.source})")
        entry.updated(_when(match.matched_at))
        entry.published(_when(match.matched_at))
    return Response(generator.atom_str(pretty=True), content_type="application/atom+xml; charset=utf-8")


def _public_title(store: Store, watch: Watch) -> str:
    """The watch's title as an anonymous reader may see it: an entity by the name its public mentions give
    (the owner may have watched it by a name found only in restricted items)."""
    if watch.kind != "entity" or watch.entity_id is None:
        return watch.title
    public = visible_entity(store.conn, watch.entity_id)
    return public.name if public and public.name else "a watched name"


def _when(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
