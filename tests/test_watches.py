"""Keeping up: an officer saves "street drinking", new minutes discussing it are ingested, and the API, the
Atom feed (read with feedparser) and the email digest (through a real SMTP server on loopback, aiosmtpd)
each show exactly the new matching items once; a restricted item reaches the officer and never a feed;
re-ingesting changes nothing; a revoked token's watch stops; search results download in full."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT, STOCKTON, _free_port, get_json, serve

QUERY = "street drinking"
LIMERICK = CORPUS / "limerick" / "limerick-ccc_joint-policing-committee_2019-05-10.txt"  # 'PUBLIC DRINKING'
KENT = CORPUS / "kent" / "kent-cc_cabinet_2025-01-30.pdf"


def quorum(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        env={**os.environ, **(env or {})},
    )


def call(method: str, url: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict | str]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            raw = response.read().decode()
            return response.status, json.loads(raw) if raw and "json" in response.headers.get(
                "Content-Type", ""
            ) else raw
    except urllib.error.HTTPError as error:
        raw = error.read().decode()
        return error.code, json.loads(raw) if raw.startswith("{") else raw


class Mailbox:
    """A real SMTP server on a loopback port that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                mailbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("watch-data")
    assert quorum("ingest", str(KENT), "--data", str(data)).returncode == 0
    created = quorum("token", "create", "--role", "officer", "--email", "officer@example.org", "--data", str(data))
    token = created.stdout.split()[-1]
    token_id = json.loads(quorum("token", "list", "--json", "--data", str(data)).stdout)[-1]["id"]
    admin = quorum("token", "create", "--role", "admin", "--data", str(data)).stdout.split()[-1]
    process, base, log = serve(data, "watch-server.log")
    mailbox = Mailbox()
    yield {"data": data, "base": base, "token": token, "token_id": token_id, "admin": admin, "mailbox": mailbox}
    mailbox.stop()
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _smtp(site: dict) -> dict[str, str]:
    return {
        "QUORUM_SMTP_HOST": "127.0.0.1",
        "QUORUM_SMTP_PORT": str(site["mailbox"].port),
        "QUORUM_BASE_URL": site["base"],
    }


