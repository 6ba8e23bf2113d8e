"""Uploading minutes (administrators): each file checked, saved and ingested on its own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import abort, jsonify, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from index.access import ADMIN
from index.ingestion import ingest_and_index
from index.store import Store
from ingest.errors import IngestError
from ingest.readers import SUPPORTED_SUFFIXES, detect_format

from .. import auth
from ..context import settings
from .blueprint import pages


def _upload_one(upload: FileStorage, access: str) -> dict:
    """Check, save and ingest one uploaded file; returns its outcome for the page."""
    config = settings()
    original = upload.filename or ""
    outcome = {"name": original, "status": "failed", "detail": "", "meeting_id": None, "items": 0}
    if not original or "/" in original or "\\" in original or ".." in original or "\x00" in original:
        outcome["detail"] = "unsafe file name (no folders or '..' allowed)"
        return outcome
    name = secure_filename(original)
    if not name or name.startswith("."):
        outcome["detail"] = "unsafe file name"
        return outcome
    limit = config.max_upload_mb * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        outcome["detail"] = f"file too large (limit {config.max_upload_mb} MB)"
        return outcome
    try:
        detect_format(Path(name), data)
    except IngestError as exc:
        outcome["detail"] = str(exc)
        return outcome
    folder = Path(config.data) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    previous = target.read_bytes() if target.is_file() else None
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
    with Store(config.db_path, ADMIN) as store:
        result = ingest_and_index(store, [target], access)[0]
    if result.status == "failed":  # leave the uploads folder as it was
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
    outcome.update(status=result.status, detail=result.detail, meeting_id=result.meeting_id, items=result.items)
    if result.status == "duplicate":
        outcome["detail"] = "the same document is already in the archive"
        if previous is None:
            target.unlink(missing_ok=True)
    return outcome


@pages.route("/upload", methods=["GET", "POST"])
def upload():
    if not auth.require_admin():
        return redirect(url_for("pages.login", next=request.path), code=303)
    config = settings()
    outcomes = []
    if request.method == "POST":
        request.max_content_length = config.max_upload_mb * 1024 * 1024 * 20 + 1024 * 1024
        auth.check_csrf()
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
    return render_template(
        "upload.html", outcomes=outcomes, max_mb=config.max_upload_mb, accept=",".join(sorted(SUPPORTED_SUFFIXES))
    )
