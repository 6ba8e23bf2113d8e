"""The officers' web pages, driven as a person would in a real browser (Playwright + Debian Chromium)
against the real server: search, item, entity, briefing download, keyboard use, a phone-sized screen,
hostile minutes text, restricted items and signing in, and uploading as an administrator.

Screenshots of every page are saved to tests/artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, STOCKTON, serve

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():  # pragma: no cover - the Makefile installs it
    pytest.skip("Debian chromium is not installed", allow_module_level=True)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
QUERY = "what was said about street drinking"
TIMEOUT_MS = 90_000
playwright_api.expect.set_options(timeout=20_000)

HOSTILE = """Testville Town Council
Full Council
Minutes of the meeting held on 15 January 2025 at the Town Hall

Present: Cllr Ann Example (Chair), Cllr Bob Sample

Hostile Markup Check

Members noted that the consultation reply contained <script>alert(1)</script> pasted from a web form.
The clerk also reported the stray text <b>&</b> in the printed agenda and <img src=x onerror=alert(2)> too.

AGREED that the clerk would ask for plain text replies in future.

Allotment Rents

Members agreed to hold allotment rents at the current level for the coming year.
"""

UPLOADED = """Upton Parish Council
Parish Council Ordinary
Minutes of the meeting held on 3 March 2025 at the Village Hall

Present: Cllr Carol Person (Chair), Cllr Dan Person

Pond Restoration

Members discussed the restoration of the duck pond by the green. The quote from Waterline Ltd of 4,500 pounds
was accepted.

