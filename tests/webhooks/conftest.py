"""A partner's receiver for the webhook tests: a real HTTP server in a thread that verifies every
request with ``jinzhou.webhooks.signing.verify``, exactly as docs/api.md tells partners to."""

import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jinzhou.webhooks.signing import ReplayedWebhook, WebhookVerificationError, verify
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _partners_on_loopback(allow_local_partners):
    # The receiver below stands in for partners on 127.0.0.1; tests of the SSRF rule override this.
    return allow_local_partners


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    payload: dict


@dataclass
class Receiver:
    """Endpoints by path, each with the secret of the subscription that posts to it."""

    base_url: str = ""
    secrets: dict[str, str] = field(default_factory=dict)
    seen_ids: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    fail_next: int = 0  # answer 500 to this many genuine deliveries (the partner is having trouble)
    failure_text: str = "temporarily unavailable"  # what such an answer says
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"

    def listen(self, path: str, secret: str) -> None:
        self.secrets[f"/{path}"] = secret

    def types(self, path: str) -> list[str]:
        return [item.payload["type"] for item in self.received if item.path == f"/{path}"]

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        headers = {name.lower(): value for name, value in headers.items()}
        with self.lock:
            secret = self.secrets.get(path)
            if secret is None:
                return 404, "no such endpoint"
            try:
                payload = verify(secret, headers, body, seen_ids=self.seen_ids)
            except ReplayedWebhook as exc:
                self.rejected.append((409, str(exc)))
                return 409, str(exc)
            except WebhookVerificationError as exc:
                self.rejected.append((400, str(exc)))
                return 400, str(exc)
            if self.fail_next:
                self.fail_next -= 1
                # Not processed, so not "seen": the retry must be accepted.
                self.seen_ids.discard(headers["webhook-id"])
                return 500, self.failure_text
            self.received.append(Received(path, headers, body, payload))
            return 204, ""

    def resend(self, item: Received, **header_changes) -> int:
        """Post a captured request again, as an attacker replaying it would."""
        sent = {name: value for name, value in item.headers.items() if name.startswith("webhook-")}
        headers = {**sent, "content-type": "application/json", **header_changes}
        url = self.base_url + item.path
        request = urllib.request.Request(url, data=item.body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (a local test server)
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, text = self.server.receiver.handle(self.path, dict(self.headers.items()), body)
        answer = json.dumps({"detail": text}).encode() if text else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.receiver = Receiver(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
