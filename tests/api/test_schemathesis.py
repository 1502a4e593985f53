"""Schemathesis against a live server: every operation of docs' schema, fuzzed, with no 5xx and no
response that breaks the schema (status codes, content types, headers and bodies as documented).

The test starts gunicorn on a free port over a fresh SQLite database (migrated, seeded with the
catalogue, the demo users and a few hundred demo cases) and runs ``schemathesis run`` with a key of
the office (which may do everything, so every operation is reached). Bounded by ``--max-time``.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_TIME_SECONDS = 90
# One worker: SQLite takes one writer at a time, and a second worker's write would meet "database is
# locked" (a 500 that says nothing about the API).
GUNICORN_OPTIONS = ("--timeout", "60", "--graceful-timeout", "5")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own manage.py, arguments from this file)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited; see its log"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not start within 60 s")


def answer_to(port: int, request: bytes) -> tuple[int, str, bytes]:
    """Send raw bytes; (status, content type, body) of the answer, read until gunicorn closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers["Content-Type"], body


def check_server_level_errors(port: int, key: str) -> None:
    # What gunicorn refuses before Django sees it is problem+json too, as the schema says (414, 431).
    long_query = "q=" + "x" * 9000
    status, content_type, body = answer_to(
        port, f"GET /api/v1/cases/?{long_query} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    )
    assert (status, content_type) == (414, "application/problem+json")
    body = json.loads(body)
    assert body["type"] == "urn:jinzhou:problem:uri-too-long" and body["status"] == 414 and body["detail"]
    headers = "".join(f"X-Filler-{n}: {'y' * 100}\r\n" for n in range(120))
    status, content_type, body = answer_to(port, f"GET /api/v1/cases/ HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    assert (status, content_type, json.loads(body)["status"]) == (431, "application/problem+json", 431)
    # Just under the limit is Django's to answer, with the API's own 200.
    fits = "q=" + "x" * 7000
    status, content_type, _body = answer_to(
        port,
        f"GET /api/v1/cases/?{fits} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        "Connection: close\r\n\r\n".encode(),
    )
    assert (status, content_type) == (200, "application/json")


def test_every_operation_survives_schemathesis(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'api.sqlite3'}",
        "JINZHOU_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "1",
        "API_THROTTLE_RATE": "100000/min",
        "API_SYNC_SETTLE_SECONDS": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_jinzhou", "--demo-users")
    manage(env, "seed_demo", "--cases", "300", "--seed", "5")
    key = manage(env, "create_api_key", "--name", "schemathesis", "--scopes", "*:read,*:write", "--user", "office")
    key = key.strip().splitlines()[-1]
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed below; a pipe could fill and block it)
    server = subprocess.Popen(  # noqa: S603 (gunicorn from the venv, arguments from this file)
        [sys.executable, "-m", "gunicorn", "jinzhou.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", *GUNICORN_OPTIONS],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port, server)
        check_server_level_errors(port, key)
        run = subprocess.run(  # noqa: S603 (schemathesis from the venv, arguments from this file)
            [
                str(Path(sys.executable).parent / "schemathesis"),
                "--no-color",
                "run",
                f"http://127.0.0.1:{port}/api/schema/",
                "--header",
                f"Authorization: Bearer {key}",
                "--checks",
                CHECKS,
                "--max-time",
                str(MAX_TIME_SECONDS),
                "--max-examples",
                "25",
                "--workers",
                "2",
                "--seed",
                "20261127",
                "--request-timeout",
                "30",
                "--suppress-health-check",
                "all",
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=MAX_TIME_SECONDS + 120,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
