"""The gunicorn worker Quorum serves with: gevent's event loop, with an idle timeout on every client socket.

A client that sends nothing for `QUORUM_READ_TIMEOUT` seconds while its request is read (or reads
nothing of the response for as long) is disconnected quietly, so half-finished requests do not pile
up until the worker's connection limit.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from gunicorn.workers.ggevent import GeventWorker

READ_TIMEOUT = float(os.environ.get("QUORUM_READ_TIMEOUT", "20"))


class QuorumGeventWorker(GeventWorker):
    def handle(self, listener: Any, client: socket.socket, addr: Any) -> None:
        client.settimeout(READ_TIMEOUT)
        try:
            super().handle(listener, client, addr)
        except TimeoutError:
            self.log.debug("closed a connection idle for %.0f s", READ_TIMEOUT)
