"""Shared fixtures and the rule for tests that need real services.

A test marked ``postgres``, ``redis`` or ``browser`` runs whenever the service is there. On a
developer's machine without it the test is skipped with the reason; with ``CI=true`` a missing
service is a failure, never a skip, so a green CI run means the real service was exercised.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("CELERY_BROKER_URL", "")
if not REDIS_URL.startswith("redis://"):
    REDIS_URL = "redis://127.0.0.1:6379/0"


def _answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), timeout=1):
            return True
    except OSError:
        return False


def missing_service(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where every service must be present."""
    if IN_CI:
        pytest.fail(f"CI requires this service: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test restores the migrated data (role groups, calendar, schedules).

    A transactional test empties the tables when it ends. Without ``serialized_rollback`` the next one
    finds no role groups, and the flush re-creates content types under new ids, on which every later
    serialized test then fails with a duplicate key. Serialized everywhere, the data stays the same.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), False
            )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        missing_service("needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
    if item.get_closest_marker("redis") and not _answers(REDIS_URL):
        missing_service(f"needs Redis at {REDIS_URL}")
    if item.get_closest_marker("browser") and not shutil.which("chromium"):
        missing_service("needs Chromium (/usr/bin/chromium, Debian package chromium)")


@pytest.fixture
def postgres_url() -> str:
    """A reachable PostgreSQL server, for tests that start their own processes against it."""
    if not _answers(POSTGRES_URL):
        missing_service(f"needs PostgreSQL at {POSTGRES_URL}")
    return POSTGRES_URL


@pytest.fixture
def redis_url() -> str:
    if not _answers(REDIS_URL):
        missing_service(f"needs Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def db_vendor(db) -> str:
    return connection.vendor


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests create many users; the production hasher's deliberate slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def allow_local_partners(settings):
    """The stand-ins for partners and chat robots listen on 127.0.0.1, which the SSRF rule refuses
    (jinzhou/outbound.py): tests that talk to them allow loopback explicitly, as an operator would
    allow an intranet network. Nothing is allowed by default."""
    settings.WEBHOOK_ALLOWED_NETWORKS = [LOCAL_PARTNERS]
    return LOCAL_PARTNERS


LOCAL_PARTNERS = "127.0.0.0/8"


@pytest.fixture
def fake_dns(monkeypatch):
    """Names resolve from a table the test fills (tests/dns.py); nothing asks a real DNS server."""
    from tests.dns import FakeDNS

    return FakeDNS(monkeypatch)


@pytest.fixture
def broker():
    """Switch where tasks go: ``broker.up()``, ``broker.down()``, ``broker.inline()`` (tests/brokers.py)."""
    from jinzhou import queueing
    from tests.brokers import Broker

    queueing.breaker.reset()
    switch = Broker()
    yield switch
    switch.close()


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_inline():
    """Unit tests run queued tasks in the test process: ``delay()`` after commit runs the task
    inline (when a test executes the on-commit callbacks), so no broker is needed. Integration
    tests that start a real worker switch this off for their own duration."""
    from jinzhou.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
