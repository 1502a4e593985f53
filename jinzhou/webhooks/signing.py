"""Standard Webhooks signatures: how we sign what we send, and how a partner verifies it.

The scheme (https://www.standardwebhooks.com/): the secret is ``whsec_`` + base64 of random bytes;
the signature is ``v1,`` + base64(HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}")).
``verify`` is what docs/api.md gives partners and what the tests' receiver runs, so the two cannot
drift apart. It uses only the standard library, so a partner can copy it as it is.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping, MutableSet
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)
SIGNATURE_VERSION = "v1"
DEFAULT_TOLERANCE = 300  # seconds either side of the receiver's clock


class WebhookVerificationError(Exception):
    """The request is not a genuine, fresh webhook: reject it (answer 400)."""


class ReplayedWebhook(WebhookVerificationError):
    """Genuine and fresh, but this ``webhook-id`` was seen before: do not process it again."""


def generate_secret() -> str:
    """A new signing secret: 32 random bytes (the spec asks for 24 to 64)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The key HMAC uses: the base64-decoded part after ``whsec_``."""
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WebhookVerificationError("The signing secret is not valid base64.") from exc


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes | str) -> str:
    """The ``webhook-signature`` header value for one attempt."""
    signed = b".".join((_as_bytes(msg_id), str(int(timestamp)).encode("ascii"), _as_bytes(body)))
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
    seen_ids: MutableSet[str] | None = None,
) -> Any:
    """Check a received webhook and return its parsed JSON body.

    Raises ``WebhookVerificationError`` when a header is missing, the timestamp is further than
    ``tolerance`` seconds from ``now`` (a stale or replayed request), or no ``v1`` signature in the
    header matches. With ``seen_ids`` (the ids already processed), a repeated ``webhook-id`` raises
    ``ReplayedWebhook`` and a new one is added to the set. ``headers`` may be any mapping: names
    are matched case-insensitively; ``body`` must be the raw bytes received, before any parsing.
    """
    lowered = {str(name).lower(): value for name, value in headers.items()}
    msg_id = lowered.get("webhook-id")
    timestamp = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise WebhookVerificationError("Missing webhook-id, webhook-timestamp or webhook-signature header.")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a whole number of seconds.") from None
    now = time.time() if now is None else now
    if sent_at < now - tolerance:
        raise WebhookVerificationError("webhook-timestamp is too old.")
    if sent_at > now + tolerance:
        raise WebhookVerificationError("webhook-timestamp is too far in the future.")
    expected = sign(secret, msg_id, sent_at, body).encode("ascii")
    # The header may carry several space-separated signatures (e.g. while a secret is rotated).
    if not any(hmac.compare_digest(expected, candidate.encode("ascii", "replace")) for candidate in signatures.split()):
        raise WebhookVerificationError("No matching signature.")
    if seen_ids is not None:
        if msg_id in seen_ids:
            raise ReplayedWebhook(f"webhook-id {msg_id} was already received.")
        seen_ids.add(msg_id)
    return json.loads(_as_bytes(body))
