"""50 partner clients at once against gunicorn for 2 minutes: no error allowed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench_api \\
        .venv/bin/python benchmarks/api_load.py --clients 50 --seconds 120

Uses the database ``api_case_list.py`` prepared (100,000 cases; run that first). Starts gunicorn
(``--workers``, default 2 × cores + 1, sync workers) on a free port with throttling lifted, issues
an API key to the ``office`` demo user, and runs ``--clients`` threads, each in a loop of what a
partner does: a filtered page of the case list, a case's detail, its open actions, a page of the
sync feed, and, one time in ten, reporting a bottleneck with an Idempotency-Key (sent twice, the
second must be a replay). Any answer other than the expected one, or a connection error, is an
error. Prints requests, errors, throughput and latency percentiles. Not part of the test run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_api"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def issue_key(env: dict) -> str:
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from jinzhou.org.services import issue_api_key\n"
        "office = get_user_model().objects.get(username='office')\n"
        "print(issue_api_key(actor=office, name='load test', user=office, scopes='*:read,*:write')[1])\n"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, code from this file)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


class Partner(threading.Thread):
    def __init__(self, port: int, key: str, until: float, case_ids: list[int], chains: list[str]):
        super().__init__(daemon=True)
        self.port, self.key, self.until = port, key, until
        self.case_ids, self.chains = case_ids, chains
        self.timings: list[float] = []
        self.errors: Counter = Counter()
        self.statuses: Counter = Counter()

    def request(self, conn, method: str, path: str, body=None, headers=None, expect=(200,)):
        headers = {"Authorization": f"Bearer {self.key}", **(headers or {})}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        self.timings.append((time.perf_counter() - started) * 1000)
        self.statuses[response.status] += 1
        if response.status not in expect:
            self.errors[f"{method} {path.split('?')[0]} → {response.status}"] += 1
        return response, data

    def run(self) -> None:
        rng = random.Random(id(self))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.monotonic() < self.until:
            try:
                chain = rng.choice(self.chains)
                light = rng.choice(["red", "yellow", "green", "grey"])
                self.request(conn, "GET", f"/api/v1/cases/?light={light}&chain={chain}&limit=50")
                case = rng.choice(self.case_ids)
                self.request(conn, "GET", f"/api/v1/cases/{case}/")
                self.request(conn, "GET", f"/api/v1/cases/{case}/transitions/")
                self.request(conn, "GET", "/api/v1/cases/sync/?updated_since=2026-01-01T00:00:00Z&limit=100")
                if rng.random() < 0.1:
                    body = {"title": "负载测试：原料供应紧张", "chain": chain}
                    headers = {"Idempotency-Key": str(uuid.uuid4())}
                    self.request(conn, "POST", "/api/v1/bottlenecks/", body, headers, expect=(201,))
                    response, _data = self.request(conn, "POST", "/api/v1/bottlenecks/", body, headers, expect=(201,))
                    if response.getheader("Idempotent-Replayed") != "true":
                        self.errors["replay not marked"] += 1
            except (OSError, http.client.HTTPException) as exc:
                self.errors[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.close()


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to the benchmark's PostgreSQL database (see api_case_list.py)")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "jinzhou.settings",
        "JINZHOU_VAR_DIR": os.environ.get("JINZHOU_VAR_DIR", str(Path(tempfile.gettempdir()) / "jinzhou-bench-var")),
        "API_THROTTLE_RATE": "100000000/min",
        "DJANGO_CONN_MAX_AGE": "60",
    }
    key = issue_key(env)
    probe = (
        "import django; django.setup()\n"
        "from jinzhou.casework.models import Case; from jinzhou.org.models import Chain\n"
        "import json; print(json.dumps([list(Case.objects.order_by('?').values_list('id', flat=True)[:2000]),"
        " list(Chain.objects.values_list('code', flat=True))]))\n"
    )
    found = subprocess.run(  # noqa: S603 (this interpreter, code from this file)
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    case_ids, chains = json.loads(found.stdout.strip().splitlines()[-1])
    port = free_port()
    log = open(Path(env["JINZHOU_VAR_DIR"]) / "gunicorn-load.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 (gunicorn from this venv, arguments from this file)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jinzhou.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--backlog",
            "256",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        until = time.monotonic() + args.seconds
        partners = [Partner(port, key, until, case_ids, chains) for _index in range(args.clients)]
        started = time.monotonic()
        for partner in partners:
            partner.start()
        for partner in partners:
            partner.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    timings = sorted(t for p in partners for t in p.timings)
    errors = sum((p.errors for p in partners), Counter())
    statuses = sum((p.statuses for p in partners), Counter())
    quantiles = statistics.quantiles(timings, n=100)
    print(f"{args.clients} clients, {elapsed:.0f} s, gunicorn {args.workers} sync workers")
    print(f"requests: {len(timings):,} ({len(timings) / elapsed:.0f}/s); statuses: {dict(statuses)}")
    print(f"latency ms: median {statistics.median(timings):.0f}, p90 {quantiles[89]:.0f}, p99 {quantiles[98]:.0f}, "
          f"max {timings[-1]:.0f}")  # fmt: skip
    print(f"errors: {sum(errors.values())} {dict(errors) if errors else ''}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
