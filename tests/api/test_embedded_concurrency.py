"""The embedded default (SQLite) takes concurrent writes: several gunicorn workers, several partners
posting at once with Idempotency-Keys, and not one "database is locked" (a 500).

An idempotent POST runs in one transaction that reads (the key) before it writes; on SQLite such a
transaction, begun deferred, fails at once when another connection wrote in between. The settings
begin SQLite transactions IMMEDIATE, so they queue for the write lock instead. Without that, this
test saw 59 of 80 requests fail.
"""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest

from tests.api.live import embedded_site, free_port, start_gunicorn, stop, wait_until_up

pytestmark = pytest.mark.slow


def test_concurrent_idempotent_posts_on_sqlite_all_succeed(tmp_path):
    env, key = embedded_site(tmp_path)
    port = free_port()
    server = start_gunicorn(env, port, "-w", "4")
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
        stop(server)
    assert Counter(statuses) == {201: 80}
