"""The errors gunicorn answers itself, before Django sees the request, as problem+json.

A request line over ``limit_request_line`` bytes (414), headers over the header limits (431) or a
request gunicorn cannot parse (400) never reach Django, so the API's handler cannot shape them; by
default gunicorn writes an HTML page. Partners parse one error shape, so ``install()`` (called from
``gunicorn.conf.py``) has gunicorn write the API's ``application/problem+json`` instead. Plain
Python: gunicorn's master loads it before Django is set up.
"""

import json

# The API's problem types (jinzhou.api.problems.TYPE_BASE); by status, the slug of each.
TYPE_BASE = "urn:jinzhou:problem:"
SLUGS = {
    400: "invalid",
    403: "forbidden",
    414: "uri-too-long",
    417: "expectation-failed",
    431: "headers-too-large",
    500: "server-error",
    501: "not-implemented",
}


def problem_bytes(status: int, reason: str, detail: str) -> bytes:
    """A complete HTTP/1.1 response carrying the problem, closing the connection (as gunicorn does)."""
    body = json.dumps(
        {"type": TYPE_BASE + SLUGS.get(status, "invalid"), "title": reason, "status": status, "detail": detail},
        ensure_ascii=True,
    ).encode("ascii")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def write_problem(sock, status_int, reason, mesg) -> None:
    """Drop-in for ``gunicorn.util.write_error`` (same arguments)."""
    from gunicorn import util

    util.write_nonblock(sock, problem_bytes(int(status_int), str(reason), str(mesg)))


def install() -> None:
    # gunicorn's workers look ``util.write_error`` up at each error, so replacing it is enough.
    from gunicorn import util

    util.write_error = write_problem
