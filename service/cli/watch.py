"""`quorum watch add|list|remove` and `quorum digest`: saved searches, watched entities, email digests."""

from __future__ import annotations

import json

import click

from index.access import ADMIN, OFFICER
from index.entities_store import find_entity
from index.watches import add_watch, list_watches, remove_watch

from ..config import Settings
from ..digest import build_digests, send_digests
from .common import data_option, fail, json_option, open_store, settings_for


@click.group(help="save searches and watch entities for a token; new matches arrive after each ingest")
def watch() -> None:
    """Watches belong to a token (its id from `quorum token list`)."""


@watch.command(help="save a search (QUERY) or watch an entity (--entity) for the token --token-id")
@click.argument("query", required=False)
@click.option("--token-id", "token_id", type=int, required=True, help="the owner (an id from `quorum token list`)")
@click.option("--entity", help="watch this entity (a name) instead of saving a search")
@click.option("--council")
@click.option("--committee")
@click.option("--from", "date_from", metavar="YYYY-MM-DD")
@click.option("--to", "date_to", metavar="YYYY-MM-DD")
@data_option
def add(
    query: str | None,
    token_id: int,
    entity: str | None,
    council: str | None,
    committee: str | None,
    date_from: str | None,
    date_to: str | None,
    data: str | None,
) -> int:
    if bool(query) == bool(entity):
        return fail("give either a QUERY to save or --entity NAME to watch", 2)
    with open_store(data, ADMIN) as store:
        store.require_writable()
        entity_id = entity_name = None
        if entity:
            with open_store(data, OFFICER) as reader:
                found = find_entity(reader.conn, entity)
            if found is None:
                return fail(f"no entity called {entity!r}")
            entity_id, entity_name = found.id, found.name
        try:
            created = add_watch(
                store.conn,
                token_id,
                query=query,
                council=council,
                committee=committee,
                date_from=date_from,
                date_to=date_to,
                entity_id=entity_id,
                entity_name=entity_name,
            )
        except ValueError as exc:
            return fail(str(exc))
    print(f"watch {created.id}: {created.title}; feed /feeds/{created.feed_secret}.atom")
    return 0


@watch.command("list", help="list watches (of one token with --token-id)")
@click.option("--token-id", "token_id", type=int)
@json_option
@data_option
def list_command(token_id: int | None, as_json: bool, data: str | None) -> int:
    with open_store(data, ADMIN) as store:
        found = list_watches(store.conn, token_id)
    if as_json:
        print(json.dumps([{**w.to_dict(), "token_id": w.token_id} for w in found], indent=2, ensure_ascii=False))
        return 0
    for w in found:
        print(f"{w.id:>4}  token {w.token_id:<4} {w.kind:<7} {w.title}")
    print(f"{len(found)} watches")
    return 0


@watch.command(help="remove a watch and its matches")
@click.argument("watch_id", type=int)
@data_option
def remove(watch_id: int, data: str | None) -> int:
    with open_store(data, ADMIN) as store:
        store.require_writable()
        if not remove_watch(store.conn, watch_id):
            return fail(f"no watch {watch_id}")
    print(f"removed watch {watch_id}")
    return 0


@click.command(help="email each user their new matches since the last digest (prints them without --send)")
@click.option("--send", is_flag=True, help="send through QUORUM_SMTP_HOST (and mark the matches as told)")
@data_option
def digest(send: bool, data: str | None) -> int:
    config = settings_for(data)
    environment = Settings()
    base_url = environment.link_root
    digests = build_digests(config.db_path, base_url)
    if not send:
        for d in digests:
            print(f"To: {d.email}\nSubject: {d.subject}\n\n{d.text}")
        print(f"{len(digests)} digests would be sent (use --send to send them)")
        return 0
    try:
        sent = send_digests(config.db_path, digests, environment)
    except (RuntimeError, OSError) as exc:
        return fail(f"digests not sent: {exc}")
    print(f"sent {sent} digests")
    return 0
