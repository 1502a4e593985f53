"""What the external channels share: the error type and a short-timeout JSON POST."""

import json
import urllib.error
import urllib.request

from django.conf import settings

from jinzhou import outbound


class ChannelError(Exception):
    """The channel did not take the message; the text is kept as the delivery's last error."""


def post_json(url: str, payload: dict) -> dict:
    """POST ``payload`` as JSON and return the decoded JSON answer. Short timeout; never call it
    inside a database transaction. Raises ChannelError on any transport or HTTP error."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is an http(s) robot URL entered by office staff
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        # The same SSRF rule as partner webhooks (jinzhou/outbound.py): the robot URL is typed in too.
        with outbound.urlopen(request, timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise ChannelError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ChannelError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc
    try:
        return json.loads(raw or b"{}")
    except ValueError as exc:
        raise ChannelError(f"the robot answered with something other than JSON: {raw[:200]!r}") from exc


def robot_answer_ok(answer: dict) -> None:
    """WeCom and DingTalk both answer HTTP 200 with ``errcode`` ≠ 0 when they refuse a message."""
    code = answer.get("errcode", 0)
    if code not in (0, "0"):
        raise ChannelError(f"errcode {code}: {answer.get('errmsg', '')}")


def require_robot(delivery):
    robot = delivery.robot
    if robot is None:
        raise ChannelError("the robot of this delivery was removed")
    if not robot.active:
        raise ChannelError("the robot of this delivery was switched off")
    return robot
