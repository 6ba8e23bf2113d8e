"""The service as an attacker and an operator try it, on the real server over HTTP: sessions that end,
slow clients, decompression bombs, a broken vector file, hostile input, upload names, downloads,
tokens and a read-only or damaged data directory."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT, STOCKTON, serve

WRETTON = CORPUS / "norfolk-parishes" / "wretton-pc_parish-council-virtual_2020-05-04.txt"


def quorum(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


class Client:
    """A cookie-keeping HTTP client for one server (the browser's part in signing in)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.last_headers: list[tuple[str, str]] = []

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        host, port = self.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.last_headers = response.getheaders()
        for name, value in self.last_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        connection.close()
        return response.status, text

    def csrf(self, path: str = "/login") -> str:
        _, page = self.request("GET", path)
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        assert found, page[:500]
        return found.group(1)

    def sign_in(self, token: str) -> int:
        form = f"csrf={self.csrf()}&token={token}".encode()
        status, _ = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        return status


def _json(
    base: str, path: str, token: str | None = None, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, dict]:
    sent = {**({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
    request = urllib.request.Request(base + path, data=body, headers=sent, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("hardening")
    assert quorum("ingest", str(ROOT / "examples"), str(WRETTON), "--data", str(data)).returncode == 0
    admin = quorum("token", "create", "--role", "admin", "--data", str(data)).stdout.split()[-1]
    officer = quorum("token", "create", "--role", "officer", "--data", str(data)).stdout.split()[-1]
    env = {"QUORUM_SESSION_IDLE_MINUTES": "0.1", "QUORUM_LAST_USED_SECONDS": "0", "QUORUM_SECURE_COOKIES": "1"}
    process, base, log = serve(data, "hardening.log", env)
    yield {"data": data, "base": base, "admin": admin, "officer": officer}
    process.terminate()
    process.wait(timeout=30)
    log.close()


# --- sessions -------------------------------------------------------------------------------------


def test_the_cookie_holds_no_token_and_sign_out_ends_the_session(site: dict) -> None:
    client = Client(site["base"])
    assert client.sign_in(site["officer"]) == 303
    cookie = [v for k, v in client.last_headers if k.lower() == "set-cookie"][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    raw = client.cookies["quorum_session"]
    import base64

    payload = raw.lstrip(".").split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if raw.startswith("."):
        import zlib

        decoded = zlib.decompress(decoded)
    assert site["officer"] not in decoded.decode("utf-8", "replace") and b"sid" in decoded
    meeting = _stockton_meeting(site["base"])
    assert "DARD Consideration" in client.request("GET", f"/meetings/{meeting}")[1]
    saved = dict(client.cookies)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.request("GET", "/")[1]).group(1)
    assert (
        client.request(
            "POST", "/logout", f"csrf={csrf}".encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )[0]
        == 303
    )
    replay = Client(site["base"])
    replay.cookies = saved  # the cookie as it was before signing out
    assert "DARD Consideration" not in replay.request("GET", f"/meetings/{meeting}")[1]


def test_an_idle_session_ends(site: dict) -> None:
    client = Client(site["base"])
    assert client.sign_in(site["officer"]) == 303
    meeting = _stockton_meeting(site["base"])
    for _ in range(3):  # in use: kept alive past the idle limit (6 s)
        time.sleep(2.5)
        assert "DARD Consideration" in client.request("GET", f"/meetings/{meeting}")[1]
    time.sleep(7)
    assert "DARD Consideration" not in client.request("GET", f"/meetings/{meeting}")[1]


def test_revoking_a_token_ends_its_sessions(site: dict) -> None:
    token = quorum("token", "create", "--role", "officer", "--data", str(site["data"])).stdout.split()[-1]
    client = Client(site["base"])
    assert client.sign_in(token) == 303
    meeting = _stockton_meeting(site["base"])
    assert "DARD Consideration" in client.request("GET", f"/meetings/{meeting}")[1]
    token_id = json.loads(quorum("token", "list", "--json", "--data", str(site["data"])).stdout)[-1]["id"]
    assert quorum("token", "revoke", str(token_id), "--data", str(site["data"])).stdout.strip() == "revoked"
    assert "DARD Consideration" not in client.request("GET", f"/meetings/{meeting}")[1]


def _stockton_meeting(base: str) -> int:
    _, body = _json(base, "/api/meetings?committee=Safer")
    return int(body["meetings"][0]["id"])


# --- slow clients ---------------------------------------------------------------------------------


def test_slow_clients_do_not_stall_the_service(site: dict) -> None:
    """Eight sockets sending headers a byte a second and four sending a body that never ends, for 12 s:
    every health check in that time is answered at once (with two threaded workers, none was)."""
    port = int(site["base"].rsplit(":", 1)[1])
    slow = []
    for _ in range(8):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(sock)
    for _ in range(4):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(
            b"POST /api/briefing HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100000\r\n\r\n{"query": '
        )
        slow.append(sock)
    answered, worst, started = 0, 0.0, time.time()
    try:
        while time.time() - started < 12:
            for sock in slow:
                try:
                    sock.sendall(b"a")
                except OSError:
                    pass
            asked = time.time()
            with urllib.request.urlopen(f"{site['base']}/healthz", timeout=5) as response:
                answered += response.status == 200
            worst = max(worst, time.time() - asked)
            time.sleep(1)
    finally:
        for sock in slow:
            sock.close()
    assert answered >= 10 and worst < 2.0, (answered, worst)


# --- bounded documents ----------------------------------------------------------------------------


def _docx_bomb(paragraphs: int = 308_000) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Minutes")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * paragraphs)
            bomb.writestr(info, part)
    return out.getvalue()


def _pdf(pages: int) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload(site: dict, name: str, data: bytes, access: str = "public") -> tuple[int, dict]:
    boundary = "quorum-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="access"\r\n\r\n{access}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return _json(
        site["base"],
        "/upload",
        site["admin"],
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "application/json"},
    )


def _wait(site: dict, outcome: dict) -> dict:
    deadline = time.time() + 300
    while not outcome.get("finished") and time.time() < deadline:
        time.sleep(0.5)
        _, outcome = _json(site["base"], outcome["status_url"], site["admin"])
    return outcome


def _documents(site: dict) -> int:
    return _json(site["base"], "/api/meetings", site["officer"])[1]["total"]


def test_decompression_bombs_and_huge_pdfs_are_refused_quickly_and_store_nothing(site: dict) -> None:
    before = _documents(site)
    started = time.time()
    status, body = _upload(site, "bomb.docx", _docx_bomb())
    outcome = _wait(site, body["outcomes"][0])
    assert outcome["status"] == "failed" and "too many paragraphs" in outcome["detail"], outcome
    status, body = _upload(site, "huge.pdf", _pdf(2_000))
    outcome = _wait(site, body["outcomes"][0])
    assert outcome["status"] == "failed" and "too many pages" in outcome["detail"], outcome
    assert time.time() - started < 60
    assert _documents(site) == before
    assert not (site["data"] / "uploads" / "bomb.docx").exists()


def test_uploads_are_indexed_outside_the_request(site: dict) -> None:
    text = STOCKTON.read_text().replace("Safer Stockton Partnership", "Safer Stockton Partnership (copy one)")
    started = time.time()
    status, body = _upload(site, "queued-copy.txt", text.encode())
    assert status == 202 and body["outcomes"][0]["status"] == "queued" and time.time() - started < 5
    outcome = _wait(site, body["outcomes"][0])
    assert outcome["status"] == "ingested" and outcome["url"].startswith("/meetings/")


def test_a_document_over_its_time_limit_fails_and_stores_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = quorum("ingest", str(STOCKTON), "--data", str(data), env={"QUORUM_DOCUMENT_SECONDS": "1"})
    assert done.returncode == 1 and "took longer than 1 s" in done.stdout + done.stderr
    listed = quorum("meetings", "--all", "--data", str(data))
    assert "0 meetings" in listed.stdout


# --- a missing or damaged vector file ---------------------------------------------------------------


def test_health_reports_each_part_and_pages_say_search_is_unavailable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(STOCKTON), "--data", str(data)).returncode == 0
    admin = quorum("token", "create", "--role", "admin", "--data", str(data)).stdout.split()[-1]
    (data / "vectors.faiss").unlink()
    process, base, log = serve(data, "no-vectors.log")
    try:
        status, health = _json(base, "/healthz")
        assert status == 503 and health["status"] == "degraded" and health["database"] == "ok"
        assert health["vectors"].startswith("missing") and "vectors_detail" not in health
        assert str(data) in _json(base, "/healthz", admin)[1]["vectors_detail"]
        status, body = _json(base, "/api/search?q=street+drinking")
        assert status == 503 and str(data) not in body["message"] and "quorum reindex" in body["message"]
        for path in ("/?q=street+drinking", "/brief?q=street+drinking", "/brief.md?q=street+drinking"):
            try:
                urllib.request.urlopen(base + path, timeout=60)
                raise AssertionError(f"{path} answered 200 without a vector index")
            except urllib.error.HTTPError as error:
                page = error.read().decode()
                assert error.code == 503 and "Search is unavailable" in page and str(data) not in page, path
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


# --- hostile input ----------------------------------------------------------------------------------


def _raw(site: dict, request: bytes) -> int:
    port = int(site["base"].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        reply = sock.recv(4096)
    return int(reply.split()[1])


def test_bad_input_gets_a_clear_4xx(site: dict) -> None:
    base = site["base"]
    for field in ("query", "council"):
        extra = ', "query": "x"' if field != "query" else ""
        body = ('{"' + field + '": "\\ud800"' + extra + "}").encode()
        status, answer = _json(base, "/api/briefing", body=body, headers={"Content-Type": "application/json"})
        assert status == 400 and field in answer["message"], (field, answer)
    for path in ("/", "/brief", "/brief.md", "/brief.docx"):
        try:
            urllib.request.urlopen(f"{base}{path}?q=x&entity=9223372036854775808", timeout=60)
        except urllib.error.HTTPError as error:
            assert 400 <= error.code < 500, (path, error.code)
    status, answer = _json(base, "/api/briefing", body=b"[" * 1000, headers={"Content-Type": "application/json"})
    assert status == 400 and "JSON" in answer["message"]
    chunked = (
        b"POST /api/briefing HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"
    )
    assert 400 <= _raw(site, chunked) < 500
    long_name = "m" * 296 + ".txt"
    boundary = "b"
    parts = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n'.encode()
            + WRETTON.read_bytes().replace(b"Wretton", b"Wretton " + name[:3].encode())
            + b"\r\n"
            for name in (long_name, "after-the-long-one.txt")
        )
        + f"--{boundary}--\r\n".encode()
    )
    status, body = _json(
        base,
        "/upload",
        site["admin"],
        parts,
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "application/json"},
    )
    first, second = body["outcomes"]
    assert first["status"] == "failed" and "file name too long" in first["detail"]
    assert second["status"] == "queued"  # the batch went on
    assert _wait(site, second)["status"] == "ingested"


