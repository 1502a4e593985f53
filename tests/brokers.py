"""Pointing this test process's Celery producer at another broker, and a broker that is down.

Unit tests run tasks inline (``tests/conftest.py``); the tests here switch that off so that
queueing really goes to a broker, as in a web process.
"""

from __future__ import annotations

import os
import socket
import threading

from jinzhou import queueing
from jinzhou.celery import app as celery_app


def use_broker(url: str | None) -> None:
    """Point this process's Celery producer at ``url`` (dropping pooled connections to the old one).

    Celery reads CELERY_BROKER_URL from the environment before its configuration, so both change."""
    if url is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf.broker_url = url
    # Not closed: kombu keeps one pool per URL for the whole process and hands the same one back.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Broker:
    """Where this process's tasks go, switched by a test: ``up()`` a broker that takes every message
    (kombu's in-memory transport; nothing consumes it), ``down()`` a broker that is down (a port on
    127.0.0.1 that hangs up on every connection, counted in ``connections``, as a Redis host whose
    server is gone answers), ``inline()`` the tests' usual inline execution (what the broker's
    return amounts to in a unit test: the sweeps' tasks run). The setup is restored at the end."""

    MEMORY = "memory://"

    def __init__(self) -> None:
        self.connections = 0
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.dead_url = f"redis://127.0.0.1:{self._server.getsockname()[1]}/0"
        threading.Thread(target=self._hang_up, daemon=True).start()
        conf = celery_app.conf
        self._saved = (conf.task_always_eager, os.environ.get("CELERY_BROKER_URL"), conf.broker_url)

    def _hang_up(self) -> None:
        while True:
            try:
                connection, _address = self._server.accept()
            except OSError:  # the server socket was closed: the test is over
                return
            self.connections += 1
            connection.close()

    def up(self) -> None:
        celery_app.conf.task_always_eager = False
        use_broker(self.MEMORY)

    def down(self) -> None:
        celery_app.conf.task_always_eager = False
        use_broker(self.dead_url)

    def inline(self) -> None:
        eager, env_url, conf_url = self._saved
        celery_app.conf.task_always_eager = eager
        use_broker(conf_url)
        if env_url is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env_url

    def close(self) -> None:
        self.inline()
        # The process's memory of an outage goes with the test, or later tests would find queueing paused.
        queueing.breaker.reset()
        self._server.close()
