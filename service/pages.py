"""Server-rendered pages for officers: search, items, meetings, entities, briefings, sign-in and upload.

Every read goes through the request's Store (`get_store()`), whose `visible_*` views apply the access
check, so restricted items, headings and counts never reach a page for someone not entitled to them.
Council text is always autoescaped by Jinja; the only markup inserted into it is the `<mark>` of
search snippets and mention sentences, built here from escaped text (`_marked`, `_highlight`).

Signing in: an officer or admin pastes their token on /login; it is kept in Flask's signed session
cookie (HttpOnly, SameSite=Lax) and checked against the tokens table on every request, so a revoked
token stops working at once. A Bearer header works too. POST forms carry a per-session CSRF token.
"""
from __future__ import annotations

import hmac
import html
import os
import re
import secrets
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from flask import (Blueprint, Response, abort, current_app, g, jsonify, redirect, render_template, request, send_file,
                   session, url_for)
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from .api import ENTITY_TYPES, MAX_QUERY_CHARS, date_param, int_param, text_param
from .app import current_viewer, get_store

pages = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/static/pages")

RESULTS_PER_PAGE = 10
MAX_RESULTS = 100  # page * k never asks search for more than this
ENTITIES_PER_PAGE = 100
ENTITY_LABELS = {"OPERATION": "Operations", "PROJECT": "Projects", "STRATEGY": "Strategies", "PLACE": "Places",
                 "ORG": "Organisations", "PERSON": "People", "LEGISLATION": "Legislation"}