def test_an_upload_on_a_full_disk_is_a_507_and_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(STOCKTON), "--data", str(data)).returncode == 0
    admin = quorum("token", "create", "--role", "admin", "--data", str(data)).stdout.split()[-1]
    uploads = data / "uploads"
    uploads.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(uploads)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    process, base, log = serve(data, "full.log")
    try:
        status, body = _upload({"base": base, "admin": admin}, "big.txt", WRETTON.read_bytes() * 40)
        assert status == 507 and "disk is full" in body["outcomes"][0]["detail"]
        assert list(uploads.iterdir()) == []
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        subprocess.run(["umount", str(uploads)], check=False)


# --- upload names and access ------------------------------------------------------------------------


def test_upload_names_that_differ_stay_apart_and_access_is_never_lowered(site: dict) -> None:
    text = WRETTON.read_text()
    outcomes = {}
    for name, marker in (
        ("ë.txt", "first"),
        ("e.txt", "second"),
        ("Minutes Jan.txt", "third"),
        ("Minutes_Jan.txt", "fourth"),
    ):
        status, body = _upload(
            site, name, text.replace("Wretton Parish Council", f"Wretton Parish Council {marker}").encode()
        )
        outcomes[name] = _wait(site, body["outcomes"][0])
    assert all(o["status"] == "ingested" for o in outcomes.values()), outcomes
    assert len({o["meeting_id"] for o in outcomes.values()}) == 4
    status, body = _upload(site, "officers.txt", text.replace("Wretton", "Wretton officers").encode(), "restricted")
    assert _wait(site, body["outcomes"][0])["status"] == "ingested"
    status, body = _upload(site, "officers.txt", text.replace("Wretton", "Wretton public").encode(), "public")
    refused = body["outcomes"][0]
    assert refused["status"] == "failed" and "officers only" in refused["detail"]


