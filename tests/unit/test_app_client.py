"""The Flask app through its test client over a three-document archive (one with restricted items):
API, pages, sign-in and errors, without starting a server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ..conftest import CORPUS, ROOT

DOCUMENTS = [
    ROOT / "examples" / "stockton-bc_safer-stockton-partnership_2024-11-27.txt",
    CORPUS / "limerick" / "limerick-ccc_cappamore-kilmallock-jpc-sub-committee_2018-07-19.txt",
    CORPUS / "norfolk-parishes" / "wretton-pc_parish-council-virtual_2020-05-04.txt",
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from service.cli import main

    data = tmp_path_factory.mktemp("three-documents")
    assert main(["ingest", *map(str, DOCUMENTS), "--data", str(data)]) == 0
    return data


@pytest.fixture(scope="module")
def client(archive: Path) -> FlaskClient:
    from service.app import create_app
    from service.config import Settings

    return create_app(Settings(data=archive)).test_client()


def test_search_api_finds_the_item_and_hides_restricted_ones(client: FlaskClient) -> None:
    body = client.get("/api/search?q=what+was+said+about+street+drinking").get_json()
    assert body["results"][0]["heading"] == "Problem Solving Plans"
    assert "<mark>Street</mark>" in body["results"][0]["snippet"]
    assert all(
        r["heading"] not in ("iQuanta Report", "DARD Consideration")
        for r in client.get("/api/search?q=iQuanta+DARD&k=50").get_json()["results"]
    )
    assert client.get("/api/meetings").get_json()["total"] == 3
    assert client.get("/healthz").get_json()["documents"] == 3


def test_bad_parameters_are_json_400s_and_unknown_pages_are_pages(client: FlaskClient) -> None:
    response = client.get("/api/search?q=x&k=0")
    assert response.status_code == 400 and "'k' must be between 1 and 100" in response.get_json()["message"]
    assert client.get("/api/items/999999").get_json()["status"] == 404
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert client.get("/?q=x&k=abc").status_code == 400


def test_pages_render_search_meeting_and_entity(client: FlaskClient) -> None:
    page = client.get("/?q=bonfire").get_data(as_text=True)
    assert "Operation Autumnus Update" in page and "<mark>" in page
    meeting_id = client.get("/api/meetings?committee=Safer").get_json()["meetings"][0]["id"]
    meeting = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Problem Solving Plans" in meeting and "DARD Consideration" not in meeting
    entities = client.get("/api/entities?q=Cleveland").get_json()["entities"]
    assert client.get(f"/entities/{entities[0]['id']}").status_code == 200


def test_sign_in_shows_restricted_items_and_sign_out_hides_them(archive: Path, client: FlaskClient) -> None:
    from index.access import ADMIN
    from index.store import Store
    from index.tokens import create_token

    with Store(archive / "quorum.sqlite3", ADMIN) as store:
        token = create_token(store.conn, "officer", 1)
    meeting_id = client.get("/api/meetings?committee=Safer").get_json()["meetings"][0]["id"]
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert client.post("/login", data={"token": "wrong", "csrf": csrf}).status_code == 401
    assert client.post("/login", data={"token": token, "csrf": csrf}).status_code == 303
    assert "DARD Consideration" in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert client.get(f"/api/meetings/{meeting_id}").get_json()["item_count"] == 9  # the API ignores the cookie
    page = client.get("/").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert "DARD Consideration" not in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/meetings/{meeting_id}", headers=bearer).get_json()["item_count"] == 11
