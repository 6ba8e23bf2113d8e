"""`quorum token create|revoke`: API tokens for officers and administrators."""

from __future__ import annotations

import click

from index.access import ADMIN
from index.tokens import TOKEN_ROLES, create_token, revoke_token

from .common import data_option, fail, open_store


@click.group(help="create or revoke API tokens")
def token() -> None:
    """Tokens are shown once and stored as hashes."""


@token.command(help="create a token; it is printed once, as the last word")
@click.option("--role", type=click.Choice(TOKEN_ROLES), default="officer", show_default=True)
@click.option("--days", type=int, help="expire after this many days")
@data_option
def create(role: str, days: int | None, data: str | None) -> int:
    with open_store(data, ADMIN) as store:
        created = create_token(store.conn, role, days)
    print(f"Created {role} token (shown once): {created}")
    return 0


@token.command(help="revoke a token")
@click.argument("value", metavar="TOKEN", required=False)
@data_option
def revoke(value: str | None, data: str | None) -> int:
    if not value:
        return fail("token revoke needs the token", 2)
    with open_store(data, ADMIN) as store:
        revoked = revoke_token(store.conn, value)
    print("revoked" if revoked else "no such token")
    return 0 if revoked else 1