RESOLVED that the pond restoration proceed in April.
"""


# --- fixtures -------------------------------------------------------------------------------------


def _cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _token(data: Path, role: str) -> str:
    return _cli("token", "create", "--role", role, "--data", str(data)).split()[-1]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory):
    """A server over its own data dir: the Stockton minutes plus a file full of markup, with tokens."""
    data = tmp_path_factory.mktemp("pages-data")
    sources = tmp_path_factory.mktemp("pages-sources")
    shutil.copy(STOCKTON, sources / STOCKTON.name)
    (sources / "testville-tc_full-council_2025-01-15.txt").write_text(HOSTILE, encoding="utf-8")
    _cli("ingest", str(sources), "--data", str(data))
    site = {"data": data, "officer": _token(data, "officer"), "admin": _token(data, "admin")}
    process, site["base"], log = serve(data, "pages-server.log")
    yield site
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context):
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_in(page, base: str, token: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Your access token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator(".who").inner_text().startswith("Signed in as")


# --- the officer's journey over the whole corpus --------------------------------------------------


def test_search_item_entity_briefing_and_docx(server: str, page, tmp_path: Path) -> None:
    page.goto(server)
    expect = playwright_api.expect
    expect(page.get_by_role("heading", level=1)).to_have_text("Search council minutes")
    shot(page, "01-search-empty")

    page.get_by_label("What are you looking for?").fill(QUERY)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"\?q=what\+was\+said"))
    assert "q=what+was+said+about+street+drinking" in page.url  # the search is in the URL: bookmarkable
    assert "council=" not in page.url  # empty filters are left out of the shared link
    results = page.locator("ol.results > li")
    expect(results.first).to_be_visible()
    stockton = results.filter(has=page.get_by_role("link", name="Problem Solving Plans", exact=True))
    expect(stockton).to_have_count(1)
    expect(stockton.locator(".meta")).to_contain_text("Safer Stockton Partnership")
    expect(stockton.locator(".meta")).to_contain_text("27 November 2024")
    expect(stockton.locator(".snippet mark").first).to_be_visible()  # highlighted query terms
    shot(page, "02-search-results")

    stockton.get_by_role("link", name="Problem Solving Plans", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem Solving Plans")
    expect(page.locator(".meeting-context li.current")).to_contain_text("Problem Solving Plans")
    expect(page.locator(".attendance")).to_contain_text("Norma Stephenson")
    expect(page.get_by_role("heading", name="Decisions", exact=True)).to_be_visible()
    shot(page, "03-item")

    entity_link = page.locator("section[aria-labelledby=entities-h] a.chip").first
    entity_name = entity_link.evaluate("link => link.firstChild.textContent").strip()
    entity_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(entity_name)
    timeline = page.locator("ol.timeline > li")
    expect(timeline.first).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("Safer Stockton Partnership")
    expect(page.locator("ol.timeline blockquote mark").first).to_be_visible()
    shot(page, "04-entity")

    page.get_by_role("link", name=re.compile(r"^Brief me")).click()
    expect(page.locator("#note-h")).to_contain_text(entity_name)
    citation = page.locator("a.cite").first
    expect(citation).to_be_visible()
    cited_label = citation.inner_text().strip("()")
    shot(page, "05-briefing")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Word (.docx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert cited_label in text
    assert re.search(r"\(Safer Stockton Partnership, \d{1,2} [A-Z][a-z]+ \d{4}, item", text)

    with page.expect_download() as md_info:
        page.get_by_role("link", name="Download Markdown (.md)").click()
    markdown = Path(md_info.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Briefing:") and "Safer Stockton Partnership" in markdown

    citation.click()  # a citation is a link to the cited item
    expect(page).to_have_url(re.compile(r"/items/\d+$"))
    assert not page.dialogs


def test_briefing_form_by_topic(server: str, page) -> None:
    expect = playwright_api.expect
    page.goto(f"{server}/brief")
    shot(page, "06-brief-form")
    page.get_by_label("Topic").fill("street drinking")
    page.get_by_label("Council").select_option(label="Stockton-on-Tees Borough Council")  # canonical name
    page.get_by_role("button", name="Build the briefing").click()
    expect(page.locator("#note-h")).to_have_text("Briefing: street drinking")
    expect(page.locator(".brief-section").first).to_contain_text("Safer Stockton Partnership")
    assert "council=Stockton" in page.url


def test_keyboard_skip_link_search_and_enter(server: str, page) -> None:
    page.goto(server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type(QUERY)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=what"))
    playwright_api.expect(page.get_by_role("link", name="Problem Solving Plans", exact=True)).to_be_visible()
    shot(page, "07-keyboard-results")


def test_phone_sized_screen(browser, server: str) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    try:
        page.goto(f"{server}/?q=street+drinking")
        playwright_api.expect(page.get_by_role("link", name="Problem Solving Plans", exact=True)).to_be_visible()
        assert no_horizontal_scroll(page)
        shot(page, "08-mobile-search")
        page.get_by_role("link", name="Problem Solving Plans", exact=True).click()
        playwright_api.expect(page.get_by_role("heading", level=1)).to_have_text("Problem Solving Plans")
        assert no_horizontal_scroll(page)
        shot(page, "09-mobile-item")
        for path, name in (
            ("/entities", "10-mobile-entities"),
            ("/brief?q=street+drinking", "11-mobile-brief"),
            ("/meetings", "12-mobile-meetings"),
        ):
            page.goto(server + path)
            assert no_horizontal_scroll(page), path
            shot(page, name)
    finally:
        ctx.close()


def test_other_pages_and_friendly_errors(server: str, page) -> None:
    expect = playwright_api.expect
    page.goto(f"{server}/meetings?council=Kent")
    rows = page.locator("table.data-table tbody tr")
    expect(rows.first).to_be_visible()
    assert all("Kent" in t for t in page.locator("table.data-table tbody td:nth-child(3)").all_inner_texts())
    shot(page, "13-meetings")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    # anonymous users download the public record of every meeting alike (originals may hold restricted items)
    expect(page.get_by_role("link", name="Download the public record")).to_be_visible()
    shot(page, "14-meeting")
    document = page.request.get(
        server + page.get_by_role("link", name="Download the public record").get_attribute("href")
    )
    assert document.status == 200 and document.headers["content-type"].startswith("text/plain")
    assert "Kent County Council" in document.text()

    page.goto(f"{server}/entities")
    shot(page, "15-entities")
    tabs = page.get_by_role("navigation", name="Entity types")
    tabs.get_by_role("link", name=re.compile(r"^Operations \d+$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Operations")
    expect(page.get_by_role("link", name="Operation Autumnus", exact=True)).to_be_visible()
    shot(page, "16-entities-operations")

    page.goto(f"{server}/?q=youth+services&k=5")
    expect(page.locator("ol.results > li")).to_have_count(5)
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "k=5" in page.url and "q=youth+services" in page.url
    expect(page.locator("ol.results")).to_have_attribute("start", "6")
    expect(page.locator("[role=status]")).to_contain_text("Results 6–10")
    expect(page.get_by_role("link", name="← Previous")).to_be_visible()

    page.goto(f"{server}/?q=zzqxjv+wwkpfh&council=Kent&from=1990-01-01&to=1990-12-31")
    expect(page.get_by_role("heading", name=re.compile("^No (good match|results)"))).to_be_visible()
    shot(page, "17-no-results")

    for query, problem in (
        ("q=test&k=abc", "'k' must be an integer"),
        ("q=test&from=2024-13-01", "'from'"),
        ("q=test&from=2025-01-01&to=2024-01-01", "'from' is after 'to'"),
        ("q=test&page=0", "'page'"),
    ):
        response = page.goto(f"{server}/?{query}")
        assert response.status == 400 and response.headers["content-type"].startswith("text/html")
        expect(page.locator("[role=alert]")).to_contain_text(problem)
    shot(page, "18-bad-parameter")
    response = page.goto(f"{server}/items/999999")
    assert response.status == 404 and response.headers["content-type"].startswith("text/html")
    response = page.goto(f"{server}/no/such/page")
    assert response.status == 404 and response.headers["content-type"].startswith("text/html")
    shot(page, "19-not-found")
    assert page.request.get(f"{server}/api/no-such-thing").headers["content-type"] == "application/json"


# --- restricted items -----------------------------------------------------------------------------


def _stockton_meeting(page, base: str) -> str:
    page.goto(f"{base}/meetings?committee=Safer+Stockton")
    return page.get_by_role("link", name="Safer Stockton Partnership").first.get_attribute("href")


def test_restricted_items_only_for_signed_in_officers(server: str, corpus_data: Path, page) -> None:
    expect = playwright_api.expect
    meeting = _stockton_meeting(page, server)
    for url in (
        server + meeting,
        f"{server}/entities",
        f"{server}/entities?type=ORG",
        f"{server}/meetings",
        f"{server}/?q=crime+comparisons+against+similar+partnerships+restricted+report",
        f"{server}/brief?q=crime+comparisons+restricted+report&council=Stockton",
    ):
        page.goto(url)
        assert "iquanta" not in page.content().lower(), url
        assert "DARD Consideration" not in page.content(), url
    page.goto(f"{server}/?q=iQuanta")  # the query itself is echoed back, but nothing it names is shown
    assert "iquanta" not in " ".join(page.locator("ol.results").all_inner_texts()).lower()
    assert page.get_by_role("link", name=re.compile("iQuanta", re.I)).count() == 0
    page.goto(f"{server}/entities?q=iQuanta")
    assert page.locator("table.data-table").count() == 0
    page.goto(server + meeting)
    expect(page.locator(".agenda-toc li")).to_have_count(9)
    expect(page.locator(".meta")).to_contain_text("9 agenda items")
    # its document holds restricted items, but anonymous users are offered the same public record as for any other
    assert "Download the public record" in page.locator(".source").inner_text()
    shot(page, "20-meeting-anonymous")

    sign_in(page, server, _token(corpus_data, "officer"))
    page.goto(server + meeting)
    expect(page.locator(".agenda-toc li")).to_have_count(11)
    expect(page.get_by_role("link", name="iQuanta Report").first).to_be_visible()
    expect(page.locator(".badge-restricted").first).to_be_visible()
    shot(page, "21-meeting-officer")
    page.goto(f"{server}/?q=iQuanta")
    expect(page.get_by_role("link", name="iQuanta Report")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.goto(server + meeting)
    expect(page.locator(".agenda-toc li")).to_have_count(9)


def test_login_rejects_a_wrong_token(small_site: dict, page) -> None:
    page.goto(f"{small_site['base']}/login")
    page.get_by_label("Your access token").fill("qrm_not-a-real-token")
    page.get_by_role("button", name="Sign in").click()
    playwright_api.expect(page.locator("[role=alert]")).to_contain_text("not recognised")
    shot(page, "22-login-error")
    assert page.locator(".who").count() == 0

    token = _token(small_site["data"], "officer")  # signed in by cookie; revoking the token ends it at once
    sign_in(page, small_site["base"], token)
    assert "officer" in page.locator(".who").inner_text()
    _cli("token", "revoke", token, "--data", str(small_site["data"]))
    page.reload()
    assert page.locator(".who").count() == 0


# --- hostile text ---------------------------------------------------------------------------------


def test_markup_in_minutes_is_shown_as_text(small_site: dict, page) -> None:
    expect = playwright_api.expect
    base = small_site["base"]
    page.goto(f"{base}/?q=consultation+reply+script+alert")
    hit = page.get_by_role("link", name="Hostile Markup Check")
    expect(hit).to_be_visible()
    snippet = page.locator("ol.results > li", has=hit).locator(".snippet")
    expect(snippet).to_contain_text("<script>alert(1)</script>")
    assert snippet.locator("script, img, b").count() == 0 and snippet.locator("mark").count() > 0
    shot(page, "23-hostile-search")
    hit.click()
    headers = page.request.get(page.url).headers
    assert "default-src 'self'" in headers["content-security-policy"]  # no inline script would run anyway
    minute = page.locator(".minute-text")
    expect(minute).to_contain_text("<script>alert(1)</script>")
    expect(minute).to_contain_text("<b>&</b>")
    expect(minute).to_contain_text("<img src=x onerror=alert(2)>")
    assert page.locator("main script, main img, .minute-text b").count() == 0
    shot(page, "24-hostile-item")
    page.get_by_role("link", name="Read it in the full minutes").click()
    expect(page.locator(".minute-text").first).to_contain_text("<script>alert(1)</script>")
    source = page.get_by_role("link", name="Download the public record")
    document = page.request.get(base + source.get_attribute("href"))
    assert document.headers["content-type"].startswith("text/plain")
    assert "sandbox" in document.headers["content-security-policy"]
    page.wait_for_timeout(300)
    assert page.dialogs == []


# --- upload ---------------------------------------------------------------------------------------


def test_upload_needs_an_administrator(small_site: dict, page) -> None:
    base = small_site["base"]
    page.goto(f"{base}/upload")
    assert "/login" in page.url  # anonymous: asked to sign in
    sign_in(page, base, small_site["officer"])
    response = page.goto(f"{base}/upload")
    assert response.status == 403
    playwright_api.expect(page.locator("[role=alert]")).to_contain_text("administrator")
    assert page.get_by_role("link", name="Upload").count() == 0
    denied = page.request.post(
        f"{base}/upload",
        headers={"Accept": "application/json"},
        multipart={"files": {"name": "x.txt", "mimeType": "text/plain", "buffer": b"x"}},
    )
    assert denied.status in (400, 403)


def test_admin_uploads_files_one_at_a_time(small_site: dict, page) -> None:
    expect = playwright_api.expect
    base = small_site["base"]
    sign_in(page, base, small_site["admin"])
    page.get_by_role("link", name="Upload").click()
    shot(page, "25-upload-form")
    page.get_by_label("Files").set_input_files(
        [
            {
                "name": "upton-pc_parish-council-ordinary_2025-03-03.txt",
                "mimeType": "text/plain",
                "buffer": UPLOADED.encode(),
            },
            {"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": b"this is not really a PDF"},
            {"name": "notes.exe", "mimeType": "application/octet-stream", "buffer": b"MZ binary"},
        ]
    )
    page.get_by_role("button", name="Upload and index").click()
    expect(page.locator("#outcomes")).to_have_attribute("data-done", "3", timeout=180_000)
    outcomes = page.locator("#outcome-list li")
    expect(outcomes).to_have_count(3)
    expect(outcomes.nth(0)).to_contain_text("ingested")
    expect(outcomes.nth(0)).to_have_class(re.compile("outcome-ok"))
    expect(outcomes.nth(1)).to_contain_text("not a PDF")
    expect(outcomes.nth(1)).to_have_class(re.compile("outcome-fail"))
    expect(outcomes.nth(2)).to_contain_text("unsupported file type")
    shot(page, "26-upload-outcomes")
    assert (small_site["data"] / "uploads" / "upton-pc_parish-council-ordinary_2025-03-03.txt").is_file()
    assert not (small_site["data"] / "uploads" / "agenda.pdf").exists()

    outcomes.nth(0).get_by_role("link", name="open the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Pond Restoration")
    page.goto(f"{base}/?q=duck+pond+restoration")  # indexed for search straight away
    first = page.locator("ol.results > li").first
    expect(first).to_contain_text("Upton Parish Council")  # filed under its council (the kind, ordinary, apart)
    expect(first).to_contain_text("pond")

    token = small_site["admin"]
    for name in ("../escape.txt", "..\\escape.txt", "/etc/passwd.txt"):
        response = page.request.post(
            f"{base}/upload",
            headers={"Accept": "application/json", "Authorization": f"Bearer {token}"},
            multipart={
                "files": {"name": name, "mimeType": "text/plain", "buffer": UPLOADED.replace("Pond", "Path").encode()}
            },
        )
        body = response.json()
        assert response.status == 200 and body["outcomes"][0]["status"] == "failed", (name, body)
        assert "unsafe file name" in body["outcomes"][0]["detail"]
    assert not (small_site["data"] / "escape.txt").exists()


def test_upload_without_javascript(browser, small_site: dict) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    try:
        sign_in(page, small_site["base"], small_site["admin"])
        page.goto(f"{small_site['base']}/upload")
        page.get_by_label("Files").set_input_files(
            [
                {"name": "empty.txt", "mimeType": "text/plain", "buffer": b"   "},
                {"name": "stockton-copy.txt", "mimeType": "text/plain", "buffer": STOCKTON.read_bytes()},
            ]
        )
        page.get_by_label("Officers only").check()
        page.get_by_role("button", name="Upload and index").click()
        outcomes = page.locator("#outcome-list li")
        playwright_api.expect(outcomes).to_have_count(2)
        playwright_api.expect(outcomes.nth(0)).to_contain_text("empty file")
        playwright_api.expect(outcomes.nth(1)).to_contain_text("duplicate")
        shot(page, "27-upload-no-js")
        page.get_by_role("button", name="Sign out").click()
        assert page.locator(".who").count() == 0
    finally:
        ctx.close()


def test_docx_has_citations_for_a_topic(server: str) -> None:
    """The download URL alone (shareable) gives a Word note with cited sources."""
    import docx

    with urllib.request.urlopen(f"{server}/brief.docx?q=street+drinking&council=Stockton", timeout=120) as response:
        assert response.status == 200
        document = docx.Document(io.BytesIO(response.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sources" in text and "Safer Stockton Partnership, 27 November 2024" in text
