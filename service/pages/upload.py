"""Uploading minutes (administrators): each file is checked and saved in the request, then queued; a
separate ingest process (`quorum ingest-queue`, started on demand) indexes the queue, and the page polls
each job until it is done. A large or hostile file therefore never holds a web worker.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import uuid
from pathlib import Path

from flask import Response, abort, jsonify, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage

from index.access import ADMIN
from index.ingestion import LOWERED, lowers_access
from index.store import Store
from index.upload_jobs import UploadJob, enqueue, job
from ingest.errors import IngestError
from ingest.readers import SUPPORTED_SUFFIXES, detect_format

from .. import auth
from ..context import settings
from .blueprint import pages

MAX_NAME_CHARS = 200
FINAL_OK = ("ingested", "replaced", "unchanged")


def upload_name(original: str) -> tuple[str | None, str]:
    """The name a file is kept under in the uploads folder (Unicode kept, so 'ë.txt' and 'e.txt' stay two
    files), or None and the reason it cannot be used."""
    name = unicodedata.normalize("NFC", original).strip()
    if not name or "/" in name or "\\" in name or ".." in name or "\x00" in name:
        return None, "unsafe file name (no folders or '..' allowed)"
    if len(name) > MAX_NAME_CHARS:
        return None, f"file name too long ({len(name)} characters; limit {MAX_NAME_CHARS})"
    name = re.sub(r"[^\w .,()+&'\-]", "_", name)
    if name.startswith(".") or not name.strip("_ ."):
        return None, "unsafe file name"
    return name, ""


def _failed(name: str, detail: str, code: int = 400) -> dict:
    return {"name": name, "status": "failed", "detail": detail, "meeting_id": None, "items": 0, "code": code}


def _save(folder: Path, name: str, data: bytes) -> tuple[Path, Path | None]:
    """Write the upload beside its target and move it into place; the file it replaces is kept aside
    (restored if the new one fails to ingest). Nothing half-written is left behind."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        backup = None
        if target.exists():
            (folder / ".replaced").mkdir(exist_ok=True)
            backup = folder / ".replaced" / f"{uuid.uuid4().hex}-{name}"
            os.replace(target, backup)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, backup


def _upload_one(upload: FileStorage, access: str, council: str | None = None, committee: str | None = None) -> dict:
    """Check and save one uploaded file and queue it; returns its outcome (queued, or why not)."""
    config = settings()
    original = upload.filename or ""
    name, problem = upload_name(original)
    if name is None:
        return _failed(original, problem)
    limit = config.max_upload_mb * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        return _failed(original, f"file too large (limit {config.max_upload_mb} MB)", 413)
    try:
        detect_format(Path(name), data)
    except IngestError as exc:
        return _failed(original, str(exc))
    folder = Path(config.data) / "uploads"
    with Store(config.db_path, ADMIN) as store:
        if store.readonly:
            return _failed(original, "the archive is read-only: nothing can be uploaded", 503)
        existing, same = store.find_document(str((folder / name).resolve()), hashlib.sha256(data).hexdigest())
        if existing is not None and existing["sha256"] == hashlib.sha256(data).hexdigest():
            return {
                "name": original,
                "status": "unchanged",
                "detail": "already ingested",
                "meeting_id": _meeting_of(store, existing["id"]),
                "items": 0,
            }
        if same is not None and existing is None:
            return {**_failed(original, "the same document is already in the archive", 200), "status": "duplicate"}
        if lowers_access(existing, access):
            return _failed(original, LOWERED, 409)
        try:
            target, backup = _save(folder, name, data)
        except OSError as exc:
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            return _failed(
                original,
                "the server's disk is full; nothing was saved"
                if full
                else f"the file could not be saved: {exc.strerror}",
                507 if full else 500,
            )
        queued = enqueue(store, original, target, access, backup, council, committee)
    return {**_job_outcome(queued), "name": original}


def _meeting_of(store: Store, document_id: int) -> int | None:
    row = store.conn.execute("SELECT id FROM meetings WHERE document_id = ?", (document_id,)).fetchone()
    return int(row[0]) if row else None


