"""The health check."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .context import get_store

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    return jsonify({"status": "ok", **get_store().counts()})
