"""Schemathesis against a live server: every operation of docs' schema, fuzzed, with no 5xx and no
response that breaks the schema (status codes, content types, headers and bodies as documented).

The test starts gunicorn on a free port over a fresh SQLite database (migrated, seeded with the
catalogue, the demo users and a few hundred demo cases) and runs ``schemathesis run`` with a key of
the office (which may do everything, so every operation is reached). Bounded by ``--max-time``.
"""

import json
import socket
import subprocess
import sys
from pathlib import Path

from tests.api.live import embedded_site, free_port, start_gunicorn, stop, wait_until_up

MAX_TIME_SECONDS = 90
# One worker: SQLite takes one writer at a time anyway, and one process keeps the run's order of
# writes as schemathesis sends them (test_embedded_concurrency.py covers several workers).
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
    env, key = embedded_site(tmp_path, demo_cases=300, API_SYNC_SETTLE_SECONDS="0")
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed below; a pipe could fill and block it)
    server = start_gunicorn(env, port, "-w", "1", *GUNICORN_OPTIONS, log=log)
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
                # One worker thread: with two, hypothesis parses lambdas' source (ast.parse) in both
                # threads at once, which CPython 3.11.7 can fail with "AST constructor recursion depth
                # mismatch" inside schemathesis' coverage phase, a crash of the tool, not of the API.
                "--workers",
                "1",
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
        stop(server)
        log.close()
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