def _job_outcome(found: UploadJob) -> dict:
    outcome = {**found.to_dict(), "status_url": url_for("pages.upload_job", job_id=found.id)}
    if found.status == "queued" or found.status == "running":
        outcome["detail"] = "waiting to be indexed" if found.status == "queued" else "indexing"
    if found.meeting_id:
        outcome["url"] = url_for("pages.meeting_page", meeting_id=found.meeting_id)
    return outcome


def start_ingest_process() -> None:
    """Start the ingest process for the queue (it exits at once if one is already working on it)."""
    config = settings()
    log = open(Path(config.data) / "ingest-queue.log", "ab")
    try:
        subprocess.Popen(
            [sys.executable, "-m", "service.cli", "ingest-queue", "--data", str(config.data)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=Path(__file__).resolve().parents[2],
        )
    finally:
        log.close()


@pages.route("/upload", methods=["GET", "POST"])
def upload():
    if not auth.require_admin():
        return redirect(url_for("pages.login", next=request.path), code=303)
    config = settings()
    outcomes: list[dict] = []
    if request.method == "GET" and request.args.get("jobs"):
        ids = [int(n) for n in request.args["jobs"].split(",")[:50] if n.isascii() and n.isdigit() and len(n) <= 18]
        with Store(config.db_path, ADMIN) as store:
            outcomes = [_job_outcome(found) for n in ids if (found := job(store, n)) is not None]
    if request.method == "POST":
        request.max_content_length = config.max_upload_mb * 1024 * 1024 * 20 + 1024 * 1024
        auth.check_csrf()
        access = request.form.get("access", "public")
        if access not in ("public", "restricted"):
            abort(400, description="parameter 'access' must be public or restricted")
        files = [f for f in request.files.getlist("files") if f.filename]
        if not files:
            abort(400, description="choose at least one file to upload")
        council = (request.form.get("council") or "").strip()[:200] or None
        committee = (request.form.get("committee") or "").strip()[:200] or None
        outcomes = [_upload_one(f, access, council, committee) for f in files]
        if any(o["status"] == "queued" for o in outcomes):
            start_ingest_process()
        codes = {o.pop("code", 200) for o in outcomes}
        status = 507 if 507 in codes else 202 if any(o["status"] == "queued" for o in outcomes) else 200
        if request.accept_mimetypes.best == "application/json":
            return jsonify({"outcomes": outcomes}), status
        return render_template(
            "upload.html",
            outcomes=outcomes,
            max_mb=config.max_upload_mb,
            accept=",".join(sorted(SUPPORTED_SUFFIXES)),
            final=FINAL_OK,
            refresh=_refresh_url(outcomes),
            known=_known(),
        ), (507 if status == 507 else 200)
    return render_template(
        "upload.html",
        outcomes=outcomes,
        max_mb=config.max_upload_mb,
        accept=",".join(sorted(SUPPORTED_SUFFIXES)),
        final=FINAL_OK,
        refresh=_refresh_url(outcomes),
        known=_known(),
    )


def _refresh_url(outcomes: list[dict]) -> str | None:
    """Without JavaScript the page reloads itself while any upload is still being indexed."""
    jobs = [str(o["job"]) for o in outcomes if o.get("job")]
    waiting = any(o["status"] in ("queued", "running") for o in outcomes)
    return url_for("pages.upload", jobs=",".join(jobs)) if jobs and waiting else None


@pages.get("/upload/jobs/<id:job_id>")
def upload_job(job_id: int) -> Response:
    if not auth.require_admin():
        abort(401, description="Sign in with an administrator token.")
    with Store(settings().db_path, ADMIN) as store:
        found = job(store, job_id)
    if found is None:
        abort(404, description=f"no upload {job_id}")
    return jsonify(_job_outcome(found))


def _known() -> tuple[list[str], list[str]]:
    """The councils and committees the archive holds, offered as suggestions on the form."""
    with Store(settings().db_path, ADMIN) as store:
        return store.filter_options()