def _upload(site: dict, path: Path) -> dict:
    """Upload one file as the admin (the page's JSON answer) and wait for its ingest job; its outcome."""
    boundary = "quorum-watch-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="access"\r\n\r\npublic\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Authorization": f"Bearer {site['admin']}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Accept": "application/json",
    }
    request = urllib.request.Request(site["base"] + "/upload", data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        [outcome] = json.loads(response.read())["outcomes"]
    deadline = time.time() + 600
    while outcome.get("status_url") and not outcome.get("finished") and time.time() < deadline:
        time.sleep(0.5)
        status, outcome = call("GET", site["base"] + outcome["status_url"], site["admin"])
    return outcome


def _feed(site: dict, feed: str):
    import feedparser

    with urllib.request.urlopen(site["base"] + feed, timeout=60) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        return feedparser.parse(response.read())


def test_a_saved_search_hears_about_new_minutes_once(site: dict) -> None:
    base, token, data = site["base"], site["token"], site["data"]
    assert call("POST", f"{base}/api/watches", None, {"query": QUERY})[0] == 401  # watches belong to a token
    status, watch = call("POST", f"{base}/api/watches", token, {"query": QUERY})
    assert status == 201 and isinstance(watch, dict) and watch["kind"] == "search" and watch["feed"]
    site["watch"] = watch
    status, listed = call("GET", f"{base}/api/watches", token)
    assert [w["id"] for w in listed["watches"]] == [watch["id"]]  # type: ignore[index]
    status, before = call("GET", f"{base}/api/watches/{watch['id']}", token)
    assert before["matches"] == []  # type: ignore[index]  # what was stored before is not news

    uploaded = _upload(site, STOCKTON)  # new minutes discussing street drinking, through the upload page
    assert uploaded["status"] == "ingested", uploaded
    status, after = call("GET", f"{base}/api/watches/{watch['id']}", token)
    matches = after["matches"]  # type: ignore[index]
    assert matches and {m["source"] for m in matches} == {STOCKTON.name}
    assert len({m["item_id"] for m in matches}) == len(matches)  # each item once
    assert any(m["heading"] == "Problem Solving Plans" for m in matches)
    assert all(m["relevance"] >= 0.2 for m in matches)  # the search's floor: a weak match is not news

    feed = _feed(site, watch["feed"])
    assert feed.bozo == 0 and feed.feed.title.startswith("Quorum")
    linked = {int(e.link.rsplit("/", 1)[1]) for e in feed.entries}
    assert linked == {m["item_id"] for m in matches}
    assert any("Problem Solving Plans" in e.title for e in feed.entries)

    preview = quorum("digest", "--data", str(data), env=_smtp(site))
    assert preview.returncode == 0 and "officer@example.org" in preview.stdout and not site["mailbox"].messages
    sent = quorum("digest", "--send", "--data", str(data), env=_smtp(site))
    assert sent.returncode == 0, sent.stderr
    for _ in range(50):
        if site["mailbox"].messages:
            break
        time.sleep(0.1)
    [message] = site["mailbox"].messages
    assert message["To"] == "officer@example.org"
    assert "street drinking" in message["Subject"] and "Safer Stockton Partnership" in message["Subject"]
    assert f"{len(matches)} new" in message["Subject"]
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert all(f"{base}/items/{m['item_id']}" in parts["text/plain"] for m in matches)
    assert "Problem Solving Plans" in parts["text/html"]

    again = _upload(site, STOCKTON)  # unchanged: nothing new anywhere
    assert again["status"] == "unchanged", again
    status, still = call("GET", f"{base}/api/watches/{watch['id']}", token)
    assert still["matches"] == matches  # type: ignore[index]
    quorum("digest", "--send", "--data", str(data), env=_smtp(site))
    assert len(site["mailbox"].messages) == 1  # nothing new since the last digest: no mail


def test_a_watched_person_hears_of_new_items_that_mention_them(site: dict) -> None:
    base, token, data = site["base"], site["token"], site["data"]
    status, watch = call("POST", f"{base}/api/watches", token, {"entity": "Oakford"})
    assert status == 201 and isinstance(watch, dict) and watch["kind"] == "entity", watch
    assert "Oakford" in watch["title"]
    assert call("POST", f"{base}/api/watches", token, {"entity": "Nobody Xyzzyson"})[0] == 404
    assert call("POST", f"{base}/api/watches", token, {"query": "budget", "from": "2025-13-01"})[0] == 400
    council = Path(shutil.copy(KENT.with_name("kent-cc_county-council_2025-01-09.pdf"), data))
    assert quorum("ingest", str(council), "--data", str(data)).returncode == 0
    status, body = call("GET", f"{base}/api/watches/{watch['id']}", token)
    matches = body["matches"]  # type: ignore[index]
    assert matches and {m["source"] for m in matches} == {council.name}
    assert all("Oakford" in m["snippet"] for m in matches)  # the sentence that names him
    feed = _feed(site, watch["feed"])
    assert "Oakford" in feed.feed.title and len(feed.entries) == len(matches)
    assert call("DELETE", f"{base}/api/watches/{watch['id']}", token)[0] == 204
    assert call("GET", f"{base}/api/watches/{watch['id']}", token)[0] == 404
    assert call("GET", base + watch["feed"])[0] == 404


def _page(site: dict, path: str, token: str | None = None, form: dict | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(site["base"] + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_pages_follow_a_search_and_list_what_is_followed(site: dict) -> None:
    token = site["token"]
    status, page = _page(site, "/?q=" + urllib.parse.quote(QUERY), token)
    assert status == 200 and "Watch this search" in page  # the button for a signed-in user
    assert "Watch this search" not in _page(site, "/?q=" + urllib.parse.quote(QUERY))[1]  # not for anonymous
    status, page = _page(site, "/watching", token, {"query": "youth violence", "council": "Kent"})
    assert status == 200 and "Now following" in page and "youth violence" in page, page[:2000]
    assert _page(site, "/watching", token, {"query": "youth violence", "council": "Kent"})[0] == 200
    listed = call("GET", f"{site['base']}/api/watches", token)[1]["watches"]  # type: ignore[index]
    assert [w["query"] for w in listed].count("youth violence") == 1  # following it twice is one watch
    status, page = _page(site, "/watching", token)
    assert status == 200 and "street drinking" in page and "/feeds/" in page
    watch_id = max(w["id"] for w in call("GET", f"{site['base']}/api/watches", token)[1]["watches"])  # type: ignore[index]
    status, page = _page(site, f"/watching/{watch_id}/remove", token, {})
    assert status == 200 and "youth violence" not in page
    assert _page(site, "/watching")[0] == 200  # anonymous: sent to sign in, not an error


def test_pages_of_one_search_agree_with_its_export(site: dict) -> None:
    query = urllib.parse.quote("council budget savings")  # the two Kent meetings and Stockton: several matches
    with urllib.request.urlopen(f"{site['base']}/search/export?q={query}&format=json", timeout=60) as response:
        exported = [r["item_id"] for r in json.loads(response.read())["results"]]
    assert len(exported) >= 6
    for k in (3, 5):  # items below the relevance floor do not use up places on a page
        status, body = get_json(f"{site['base']}/api/search?q={query}&k={k}")
        items = [r["item_id"] for r in body["results"] if r["kind"] == "item"]
        assert items == exported[: min(k, len(exported))]


def test_restricted_news_reaches_the_officer_never_the_feed(site: dict) -> None:
    base, token, data, watch = site["base"], site["token"], site["data"], site["watch"]
    restricted = Path(shutil.copy(LIMERICK, data / LIMERICK.name))
    assert quorum("ingest", str(restricted), "--access", "restricted", "--data", str(data)).returncode == 0
    status, body = call("GET", f"{base}/api/watches/{watch['id']}", token)
    limerick = [m for m in body["matches"] if m["source"] == LIMERICK.name]  # type: ignore[index]
    assert limerick, "the officer may see restricted items, so hears about them"
    feed = _feed(site, watch["feed"])
    linked = {int(e.link.rsplit("/", 1)[1]) for e in feed.entries}
    assert linked and not linked & {m["item_id"] for m in limerick}
    assert all(LIMERICK.name not in e.summary for e in feed.entries)


def test_a_rotated_feed_and_a_revoked_token_stop(site: dict) -> None:
    base, token, data, watch = site["base"], site["token"], site["data"], site["watch"]
    status, rotated = call("POST", f"{base}/api/watches/{watch['id']}/feed", token)
    assert status == 200 and rotated["feed"] != watch["feed"]  # type: ignore[index]
    assert call("GET", base + watch["feed"])[0] == 404
    assert _feed(site, rotated["feed"]).entries  # type: ignore[index]
    listed = quorum("watch", "list", "--data", str(data))
    assert "street drinking" in listed.stdout and "1 watches" in listed.stdout
    assert quorum("token", "revoke", str(site["token_id"]), "--data", str(data)).returncode == 0
    assert call("GET", base + rotated["feed"])[0] == 404  # type: ignore[index]
    with_data = quorum("watch", "list", "--json", "--data", str(data))
    before = json.loads(with_data.stdout)
    extra = Path(shutil.copy(CORPUS / "limerick" / "limerick-ccc_joint-policing-committee_2023-06-02.txt", data))
    assert quorum("ingest", str(extra), "--data", str(data)).returncode == 0
    import sqlite3

    conn = sqlite3.connect(data / "quorum.sqlite3")
    sources = {
        r[0]
        for r in conn.execute(
            "SELECT d.source FROM watch_matches wm JOIN items i ON i.id = wm.item_id JOIN meetings m ON m.id = i.meeting_id"
            " JOIN documents d ON d.id = m.document_id"
        )
    }
    conn.close()
    assert extra.name not in sources and before  # the revoked token's watch was not run


def test_search_results_download_in_full(site: dict) -> None:
    base = site["base"]
    query = urllib.parse.quote(QUERY)
    status, api = get_json(f"{base}/api/search?q={query}&k=100")
    items = [r for r in api["results"] if r["kind"] == "item"]
    with urllib.request.urlopen(f"{base}/search/export?q={query}&format=csv", timeout=60) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
    assert [int(r["item_id"]) for r in rows] == [r["item_id"] for r in items]  # every result, not one page
    with urllib.request.urlopen(f"{base}/search/export?q={query}&format=json&council=Stockton", timeout=60) as response:
        body = json.loads(response.read())
    assert body["filters"] == {"council": "Stockton"} and body["count"] == len(body["results"]) > 0
    assert {r["council"] for r in body["results"]} == {"Stockton-on-Tees Borough Council"}
