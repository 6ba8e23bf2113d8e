"""The health check: each part of the service, so a load balancer stops sending searches to a worker
that cannot answer them (a missing or damaged vector file is not healthy)."""

from __future__ import annotations

import sqlite3

from flask import Blueprint, jsonify

from index.passage_index import vector_index_problem
from models.embedder import model_loaded

from .context import current_viewer, get_store, settings

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    parts: dict[str, str] = {}
    counts: dict[str, int] = {}
    try:
        store = get_store()
        counts = store.counts()
        parts["database"] = "ok"
        problem = vector_index_problem(store, settings().data)
        parts["vectors"] = "ok" if problem is None else "missing or damaged: searches cannot run"
        if problem and current_viewer().is_admin:
            parts["vectors_detail"] = problem
    except sqlite3.Error:
        parts["database"] = "unavailable"
    parts["models"] = "loaded" if model_loaded() else "load on first use"
    healthy = parts["database"] == "ok" and parts.get("vectors") == "ok"
    body = {"status": "ok" if healthy else "degraded", **{k: v for k, v in parts.items()}, **counts}
    return jsonify(body), 200 if healthy else 503
