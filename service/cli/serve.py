"""`quorum serve`: the web service under gunicorn."""

from __future__ import annotations

import click

from .common import data_option, settings_for


@click.command(help="run the web service (gunicorn)")
@click.option("--host")
@click.option("--port", type=int)
@click.option("--workers", type=int)
@data_option
def serve(host: str | None, port: int | None, workers: int | None, data: str | None) -> int:
    from ..server import serve as run

    settings = settings_for(data)
    settings.host = host or settings.host
    settings.port = port or settings.port
    settings.workers = workers or settings.workers
    print(f"Quorum serving {settings.data} on http://{settings.host}:{settings.port}", flush=True)
    run(settings)
    return 0
