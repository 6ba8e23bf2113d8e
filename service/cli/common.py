"""What the commands share: the data directory option, opening the store, who the command line is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from index.access import ANONYMOUS, OFFICER, Viewer
from index.store import Store

from ..config import Settings, data_dir

F = TypeVar("F", bound=Callable[..., Any])


def data_option(function: F) -> F:
    """`--data DIR` (default: $QUORUM_DATA or ./data)."""
    return click.option("--data", "data", help="data directory (default: $QUORUM_DATA or ./data)")(function)


def all_option(what: str) -> Callable[[F], F]:
    """`--all`: the command line runs on the archive's own machine, so officers see restricted items."""
    return click.option("--all", "show_all", is_flag=True, help=f"include {what}")


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="print JSON")(function)


def filter_options(function: F) -> F:
    """--council, --committee, --from, --to."""
    for name, dest, text in reversed(
        (
            ("--council", "council", "council name contains"),
            ("--committee", "committee", "committee name contains"),
            ("--from", "date_from", "meetings on or after YYYY-MM-DD"),
            ("--to", "date_to", "meetings on or before YYYY-MM-DD"),
        )
    ):
        function = click.option(name, dest, help=text)(function)
    return function


def settings_for(data: str | None) -> Settings:
    return Settings(data=data_dir(data))


def open_store(data: str | None, viewer: Viewer = ANONYMOUS) -> Store:
    return Store(settings_for(data).db_path, viewer)


def viewer_for(show_all: bool) -> Viewer:
    return OFFICER if show_all else ANONYMOUS


def fail(message: str, code: int = 1) -> int:
    """Print an error line to stderr and return the exit code."""
    click.echo(f"error: {message}", err=True)
    return code
