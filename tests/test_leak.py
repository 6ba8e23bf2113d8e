"""The leak test: a whole document ingested with `--access restricted` beside the Stockton file (whose
"iQuanta Report" and "DARD Consideration" items are restricted), then every endpoint and page asked about
them. Anonymously nothing of them comes back; with an officer token all of it does.

The secrets are computed from the store, not written down: every word of five letters or more that occurs
in restricted content (item text, headings, the restricted meeting's council, committee, venue, attendance
and file name) and nowhere in public content or in the application's own templates and API description.
"""

from __future__ import annotations

import calendar
import html
import io
import json
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import quote, unquote_plus, urlencode

import pytest

from .conftest import CORPUS, ROOT, serve

RESTRICTED_DOC = CORPUS / "limerick" / "limerick-ccc_joint-policing-committee_2023-12-08.txt"
EXAMPLE = ROOT / "examples" / "stockton-bc_safer-stockton-partnership_2024-11-27.txt"


def _stockton_with_a_name_in_both(folder):
    """A copy of the Stockton minutes naming one person by surname in a public item and in full in the
    restricted DARD item: the full name must never reach anyone not entitled to the restricted item."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        "Work had continued through Project Harmony",
        "Mr Quixley thanked members. Work had continued through Project Harmony",
        1,
    )
    text = text.replace(
        "this Agenda Item was\nrestricted.",
        "this Agenda Item was\nrestricted. The review concerned Bartholomew Quixley of Norton.",
        1,
    )
    assert "Bartholomew Quixley" in text and "Mr Quixley" in text
    path = folder / "stockton-bc_safer-stockton-partnership-copy_2024-11-27.txt"
    path.write_text(text, encoding="utf-8")
    return path


WORD = re.compile(r"[^\W\d_]{5,}")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text or "")}


def _quorum(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], capture_output=True, text=True, cwd=ROOT, check=True
    )


def _chrome_words() -> set[str]:
    """Words the application itself prints (templates, scripts, styles, API description)."""
    from service.openapi import openapi_document

    words = _words(json.dumps(openapi_document())) | _words(" ".join(calendar.month_name[1:] + calendar.day_name[:]))
    for path in (ROOT / "service").rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".py"):
            words |= _words(path.read_text(encoding="utf-8"))
    return words


def _content_words(conn: sqlite3.Connection, access: str) -> tuple[set[str], list[sqlite3.Row]]:
    """All words of the public (or restricted) content, and its items."""
    items = conn.execute(
        "SELECT i.id, i.heading, i.text, i.meeting_id FROM items i JOIN meetings m ON m.id = i.meeting_id"
        " WHERE (i.access = ? AND m.access = 'public') OR (? = 'restricted' AND m.access = 'restricted')",
        (access, access),
    ).fetchall()
    words: set[str] = set()
    for item in items:
        words |= _words(item["heading"]) | _words(item["text"])
    for meeting in conn.execute(
        "SELECT m.id, m.council, m.committee, m.venue, d.source FROM meetings m"
        " JOIN documents d ON d.id = m.document_id WHERE m.access = ?",
        (access,),
    ):
        words |= _words(" ".join(str(v or "") for v in tuple(meeting)[1:]))
        for person in conn.execute("SELECT name, role FROM attendance WHERE meeting_id = ?", (meeting["id"],)):
            words |= _words(f"{person['name']} {person['role'] or ''}")
    return words, items


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("leak-data")
    _quorum("ingest", str(ROOT / "examples"), "--data", str(data))
    _quorum("ingest", str(RESTRICTED_DOC), "--access", "restricted", "--data", str(data))
    _quorum("ingest", str(_stockton_with_a_name_in_both(tmp_path_factory.mktemp("named"))), "--data", str(data))
    token = _quorum("token", "create", "--role", "officer", "--data", str(data)).stdout.split()[-1]

    conn = sqlite3.connect(data / "quorum.sqlite3")
    conn.row_factory = sqlite3.Row
    public_words, public_items = _content_words(conn, "public")
    restricted_words, restricted_items = _content_words(conn, "restricted")
    secrets = restricted_words - public_words - _chrome_words()
    public_mention = (  # in a public item of a public meeting, or in a public meeting's attendance
        "FROM mentions mn JOIN meetings m ON m.id = mn.meeting_id LEFT JOIN items i ON i.id = mn.item_id"
        " WHERE m.access = 'public' AND (mn.item_id IS NULL OR i.access = 'public')"
    )
    public_mentions = {
        r[0]: r[1] for r in conn.execute(f"SELECT mn.entity_id, COUNT(*) {public_mention} GROUP BY mn.entity_id")
    }
    hidden_entities = conn.execute(
        f"SELECT id, type, name FROM entities WHERE id NOT IN (SELECT mn.entity_id {public_mention})"
        " ORDER BY type, name"
    ).fetchall()
    ids = {
        table: conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] for table in ("meetings", "items", "entities")
    }
    restricted_meeting = conn.execute("SELECT id FROM meetings WHERE access = 'restricted'").fetchone()[0]
    in_items = {r[0] for r in conn.execute("SELECT DISTINCT entity_id FROM mentions WHERE item_id IS NOT NULL")}
    conn.close()

    # Queries made of the secrets themselves: restricted headings, entity names and the most frequent words.
    frequency: dict[str, int] = {}
    for item in restricted_items:
        for word in WORD.findall(item["text"]):
            if word.casefold() in secrets:
                frequency[word] = frequency.get(word, 0) + 1
    queries = [row["heading"] for row in restricted_items if _words(row["heading"]) & secrets][:6]
    by_type: dict[str, str] = {}
    for row in hidden_entities:  # names an item search can find (not people named only in attendance)
        if row["id"] in in_items:
            by_type.setdefault(row["type"], row["name"])
    queries += list(by_type.values())
    queries += sorted(frequency, key=frequency.get, reverse=True)[:6]
    queries += ["Bartholomew Quixley", "Quixley", "Bartholomew"]
    conn = sqlite3.connect(data / "quorum.sqlite3")
    shared = [r[0] for r in conn.execute("SELECT DISTINCT entity_id FROM mentions WHERE surface LIKE '%Quixley%'")]
    conn.close()
    assert "bartholomew" in secrets and shared  # the name is a secret, and its entity has a public mention

    process, base, log = serve(data, "leak-server.log")
    yield {
        "base": base,
        "token": token,
        "secrets": secrets,
        "queries": queries,
        "ids": ids,
        "public_mentions": public_mentions,
        "hidden_entities": hidden_entities,
        "shared_entities": shared,
        "restricted_items": restricted_items,
        "restricted_meeting": restricted_meeting,
        "public_items": len(public_items),
    }
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _fetch(url: str, token: str | None = None, body: dict | None = None) -> tuple[int, str, str]:
    """(status, content type, body as text; a Word document's paragraphs and tables as text)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, kind, raw = response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        status, kind, raw = error.code, error.headers.get("Content-Type", ""), error.read()
    if "wordprocessingml" in kind:
        import docx

        document = docx.Document(io.BytesIO(raw))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return status, kind, "\n".join([p.text for p in document.paragraphs] + cells)
    return status, kind, raw.decode("utf-8")


def _without_echo(text: str, query: str) -> str:
    """The response without the query it was asked: a page may repeat it (in its search box, its links)."""
    if not query:
        return text
    text = unquote_plus(unquote_plus(text))  # links carry it encoded, the sign-in link's `next` twice
    for form in {query, html.escape(query), html.escape(query, quote=False), json.dumps(query)[1:-1]}:
        text = text.replace(form, " ")
    return text


def _requests(site: dict) -> list[tuple[str, dict | None, str]]:
    """Every endpoint and page, with each query: (url, JSON body or None, the query it echoes)."""
    base, ids = site["base"], site["ids"]
    out: list[tuple[str, dict | None, str]] = []
    static = [
        "/healthz",
        "/api/meetings?per_page=100",
        "/api/entities",
        "/",
        "/meetings",
        "/entities",
        "/api/openapi.json",
        "/brief",
        "/login",
    ]
    static += [
        f"/entities?type={t}" for t in ("OPERATION", "PROJECT", "STRATEGY", "PLACE", "ORG", "PERSON", "LEGISLATION")
    ]
    static += [f"/api/entities?type={t}" for t in ("PLACE", "ORG", "PERSON")]
    out += [(base + path, None, "") for path in static]
    for n in range(1, ids["meetings"] + 1):
        out += [
            (f"{base}/api/meetings/{n}", None, ""),
            (f"{base}/meetings/{n}", None, ""),
            (f"{base}/documents/{n}", None, ""),
        ]
    for n in range(1, ids["items"] + 1):
        out += [(f"{base}/api/items/{n}", None, ""), (f"{base}/items/{n}", None, "")]
    for n in range(1, ids["entities"] + 1):
        out += [(f"{base}/api/entities/{n}/mentions", None, ""), (f"{base}/entities/{n}", None, "")]
    entities = [row["id"] for row in site["hidden_entities"]] + site["shared_entities"] + list(range(1, 11))
    for n in entities:  # briefings are slower
        out += [
            (f"{base}/?{urlencode({'q': 'policing', 'entity': n})}", None, "policing"),
            (f"{base}/brief?entity={n}", None, ""),
            (f"{base}/brief.docx?entity={n}", None, ""),
        ]
    for query in site["queries"]:
        q = quote(query)
        out += [
            (f"{base}/api/search?q={q}&k=100", None, query),
            (f"{base}/?q={q}&k=50", None, query),
            (f"{base}/api/search?q=crime&entity={q}", None, query),
            (f"{base}/api/entities?q={q}", None, query),
            (f"{base}/entities?q={q}", None, query),
            (f"{base}/meetings?{urlencode({'council': query})}", None, query),
            (f"{base}/api/meetings?{urlencode({'committee': query})}", None, query),
            (f"{base}/brief?q={q}", None, query),
            (f"{base}/brief.md?q={q}", None, query),
            (f"{base}/brief.docx?q={q}", None, query),
            (f"{base}/brief?entity={q}", None, query),
            (f"{base}/api/briefing", {"query": query}, query),
            (f"{base}/api/briefing?format=md", {"query": query, "max_items": 30}, query),
            (f"{base}/api/briefing?format=docx", {"query": query}, query),
            (f"{base}/api/briefing", {"entity": query}, query),
            (f"{base}/api/briefing?format=docx", {"entity": query}, query),
            (f"{base}/brief.md?entity={q}", None, query),
        ]
    return out


def test_anonymous_requests_reveal_nothing_restricted(site: dict) -> None:
    assert len(site["secrets"]) > 100 and len(site["queries"]) >= 10  # the test has something to find
    leaks, statuses = [], {}
    for url, body, echoed in _requests(site):
        status, kind, text = _fetch(url, body=body)
        statuses[status] = statuses.get(status, 0) + 1
        assert status < 500, (url, text[:300])
        found = _words(_without_echo(text, echoed)) & site["secrets"]
        if found:
            leaks.append((url, body, sorted(found)[:10]))
    assert leaks == [], leaks[:5]
    assert statuses.get(200, 0) > 200 and statuses.get(404, 0) > 10


def test_anonymous_counts_exclude_restricted_content(site: dict) -> None:
    base = site["base"]
    _, _, health = _fetch(f"{base}/healthz")
    assert json.loads(health)["items"] == site["public_items"] == 18  # two Stockton copies, 9 public items each
    _, _, meetings = _fetch(f"{base}/api/meetings")
    listing = json.loads(meetings)
    assert listing["total"] == 2 and [m["item_count"] for m in listing["meetings"]] == [9, 9]
    _, _, entities = _fetch(f"{base}/api/entities")
    listed = json.loads(entities)["entities"]
    assert {e["id"]: e["mentions"] for e in listed} == site["public_mentions"]
    hidden = {row["id"] for row in site["hidden_entities"]}
    assert not hidden & {e["id"] for e in listed}


def test_officer_token_sees_all_of_it(site: dict) -> None:
    base, token = site["base"], site["token"]
    _, _, meetings = _fetch(f"{base}/api/meetings", token)
    assert json.loads(meetings)["total"] == 3
    status, _, meeting = _fetch(f"{base}/api/meetings/{site['restricted_meeting']}", token)
    assert status == 200 and "Joint Policing" in json.loads(meeting)["committee"]
    for item in site["restricted_items"]:
        status, _, found = _fetch(f"{base}/api/items/{item['id']}", token)
        assert status == 200 and json.loads(found)["text"] == item["text"]
        status, _, page = _fetch(f"{base}/items/{item['id']}", token)
        assert status == 200
    _, _, entities = _fetch(f"{base}/api/entities", token)
    listed = {e["id"] for e in json.loads(entities)["entities"]}
    assert {row["id"] for row in site["hidden_entities"]} <= listed
    restricted_ids = {item["id"] for item in site["restricted_items"]}
    for query in site["queries"]:  # each secret query finds restricted items, in the API, page and briefing
        _, _, results = _fetch(f"{base}/api/search?q={quote(query)}&k=10", token)
        assert {r["item_id"] for r in json.loads(results)["results"]} & restricted_ids, query
        _, _, note = _fetch(f"{base}/api/briefing", token, {"query": query})
        assert {s["item_id"] for s in json.loads(note)["sections"]} & restricted_ids, query
        _, _, page = _fetch(f"{base}/?q={quote(query)}", token)
        assert any(f'href="/items/{n}"' in page for n in restricted_ids), query
    _, _, stockton_view = _fetch(f"{base}/?q=iQuanta", token)
    assert "iQuanta Report" in stockton_view


def test_a_name_written_in_full_only_in_a_restricted_item_is_not_shown(site: dict) -> None:
    """The entity has a public mention ("Mr Quixley"): anonymous users see it by that name; officers by the full
    name the restricted item gives."""
    base, token = site["base"], site["token"]
    _, _, listed = _fetch(f"{base}/api/entities?q=Quixley")
    entities = json.loads(listed)["entities"]
    assert [e["name"] for e in entities] == ["Quixley"] and entities[0]["mentions"] == 1
    assert entities[0]["aliases"] == ["Mr Quixley"]
    _, _, officer = _fetch(f"{base}/api/entities?q=Quixley", token)
    assert [e["name"] for e in json.loads(officer)["entities"]] == ["Bartholomew Quixley"]
    status, _, brief = _fetch(f"{base}/api/briefing", body={"entity": "Bartholomew Quixley"})
    assert status == 404 and "Bartholomew" not in brief.replace("Bartholomew Quixley", "")
