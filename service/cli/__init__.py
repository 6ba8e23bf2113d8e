"""The `quorum` command line (click): a thin layer over ingest, index and the service.

Every command is a click command in one of the modules here, added to the group below; each returns
its exit code (0 ok, 1 failed, 2 bad usage).
"""

from __future__ import annotations

import click

from index.store import ReadOnlyDataError

from .brief import brief
from .browse import meeting, meetings
from .entities import entities, mentions
from .ingest import ingest, ingest_queue, reindex, remove
from .search import search
from .serve import serve
from .tokens import token
from .watch import digest, watch

COMMANDS = (
    ingest,
    remove,
    meetings,
    meeting,
    search,
    entities,
    mentions,
    brief,
    reindex,
    token,
    watch,
    digest,
    serve,
    ingest_queue,
)
quorum = click.Group("quorum", help="Search and briefings over council minutes.", commands=COMMANDS)


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code (click's usage errors are 2, as with any Unix tool)."""
    try:
        result = quorum.main(args=argv, prog_name="quorum", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except ReadOnlyDataError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except (click.exceptions.Abort, KeyboardInterrupt):
        return 130
    except BrokenPipeError:
        return 0
    return int(result or 0)


__all__ = ["main", "quorum"]
