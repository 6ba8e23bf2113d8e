"""Run the app under gunicorn; each worker builds its own app and loads the model once."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from .config import Settings


class QuorumServer(BaseApplication):
    def __init__(self, settings: Settings, warm_models: bool = True) -> None:
        self.settings = settings
        self.warm_models = warm_models
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", f"{self.settings.host}:{self.settings.port}")
        self.cfg.set("workers", self.settings.workers)
        self.cfg.set("threads", self.settings.threads)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("timeout", 120)
        self.cfg.set("preload_app", False)
        self.cfg.set("accesslog", None)

    def load(self):
        from .app import create_app

        return create_app(self.settings, warm_models=self.warm_models)


def serve(settings: Settings) -> None:
    QuorumServer(settings).run()
