"""`quorum brief`: a briefing note on a topic or an entity, every sentence cited."""

from __future__ import annotations

import json
from pathlib import Path

import click

from index.briefing import build_briefing

from ..config import Settings
from ..export import to_docx, to_markdown
from .common import all_option, data_option, fail, filter_options, open_store, viewer_for


@click.command(help="a briefing note on a topic or an entity, every sentence cited")
@click.argument("query", required=False)
@click.option("--entity", help="an entity's name or id")
@filter_options
@click.option("--max-items", "max_items", type=int, default=8, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "json"]), default="md", show_default=True)
@click.option("-o", "--output", help="write to this file")
@all_option("restricted items")
@data_option
def brief(
    query: str | None,
    entity: str | None,
    council: str | None,
    committee: str | None,
    date_from: str | None,
    date_to: str | None,
    max_items: int,
    fmt: str,
    output: str | None,
    show_all: bool,
    data: str | None,
) -> int:
    if not query and not entity:
        return fail("give a topic or --entity NAME", 2)
    if fmt == "docx" and not output:
        return fail("--format docx needs -o FILE", 2)
    with open_store(data, viewer_for(show_all)) as store:
        try:
            note = build_briefing(
                store,
                query=query,
                entity=entity,
                date_from=date_from,
                date_to=date_to,
                council=council,
                committee=committee,
                max_items=max_items,
            )
        except LookupError as exc:
            return fail(str(exc))
    settings = Settings()
    base_url = settings.link_root
    if fmt == "docx" and output:
        Path(output).write_bytes(to_docx(note, base_url))
    else:
        text = to_markdown(note, base_url) if fmt == "md" else json.dumps(note.as_dict(), indent=2, ensure_ascii=False)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            print(text)
    if output:
        click.echo(f"wrote {output}", err=True)
    return 0
