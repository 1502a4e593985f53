"""钉钉自定义机器人: markdown messages; with a secret, the URL is signed.

Signing (DingTalk's "加签"): ``sign = urlencode(base64(HMAC-SHA256(key=secret,
msg=f"{timestamp}\\n{secret}")))`` with the timestamp in milliseconds, appended to the webhook URL
as ``&timestamp=…&sign=…``. DingTalk refuses a timestamp more than an hour off.
"""

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from jinzhou.notifications.channels.base import post_json, require_robot, robot_answer_ok
from jinzhou.notifications.channels.text import escape_markdown, markdown_for


def sign(secret: str, timestamp_ms: int) -> str:
    """The URL-encoded signature of ``timestamp_ms`` for ``secret``."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """``url`` with the timestamp and signature appended; unchanged when there is no secret."""
    if not secret:
        return url
    timestamp_ms = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def payload(notification) -> dict:
    # The title is what the conversation list shows; escaped like the text, so both read the same.
    title = escape_markdown(notification.title, multiline=False)
    return {"msgtype": "markdown", "markdown": {"title": title, "text": markdown_for(notification)}}


def send(delivery) -> None:
    robot = require_robot(delivery)
    robot_answer_ok(post_json(signed_url(robot.url, robot.secret), payload(delivery.notification)))
