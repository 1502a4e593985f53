"""Real services for the integration tests: a Celery worker process against the test database and
Redis, a stand-in chat robot, a private redis-server, and the test process sending tasks for real.

Every wait is a poll with a deadline (``wait_for``), never a fixed sleep.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from jinzhou.celery import app as celery_app
from tests.brokers import use_broker
from tests.conftest import LOCAL_PARTNERS
from tests.notifications.robot import RobotServer

ROOT = Path(__file__).resolve().parents[2]
# Redis database numbers of this suite, one per xdist worker, so parallel runs never share a queue.
BROKER_DBS = (9, 14, 15, 13)
# Short enough that a killed worker's claims come back within seconds, longer than one robot call.
CLAIM_TIMEOUT = 3
HTTP_TIMEOUT = 2


def wait_for(condition, *, timeout: float = 45.0, interval: float = 0.05, what: str = "condition"):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The URL of the database this test runs against (pytest-django's test_… database)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def broker_url(redis_url) -> str:
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    base = redis_url.rsplit("/", 1)[0] if redis_url.count("/") > 2 else redis_url.rstrip("/")
    url = f"{base}/{BROKER_DBS[index % len(BROKER_DBS)]}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def real_celery(broker_url):
    """Tasks leave this process for the broker instead of running inline (see tests/conftest.py)."""
    eager, old_env = celery_app.conf.task_always_eager, os.environ.get("CELERY_BROKER_URL")
    old_url = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    use_broker(broker_url)
    yield broker_url
    celery_app.conf.task_always_eager = eager
    use_broker(old_url)
    if old_env is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = old_env


@pytest.fixture(autouse=True)
def _partners_on_loopback(allow_local_partners):
    return allow_local_partners


@pytest.fixture
def robot():
    with RobotServer() as server:
        yield server


class Worker:
    """A ``celery -A jinzhou worker`` process against the test database; start, kill, restart."""

    def __init__(self, broker_url: str, log_dir: Path) -> None:
        self.broker_url = broker_url
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "NOTIFICATIONS_QUIET_HOURS": "0",  # the suite runs at any hour; quiet hours have unit tests
            "NOTIFICATIONS_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
            "NOTIFICATIONS_HTTP_TIMEOUT": str(HTTP_TIMEOUT),
            "NOTIFICATIONS_EMAIL": "0",
            # The stand-in robot and partner listen on 127.0.0.1 (see allow_local_partners).
            "WEBHOOK_ALLOWED_NETWORKS": LOCAL_PARTNERS,
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def start(self, broker_url: str | None = None) -> Worker:
        if broker_url:
            self.broker_url = broker_url
        self.starts += 1
        log = open(self.log_dir / f"worker-{self.starts}.log", "wb")  # noqa: SIM115 - closed with the process
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "jinzhou",
            "worker",
            "--pool=solo",
            "-Q",
            "delivery,reminders,celery",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
            f"--hostname=notifications-test-{os.getpid()}-{self.starts}@%h",
        ]
        # Its own session, so a kill reaches the whole process group and nothing else.
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._log = log
        return self

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=20)
        if self.process:
            self._log.close()
        self.process = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("worker-*.log")))


@pytest.fixture
def worker(real_celery, tmp_path, request):
    w = Worker(real_celery, tmp_path)
    yield w
    w.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print(w.logs())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


class PrivateRedis:
    """A throw-away redis-server on a free port, without persistence, that a test can stop and restart."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=15, what="the private redis-server to start")

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis():
    binary = shutil.which("redis-server")
    if not binary:
        pytest.fail("redis-server is needed for the broker-outage test", pytrace=False)
    server = PrivateRedis(binary)
    server.start()
    yield server
    server.stop()
