"""The embedded default (SQLite) takes concurrent writes: several gunicorn workers, several partners
posting at once with Idempotency-Keys, and not one "database is locked" (a 500).

An idempotent POST runs in one transaction that reads (the key) before it writes; on SQLite such a
transaction, begun deferred, fails at once when another connection wrote in between. The settings
begin SQLite transactions IMMEDIATE, so they queue for the write lock instead. Without that, this
test saw 59 of 80 requests fail.
"""

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest

from tests.api.test_schemathesis import ROOT, free_port, manage, wait_until_up

pytestmark = pytest.mark.slow


def test_concurrent_idempotent_posts_on_sqlite_all_succeed(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "JINZHOU_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "1",
        "API_THROTTLE_RATE": "100000/min",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_jinzhou", "--demo-users")
    key = manage(env, "create_api_key", "--name", "load", "--scopes", "*:read,*:write", "--user", "office")
    key = key.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (gunicorn from the venv, arguments from this file)
        [sys.executable, "-m", "gunicorn", "jinzhou.wsgi", "-b", f"127.0.0.1:{port}", "-w", "4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    statuses: list[int] = []

    def partner(number: int) -> None:
        for attempt in range(10):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/bottlenecks/",
                data=json.dumps({"title": f"并发上报 {number}-{attempt}", "chain": "MT-01"}).encode(),
                method="POST",
                headers={
                    "Authorization": f"Bearer {key}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"partner-{number}-{attempt}",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    statuses.append(response.status)
            except urllib.error.HTTPError as refused:
                statuses.append(refused.code)

    try:
        wait_until_up(port, server)
        threads = [threading.Thread(target=partner, args=(number,)) for number in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert Counter(statuses) == {201: 80}
