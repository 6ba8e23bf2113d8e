"""`quorum token create|list|revoke`: API tokens for officers and administrators."""

from __future__ import annotations

import json

import click

from index.access import ADMIN
from index.tokens import TOKEN_ROLES, create_token, list_tokens, revoke_token

from .common import data_option, fail, json_option, open_store


@click.group(help="create, list or revoke API tokens")
def token() -> None:
    """Tokens are shown once and stored as hashes."""


@token.command(help="create a token; it is printed once, as the last word")
@click.option("--role", type=click.Choice(TOKEN_ROLES), default="officer", show_default=True)
@click.option("--days", type=int, help="expire after this many days (at least 1; default: never)")
@click.option("--email", help="where digests of this user's watches are sent")
@data_option
def create(role: str, days: int | None, email: str | None, data: str | None) -> int:
    if days is not None and days < 1:
        return fail("--days must be at least 1 (leave it out for a token that does not expire)", 2)
    if email is not None and ("@" not in email or any(c.isspace() for c in email) or len(email) > 254):
        return fail(f"--email {email!r} is not an email address", 2)
    with open_store(data, ADMIN) as store:
        store.require_writable()
        created = create_token(store.conn, role, days, email)
    expiry = f", expires in {days} day{'s' if days != 1 else ''}" if days else ", does not expire"
    print(f"Created {role} token{expiry} (shown once): {created}")
    return 0


@token.command("list", help="list tokens: id, role, created, expires, last used (never the token)")
@json_option
@data_option
def list_command(as_json: bool, data: str | None) -> int:
    with open_store(data, ADMIN) as store:
        tokens = list_tokens(store.conn)
    if as_json:
        print(json.dumps([t.__dict__ for t in tokens], indent=2))
        return 0
    print(f"{'id':>4}  {'role':<8} {'created':<20} {'expires':<20} {'last used':<20} status   email")
    for t in tokens:
        status = "revoked" if t.revoked else "active"
        print(
            f"{t.id:>4}  {t.role:<8} {t.created_at[:19]:<20} {(t.expires_at or 'never')[:19]:<20}"
            f" {(t.last_used_at or 'never')[:19]:<20} {status:<8} {t.email or ''}"
        )
    print(f"{len(tokens)} tokens")
    return 0


@token.command(help="revoke a token, given in full or by its id from `quorum token list`")
@click.argument("value", metavar="TOKEN|ID", required=False)
@data_option
def revoke(value: str | None, data: str | None) -> int:
    if not value:
        return fail("token revoke needs the token or its id", 2)
    with open_store(data, ADMIN) as store:
        store.require_writable()
        outcome = revoke_token(store.conn, value)
    print(outcome)
    return 0 if outcome == "revoked" else 1
