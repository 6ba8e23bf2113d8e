"""Server-rendered pages for officers, one module per area; every read goes through the request's Store
(whose `visible_*` views apply the access check) and council text is always escaped by Jinja."""

from __future__ import annotations

from . import brief, entities, help, records, search, signin, upload, watching
from .blueprint import pages

__all__ = ["pages", "brief", "entities", "help", "records", "search", "signin", "upload", "watching"]
