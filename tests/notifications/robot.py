"""A local HTTP server standing in for a WeCom or DingTalk group robot (tests and benchmarks).

It records every request it receives (``received``) and, separately, the messages it *accepted*
(``accepted``): those it answered with errcode 0 to a client that was still connected. A real robot
posts a message to the group as soon as it receives it; the difference between the two lists is
the attempts a killed worker abandoned while waiting for the answer (see the crash test).
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class RobotMessage:
    path: str
    query: dict[str, str]
    body: dict

    @property
    def text(self) -> str:
        markdown = self.body.get("markdown", {})
        return markdown.get("content") or markdown.get("text") or ""


@dataclass
class RobotServer:
    errcode: int = 0
    errmsg: str = "ok"
    delay: float = 0.0
    received: list[RobotMessage] = field(default_factory=list)
    accepted: list[RobotMessage] = field(default_factory=list)
    abandoned: list[RobotMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = threading.Event()
        robot = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                message = RobotMessage(
                    path=parts.path,
                    query={k: v[0] for k, v in parse_qs(parts.query).items()},
                    body=json.loads(self.rfile.read(length) or b"{}"),
                )
                with robot.lock:
                    robot.received.append(message)
                    errcode, errmsg, delay = robot.errcode, robot.errmsg, robot.delay
                if delay:
                    robot.in_flight.set()
                    if robot._client_left(self.connection, delay):
                        with robot.lock:
                            robot.abandoned.append(message)
                        self.close_connection = True
                        return
                if errcode == 0:
                    # Recorded before answering, so a client that has its answer finds it here.
                    with robot.lock:
                        robot.accepted.append(message)
                answer = json.dumps({"errcode": errcode, "errmsg": errmsg}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @staticmethod
    def _client_left(connection: socket.socket, delay: float) -> bool:
        """Wait ``delay`` seconds; True as soon as the client closes its end (a killed worker)."""
        deadline = time.monotonic() + delay
        while (left := deadline - time.monotonic()) > 0:
            readable, _w, _x = select.select([connection], [], [], min(left, 0.05))
            if readable:
                try:
                    if connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
        return False

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/robot/send?access_token=test"

    def start(self) -> RobotServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def accepted_texts(self) -> list[str]:
        with self.lock:
            return [message.text for message in self.accepted]

    def __enter__(self) -> RobotServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