# --- downloads ----------------------------------------------------------------------------------------


def test_every_public_meeting_downloads_alike(site: dict) -> None:
    _, listing = _json(site["base"], "/api/meetings")
    kinds = set()
    for meeting in listing["meetings"]:
        with urllib.request.urlopen(f"{site['base']}/documents/{meeting['id']}", timeout=60) as response:
            kinds.add((response.status, response.headers["Content-Type"]))
            text = response.read().decode()
        assert "DARD Consideration" not in text and "iQuanta" not in text
    assert kinds == {(200, "text/plain; charset=utf-8")}
    request = urllib.request.Request(
        f"{site['base']}/documents/{_stockton_meeting(site['base'])}",
        headers={"Authorization": f"Bearer {site['officer']}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert b"DARD Consideration" in response.read()  # officers get the original


# --- tokens and the data directory ----------------------------------------------------------------


def test_tokens_are_listed_and_revoked_by_id(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for days in ("0", "-1"):
        refused = quorum("token", "create", "--days", days, "--data", str(data))
        assert refused.returncode == 2 and "at least 1" in refused.stderr
    token = quorum(
        "token", "create", "--role", "admin", "--days", "3", "--email", "clerk@example.org", "--data", str(data)
    ).stdout.split()[-1]
    listed = quorum("token", "list", "--data", str(data)).stdout
    assert token not in listed and "admin" in listed and "clerk@example.org" in listed and "never" in listed
    (entry,) = json.loads(quorum("token", "list", "--json", "--data", str(data)).stdout)
    assert entry["expires_at"] and not entry["revoked"] and "hash" not in entry
    first = quorum("token", "revoke", str(entry["id"]), "--data", str(data))
    again = quorum("token", "revoke", token, "--data", str(data))
    assert (first.returncode, first.stdout.strip()) == (0, "revoked")
    assert (again.returncode, again.stdout.strip()) == (1, "already revoked")
    assert (data / "quorum.sqlite3").stat().st_mode & 0o777 == 0o600


def test_a_read_only_data_directory_serves_reads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(STOCKTON), "--data", str(data)).returncode == 0
    view = tmp_path / "readonly"
    view.mkdir()
    bound = subprocess.run(["mount", "--bind", str(data), str(view)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True, capture_output=True)
        listed = quorum("meetings", "--data", str(view))
        assert listed.returncode == 0 and "1 meetings" in listed.stdout, listed.stderr
        found = quorum("search", "street drinking", "--data", str(view))
        assert found.returncode == 0 and "Problem Solving Plans" in found.stdout, found.stderr
        refused = quorum("ingest", str(WRETTON), "--data", str(view))
        assert refused.returncode == 1 and "read-only" in refused.stderr and "Traceback" not in refused.stderr
        process, base, log = serve(view, "../readonly-server.log")
        try:
            status, body = _json(base, "/api/search?q=street+drinking")
            assert status == 200 and body["results"][0]["heading"] == "Problem Solving Plans"
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()
    finally:
        subprocess.run(["umount", str(view)], check=False)


def test_a_short_or_empty_secret_key_is_replaced_and_failed_sign_ins_are_logged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert quorum("ingest", str(WRETTON), "--data", str(data)).returncode == 0
    for key in (b"", b"short"):
        (data / "secret.key").write_bytes(key)
        process, base, log = serve(data, "secret.log")
        try:
            client = Client(base)
            assert client.request("GET", "/login")[0] == 200
            assert client.sign_in("qrm_wrong") == 401
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()
        assert len((data / "secret.key").read_bytes()) >= 32
        assert (data / "secret.key").stat().st_mode & 0o777 == 0o600
        assert "failed sign-in from 127.0.0.1" in (data / "secret.log").read_text()
    shutil.rmtree(data / "uploads", ignore_errors=True)
