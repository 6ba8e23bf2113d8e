"""Run the app under gunicorn; each worker builds its own app and loads the model once.

Workers are gevent event loops (`QUORUM_WORKER_CLASS`, default `gevent`): a client that sends its
request slowly, or never finishes it, holds a greenlet, not a worker, so it cannot stall the service
(with `gthread`, four such sockets held every thread of two workers). Requests idle for
`QUORUM_READ_TIMEOUT` seconds while being read are dropped. On the open internet put a reverse proxy
in front as well (README, "Serving"), which buffers whole requests before they reach Quorum.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from .config import Settings


class QuorumServer(BaseApplication):
    def __init__(self, settings: Settings, warm_models: bool = True) -> None:
        self.settings = settings
        self.warm_models = warm_models
        super().__init__()

    def load_config(self) -> None:
        settings = self.settings
        self.cfg.set("bind", f"{settings.host}:{settings.port}")
        self.cfg.set("workers", settings.workers)
        worker = "service.workers.QuorumGeventWorker" if settings.worker_class == "gevent" else settings.worker_class
        self.cfg.set("worker_class", worker)
        if settings.worker_class == "gthread":
            self.cfg.set("threads", settings.threads)
        self.cfg.set("worker_connections", settings.worker_connections)
        self.cfg.set("timeout", 120)
        self.cfg.set("keepalive", 5)
        self.cfg.set("preload_app", False)
        self.cfg.set("accesslog", None)
        # one control socket per data directory (the default, one per user, was shared by every server)
        self.cfg.set("control_socket", str(settings.data / "gunicorn.ctl"))
        self.cfg.set("limit_request_line", 8190)
        self.cfg.set("limit_request_fields", 100)
        self.cfg.set("limit_request_field_size", 8190)

    def load(self) -> Any:
        from .app import create_app

        return create_app(self.settings, warm_models=self.warm_models)


def serve(settings: Settings) -> None:
    QuorumServer(settings).run()
