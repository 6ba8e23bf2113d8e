"""Email digests: each user's new watch matches since their last digest, one message per user.

The subject says what was matched, where and how many ("Quorum: 2 new items on “street drinking” —
Safer Stockton Partnership"); the message has a plain-text and an HTML part with a link to every item.
Matches are read with the owner's entitlement; sending marks exactly the matches it told of, so the next
digest holds what came in since (and anything past a digest's limit).
"""

from __future__ import annotations

import html
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from index.access import ADMIN, Viewer
from index.store import Store
from index.tokens import active_token
from index.views import long_date
from index.watches import Watch, WatchMatch, list_watches, mark_digested, matches_of

from .config import Settings

log = logging.getLogger(__name__)


@dataclass
class Digest:
    token_id: int
    email: str
    subject: str
    text: str
    html: str
    match_ids: list[int]
    count: int

    def message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = sender
        message["To"] = self.email
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        return message


def _subject(found: list[tuple[Watch, list[WatchMatch]]]) -> str:
    total = sum(len(matches) for _, matches in found)
    watch, matches = max(found, key=lambda pair: len(pair[1]))
    committees = sorted({m.committee for m in matches})
    where = committees[0] + (f" and {len(committees) - 1} more" if len(committees) > 1 else "")
    others = len(found) - 1
    more = f" (and {others} more watch{'es' if others > 1 else ''})" if others else ""
    noun = "item" if total == 1 else "items"
    return f"Quorum: {total} new {noun} on {watch.title} — {where}{more}"


def build_digests(db_path: Path, base_url: str) -> list[Digest]:
    """One digest per active token with an email address and new matches."""
    with Store(db_path, ADMIN) as admin:
        ids = [row[0] for row in admin.conn.execute("SELECT id FROM tokens WHERE email IS NOT NULL ORDER BY id")]
        tokens = [(token_id, active) for token_id in ids if (active := active_token(admin.conn, token_id))]
    digests = []
    root = base_url.rstrip("/")
    for token_id, (role, email) in tokens:
        assert email is not None
        with Store(db_path, Viewer(role, token_id)) as store:
            found = [(w, matches_of(store, w.id, undigested=True)) for w in list_watches(store.conn, token_id)]
        found = [(w, m) for w, m in found if m]
        if not found:
            continue
        text_lines, html_parts = [], []
        for watch, matches in found:
            text_lines += [f"{watch.title}: {len(matches)} new", ""]
            html_parts.append(f"<h2>{html.escape(watch.title)}: {len(matches)} new</h2><ul>")
            for m in matches:
                url = f"{root}/items/{m.item_id}"
                where = f"{m.committee}, {long_date(m.date)} ({m.council})"
                text_lines += [f"- {m.heading} — {where}", f"  {m.snippet}", f"  {url}", ""]
                html_parts.append(
                    f'<li><a href="{html.escape(url)}">{html.escape(m.heading)}</a> — {html.escape(where)}'
                    f"<br><span>{html.escape(m.snippet)}</span></li>"
                )
            html_parts.append("</ul>")
        text_lines += [f"Manage what you follow: {root}/watching"]
        body = "".join(html_parts) + f'<p><a href="{html.escape(root)}/watching">Manage what you follow</a></p>'
        digests.append(
            Digest(
                token_id,
                email,
                _subject(found),
                "\n".join(text_lines) + "\n",
                f"<!doctype html><html><body>{body}</body></html>",
                [m.id for _, matches in found for m in matches],
                sum(len(m) for _, m in found),
            )
        )
    return digests


def send_digests(db_path: Path, digests: list[Digest], settings: Settings) -> int:
    """Send the digests through the configured SMTP server; each sent one is marked as told. A digest the
    server refuses is logged and left for next time; the others still go."""
    if not settings.smtp_host:
        raise RuntimeError("QUORUM_SMTP_HOST is not set: there is no mail server to send digests through")
    sent = 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        for digest in digests:
            try:
                smtp.send_message(digest.message(settings.smtp_sender))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused, ValueError):
                log.exception("digest for token %s (%s) was not sent", digest.token_id, digest.email)
                continue
            with Store(db_path, ADMIN) as store:
                mark_digested(store.conn, digest.match_ids)
            sent += 1
    return sent