DOCUMENT_TYPES = {"pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "md": "text/plain; charset=utf-8",
                  "html": "text/plain; charset=utf-8",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
SECRET_FILE = "secret.key"


# --- setup ----------------------------------------------------------------------------------------

@pages.record_once
def _configure(state) -> None:  # noqa: ANN001
    """Give the app a session key (Settings.secret_key, else a per-data-dir key file) and safe cookies."""
    app = state.app
    settings = app.config["QUORUM"]
    app.secret_key = settings.secret_key or _secret_from_file(Path(settings.data) / SECRET_FILE)
    app.config["SESSION_COOKIE_NAME"] = "quorum_session"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["plain"] = _plain
    app.jinja_env.globals["entity_labels"] = ENTITY_LABELS

    @app.errorhandler(404)
    def not_found(exc: HTTPException):  # noqa: ANN202
        """Unknown paths outside the API get a page; the API (and /healthz) keeps its JSON errors."""
        if request.blueprint == "pages" or (request.url_rule is None and _wants_page()):
            return _error_page(exc)
        return jsonify({"error": exc.name, "message": exc.description, "status": exc.code}), exc.code


def _secret_from_file(path: Path) -> bytes:
    """Read the key file, creating it (mode 0600, atomically) on first use."""
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".secret-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, secrets.token_hex(32).encode())
        os.close(fd)
        try:
            os.link(tmp, path)  # fails if another worker created it first: then use theirs
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return path.read_bytes()


def _wants_page() -> bool:
    return not (request.path.startswith("/api/") or request.path == "/api" or request.path == "/healthz")


@pages.before_app_request
def identify_from_session() -> None:
    """A Bearer header (checked by the app) wins; else the token saved in the signed session cookie."""
    if "viewer" in g or "token" not in session:
        return
    if request.blueprint == "api" or request.headers.get("Authorization", "").lower().startswith("bearer "):
        return  # the JSON API authenticates with Bearer tokens only (no cookies, so no CSRF exposure)
    from index.store import connect
    from index.tokens import viewer_for_token

    conn = connect(current_app.config["QUORUM"].db_path)
    try:
        viewer = viewer_for_token(conn, session["token"])
    finally:
        conn.close()
    if viewer.role == "anonymous":  # revoked or expired since sign-in
        session.pop("token", None)
        return
    g.viewer = viewer
    g.signed_in_by_session = True


@pages.app_context_processor
def _template_globals() -> dict:
    viewer = current_viewer()
    return {"viewer": viewer, "csrf_token": _csrf_token, "signed_in": viewer.role != "anonymous",
            "signed_in_by_session": g.get("signed_in_by_session", False)}


@pages.after_request
def _security_headers(response: Response) -> Response:
    """Defence in depth for the HTML pages: no inline script, no framing, no query strings in Referer."""
    if response.mimetype == "text/html":
        response.headers.setdefault(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none';"
            " base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if current_viewer().sees_restricted:
            response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _check_csrf() -> None:
    """POSTs authenticated by the session cookie must carry the session's CSRF token."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return  # header auth is not ambient: a cross-site form cannot set it
    sent = request.form.get("csrf") or request.headers.get("X-CSRF-Token") or ""
    if not session.get("csrf") or not hmac.compare_digest(sent, session["csrf"]):
        abort(400, description="the form has expired; reload the page and try again")


@pages.errorhandler(HTTPException)
def _page_error(exc: HTTPException):  # noqa: ANN202
    if request.path == "/upload" and request.accept_mimetypes.best == "application/json":
        return jsonify({"status": "failed", "detail": exc.description, "code": exc.code}), exc.code
    return _error_page(exc)


@pages.errorhandler(Exception)
def _page_crash(exc: Exception):  # noqa: ANN202
    if isinstance(exc, HTTPException):
        return _page_error(exc)
    current_app.logger.exception("page failed")
    return render_template("error.html", code=500, title="Something went wrong",
                           message="This page could not be shown. Please try again in a moment."), 500


def _error_page(exc: HTTPException) -> tuple[str, int]:
    titles = {400: "Please check your search", 401: "Please sign in", 403: "Not allowed",
              404: "Not found", 405: "Not allowed", 413: "Too large"}
    return render_template("error.html", code=exc.code, title=titles.get(exc.code, exc.name),
                           message=exc.description), exc.code or 500


# --- helpers --------------------------------------------------------------------------------------

def long_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _marked(snippet: str) -> Markup:
    """A search snippet as Markup whose only tags are <mark>: re-escaped here whatever the producer did."""
    raw = html.unescape(_plain(snippet).replace("\x01", "").replace("\x02", "")
                        .replace("<mark>", "\x01").replace("</mark>", "\x02"))
    text = str(escape(raw))
    opened = text.count("\x01")
    text = text.replace("\x01", "<mark>").replace("\x02", "</mark>")
    if opened != text.count("</mark>"):
        return Markup(escape(raw.replace("\x01", "").replace("\x02", "")))
    return Markup(text)


def _highlight(sentence: str, surface: str) -> Markup:
    """The sentence, escaped, with each occurrence of `surface` (whitespace-tolerant) in <mark>."""
    words = [re.escape(w) for w in surface.split()]
    if not words:
        return escape(sentence)
    pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(sentence):
        out.append(escape(sentence[last:match.start()]))
        out.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        last = match.end()
    out.append(escape(sentence[last:]))
    return Markup("").join(out)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # symbol-font bullets from PDFs/Word (render as boxes)


def _plain(text: str) -> str:
    return _PRIVATE_USE.sub("\u2022", text or "")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", _plain(text)) if p.strip()]


def _filter_options() -> tuple[list[str], list[str]]:
    """Councils and committees of the meetings this viewer can see."""
    rows = get_store().conn.execute("SELECT DISTINCT council, committee FROM visible_meetings").fetchall()
    return sorted({r["council"] for r in rows}), sorted({r["committee"] for r in rows})


def _visible_entity(entity_id: int) -> dict | None:
    """An entity by id, only if the viewer can see at least one of its mentions."""
    row = get_store().conn.execute(
        "SELECT e.id, e.type, e.name FROM entities e WHERE e.id = ?"
        " AND EXISTS (SELECT 1 FROM visible_mentions vm WHERE vm.entity_id = e.id)", (entity_id,)).fetchone()
    return dict(row) if row else None


def _date_range() -> tuple[str | None, str | None]:
    date_from, date_to = date_param("from"), date_param("to")
    if date_from and date_to and date_from > date_to:
        abort(400, description="parameter 'from' is after 'to'")
    return date_from, date_to


def _url_with(endpoint: str, args: dict, **changes: object) -> str:
    merged = {k: v for k, v in {**args, **changes}.items() if v not in (None, "")}
    return url_for(endpoint) + ("?" + urlencode(merged) if merged else "")


def _document_available(meeting: dict) -> bool:
    """The original may be served: its file still exists, and it holds nothing this viewer may not see.

    A public meeting's document can contain restricted items, so for viewers without access to
    restricted content the document is offered only when no item of the meeting is restricted.
    (This reads the base table only to refuse; nothing from it is shown.)
    """
    path = meeting.get("path")
    if not path or not Path(path).is_file():
        return False
    if current_viewer().sees_restricted:
        return True
    hidden = get_store().conn.execute(
        "SELECT COUNT(*) FROM main.items WHERE meeting_id = ? AND access != 'public'", (meeting["id"],)).fetchone()[0]
    return hidden == 0


# --- search ---------------------------------------------------------------------------------------

@pages.get("/")
def search_page():  # noqa: ANN201
    query = text_param("q", limit=MAX_QUERY_CHARS)
    k = int_param("k", RESULTS_PER_PAGE, 1, 50)
    page = int_param("page", 1, 1, MAX_RESULTS)
    if page * k > MAX_RESULTS:
        abort(400, description=f"parameter 'page' is too far: at most {MAX_RESULTS} results ({MAX_RESULTS // k}"
                               f" pages of {k}) are shown")
    date_from, date_to = _date_range()
    council, committee, entity = text_param("council"), text_param("committee"), text_param("entity")
    args = {"q": query, "council": council, "committee": committee, "from": date_from, "to": date_to,
            "entity": entity, "k": k if k != RESULTS_PER_PAGE else None}
    entity_record = None
    if entity and entity.isdigit():
        entity_record = _visible_entity(int(entity))
        if entity_record is None:
            abort(400, description="parameter 'entity' is not the number of an entity you can see")
    councils, committees = _filter_options()
    results, has_more, took = [], False, None
    if query:
        from index.entities_store import item_entities
        from index.search import search

        response = search(get_store(), query, k=page * k + 1, council=council, committee=committee,
                          date_from=date_from, date_to=date_to, entity=entity)
        found = response["results"] if isinstance(response, dict) else response.results
        took = response["took_ms"] if isinstance(response, dict) else response.took_ms
        has_more = len(found) > page * k
        from index.summary_store import summaries_for

        shown = found[(page - 1) * k: page * k]
        summaries = summaries_for(get_store().conn, [r["item_id"] for r in shown])
        for result in shown:
            results.append({**result, "snippet": _marked(result.get("snippet") or ""),
                            "summary": [s["text"] for s in summaries.get(result["item_id"], [])],
                            "entities": item_entities(get_store().conn, result["item_id"])[:8]})
    return render_template(
        "search.html", query=query or "", args=args, results=results, page=page, k=k, has_more=has_more,
        took=took, councils=councils, committees=committees, entity_record=entity_record,
        first=(page - 1) * k + 1,
        prev_url=_url_with("pages.search_page", args, page=page - 1 if page > 2 else None) if page > 1 else None,
        next_url=_url_with("pages.search_page", args, page=page + 1) if has_more and (page + 1) * k <= MAX_RESULTS
        else None)


# --- items and meetings ---------------------------------------------------------------------------

@pages.get("/items/<id:item_id>")
def item_page(item_id: int):  # noqa: ANN201
    from index.entities_store import item_entities
    from index.facts_store import item_facts
    from index.summary_store import summaries_for

    store = get_store()
    item = store.item(item_id)
    if item is None:
        abort(404, description=f"There is no agenda item {item_id}, or it is not available to you.")
    meeting = store.meeting(item["meeting_id"])
    if meeting is None:
        abort(404, description=f"There is no agenda item {item_id}, or it is not available to you.")
    return render_template(
        "item.html", item=item, meeting=meeting, paragraphs=_paragraphs(item["text"]),
        facts=item_facts(store.conn, item_id), entities=item_entities(store.conn, item_id),
        summary=summaries_for(store.conn, [item_id]).get(item_id, []),
        document_available=_document_available(meeting))


@pages.get("/meetings/<id:meeting_id>")
def meeting_page(meeting_id: int):  # noqa: ANN201
    from index.entities_store import meeting_entities

    store = get_store()
    meeting = store.meeting(meeting_id)
    if meeting is None:
        abort(404, description=f"There is no meeting {meeting_id}, or it is not available to you.")
    for item in meeting["items"]:
        item["paragraphs"] = _paragraphs(item["text"])
    return render_template("meeting.html", meeting=meeting, entities=meeting_entities(store.conn, meeting_id),
                           document_available=_document_available(meeting))


@pages.get("/meetings")
def meetings_page():  # noqa: ANN201
    page = int_param("page", 1, 1, 100_000)
    date_from, date_to = _date_range()
    council, committee = text_param("council"), text_param("committee")
    per_page = 50
    rows, total = get_store().list_meetings(council, committee, date_from, date_to, limit=per_page,
                                            offset=(page - 1) * per_page)
    args = {"council": council, "committee": committee, "from": date_from, "to": date_to}
    councils, committees = _filter_options()
    return render_template(
        "meetings.html", meetings=rows, total=total, page=page, args=args, councils=councils, committees=committees,
        prev_url=_url_with("pages.meetings_page", args, page=page - 1) if page > 1 else None,
        next_url=_url_with("pages.meetings_page", args, page=page + 1) if page * per_page < total else None)


@pages.get("/documents/<id:meeting_id>")
def document(meeting_id: int):  # noqa: ANN201
    meeting = get_store().meeting(meeting_id)
    if meeting is None or not _document_available(meeting):
        abort(404, description=f"The original document of meeting {meeting_id} is not available.")
    fmt = meeting["format"]
    response = send_file(meeting["path"], mimetype=DOCUMENT_TYPES.get(fmt, "application/octet-stream"),
                         as_attachment=fmt == "docx", download_name=meeting["source"], conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if fmt != "pdf":  # never let an uploaded document run script on this origin
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store" if current_viewer().sees_restricted else "private"
    return response


# --- entities -------------------------------------------------------------------------------------

@pages.get("/entities")
def entities_page():  # noqa: ANN201
    from index.entities_store import list_entities

    entity_type = text_param("type")
    if entity_type and entity_type.upper() not in ENTITY_TYPES:
        abort(400, description=f"parameter 'type' must be one of {', '.join(ENTITY_TYPES)}")
    entity_type = entity_type.upper() if entity_type else None
    q = text_param("q")
    page = int_param("page", 1, 1, 100_000)
    everything = list_entities(get_store().conn, None, q)
    type_counts = {t: 0 for t in ENTITY_TYPES}
    for entity in everything:
        type_counts[entity["type"]] = type_counts.get(entity["type"], 0) + 1
    found = [e for e in everything if not entity_type or e["type"] == entity_type]
    args = {"type": entity_type, "q": q}
    shown = found[(page - 1) * ENTITIES_PER_PAGE: page * ENTITIES_PER_PAGE]
    return render_template(
        "entities.html", entities=shown, total=len(found), entity_type=entity_type, q=q or "", types=ENTITY_TYPES,
        type_counts=type_counts, all_count=len(everything),
        first=(page - 1) * ENTITIES_PER_PAGE + 1,
        prev_url=_url_with("pages.entities_page", args, page=page - 1) if page > 1 else None,
        next_url=_url_with("pages.entities_page", args, page=page + 1)
        if page * ENTITIES_PER_PAGE < len(found) else None)


@pages.get("/entities/<id:entity_id>")
def entity_page(entity_id: int):  # noqa: ANN201
    from index.entities_store import entity_mentions

    entity = _visible_entity(entity_id)
    mentions = entity_mentions(get_store().conn, entity_id) if entity else []
    if entity is None or not mentions:
        abort(404, description=f"There is no entity {entity_id}, or it is not available to you.")
    meetings: list[dict] = []
    for mention in mentions:
        if not meetings or meetings[-1]["meeting_id"] != mention["meeting_id"]:
            meetings.append({"meeting_id": mention["meeting_id"], "date": mention["date"],
                             "council": mention["council"], "committee": mention["committee"], "mentions": []})
        mention["marked"] = _highlight(mention["sentence"] or mention["surface"], mention["surface"])
        meetings[-1]["mentions"].append(mention)
    return render_template("entity.html", entity=entity, meetings=meetings, total=len(mentions))


# --- briefing -------------------------------------------------------------------------------------

def _briefing_args() -> dict:
    date_from, date_to = _date_range()
    return {"q": text_param("q", limit=MAX_QUERY_CHARS), "entity": text_param("entity"), "from": date_from,
            "to": date_to, "council": text_param("council"), "committee": text_param("committee")}


def _build(args: dict):  # noqa: ANN202
    from index.briefing import build_briefing

    entity = args["entity"]
    entity_record = None
    if entity and entity.isdigit():
        entity_record = _visible_entity(int(entity))
        if entity_record is None:
            abort(404, description=f"There is no entity {entity}, or it is not available to you.")
        entity = entity_record["name"]
    try:
        note = build_briefing(get_store(), query=args["q"], entity=entity, date_from=args["from"],
                              date_to=args["to"], council=args["council"], committee=args["committee"])
    except LookupError:
        abort(404, description=f"No entity called \u201c{entity}\u201d appears in the minutes you can see.")
    return note, entity_record


@pages.get("/brief")
def brief_page():  # noqa: ANN201
    args = _briefing_args()
    note = entity_record = None
    if args["q"] or args["entity"]:
        note, entity_record = _build(args)
    councils, committees = _filter_options()
    return render_template("brief.html", args=args, note=note, entity_record=entity_record, councils=councils,
                           committees=committees,
                           md_url=_url_with("pages.brief_md", args), docx_url=_url_with("pages.brief_docx", args))


def _download(fmt: str) -> Response:
    args = _briefing_args()
    if not args["q"] and not args["entity"]:
        abort(400, description="a briefing needs a topic ('q') or an entity ('entity')")
    note, _ = _build(args)
    from .export import to_docx, to_markdown

    stem = re.sub(r"[^a-z0-9]+", "-", note.title.lower()).strip("-")[:60] or "briefing"
    if fmt == "md":
        body, mimetype = to_markdown(note), "text/markdown; charset=utf-8"
    else:
        body, mimetype = to_docx(note), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"', "Cache-Control": "private, no-store"})


@pages.get("/brief.md")
def brief_md():  # noqa: ANN201
    return _download("md")


@pages.get("/brief.docx")
def brief_docx():  # noqa: ANN201
    return _download("docx")


# --- signing in -----------------------------------------------------------------------------------

def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect off-site after sign-in."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not any(c.isspace() or ord(c) < 32 for c in target)):
        return target
    return url_for("pages.search_page")


@pages.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    error = None
    next_url = _safe_next(request.values.get("next"))
    if request.method == "POST":
        _check_csrf()
        from index.store import connect
        from index.tokens import viewer_for_token

        token = (request.form.get("token") or "").strip()
        conn = connect(current_app.config["QUORUM"].db_path)
        try:
            viewer = viewer_for_token(conn, token)
        finally:
            conn.close()
        if viewer.role == "anonymous":
            error = "That token was not recognised. It may have been mistyped, revoked or expired."
        else:
            session.clear()
            session["token"] = token
            session["csrf"] = secrets.token_urlsafe(24)
            return redirect(next_url, code=303)
    return render_template("login.html", error=error, next_url=next_url), (401 if error else 200)


@pages.post("/logout")
def logout():  # noqa: ANN201
    _check_csrf()
    session.clear()
    return redirect(url_for("pages.search_page"), code=303)


# --- upload ---------------------------------------------------------------------------------------

def _require_admin() -> Response | None:
    viewer = current_viewer()
    if viewer.role == "anonymous":
        if request.method == "GET":
            return redirect(url_for("pages.login", next=request.path), code=303)
        abort(401, description="Sign in with an administrator token to upload minutes.")
    if not viewer.is_admin:
        abort(403, description="Uploading minutes needs an administrator token; you are signed in as an officer.")
    return None


def _upload_one(upload, access: str) -> dict:  # noqa: ANN001
    """Check, save and ingest one uploaded file; returns its outcome for the page."""
    from ingest.errors import IngestError
    from ingest.readers import detect_format
    from index.access import ADMIN
    from index.ingestion import ingest_one
    from index.passage_index import refresh_vectors
    from index.pipeline import Pipeline
    from index.store import Store
    from werkzeug.utils import secure_filename

    settings = current_app.config["QUORUM"]
    original = upload.filename or ""
    outcome = {"name": original, "status": "failed", "detail": "", "meeting_id": None, "items": 0}
    if not original or "/" in original or "\\" in original or ".." in original or "\x00" in original:
        outcome["detail"] = "unsafe file name (no folders or '..' allowed)"
        return outcome
    name = secure_filename(original)
    if not name or name.startswith("."):
        outcome["detail"] = "unsafe file name"
        return outcome
    limit = settings.max_upload_mb * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        outcome["detail"] = f"file too large (limit {settings.max_upload_mb} MB)"
        return outcome
    try:
        detect_format(Path(name), data)
    except IngestError as exc:
        outcome["detail"] = str(exc)
        return outcome
    folder = Path(settings.data) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    previous = target.read_bytes() if target.is_file() else None
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
    with Store(settings.db_path, ADMIN) as store:
        result = ingest_one(store, target, access, Pipeline())
        if result.status == "failed":  # leave the uploads folder as it was
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(previous)
        else:
            refresh_vectors(store, settings.data)
    outcome.update(status=result.status, detail=result.detail, meeting_id=result.meeting_id, items=result.items)
    if result.status == "duplicate":
        outcome["detail"] = "the same document is already in the archive"
        if previous is None:
            target.unlink(missing_ok=True)
    return outcome


@pages.route("/upload", methods=["GET", "POST"])
def upload():  # noqa: ANN201
    denied = _require_admin()
    if denied is not None:
        return denied
    settings = current_app.config["QUORUM"]
    outcomes = []
    if request.method == "POST":
        request.max_content_length = settings.max_upload_mb * 1024 * 1024 * 20 + 1024 * 1024
        _check_csrf()
        access = request.form.get("access", "public")
        if access not in ("public", "restricted"):
            abort(400, description="parameter 'access' must be public or restricted")
        files = [f for f in request.files.getlist("files") if f.filename]
        if not files:
            abort(400, description="choose at least one file to upload")
        outcomes = [_upload_one(f, access) for f in files]
        if request.accept_mimetypes.best == "application/json":
            for outcome in outcomes:
                if outcome["meeting_id"]:
                    outcome["url"] = url_for("pages.meeting_page", meeting_id=outcome["meeting_id"])
            return jsonify({"outcomes": outcomes})
    return render_template("upload.html", outcomes=outcomes, max_mb=settings.max_upload_mb,
                           accept=",".join(sorted(_suffixes())))


def _suffixes() -> set[str]:
    from ingest.readers import SUPPORTED_SUFFIXES

    return set(SUPPORTED_SUFFIXES)
