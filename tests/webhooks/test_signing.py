"""The Standard Webhooks signature: our signing matches the specification's published example and
an independent computation, and ``verify`` (what partners run) rejects what it must."""

import base64
import hashlib
import hmac

import pytest

from jinzhou.webhooks.signing import (
    ReplayedWebhook,
    WebhookVerificationError,
    generate_secret,
    secret_bytes,
    sign,
    verify,
)

# The example in the Standard Webhooks specification (and its reference libraries' tests).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def spec_headers(**changes) -> dict[str, str]:
    headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP), "webhook-signature": SPEC_SIGNATURE}
    return {**headers, **changes}


def test_signature_matches_the_specification_example():
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY.encode()) == SPEC_SIGNATURE


def test_signature_matches_an_independent_computation():
    secret = generate_secret()
    body = '{"type": "case.commented", "note": "请补充材料"}'.encode()
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, b"msg_1.1700000000." + body, hashlib.sha256).digest()).decode()
    assert sign(secret, "msg_1", 1700000000, body) == f"v1,{expected}"


def test_new_secrets_are_prefixed_random_and_32_bytes():
    first, second = generate_secret(), generate_secret()
    assert first.startswith("whsec_") and first != second
    assert len(secret_bytes(first)) == 32


def test_verify_accepts_the_example_and_returns_the_body():
    assert verify(SPEC_SECRET, spec_headers(), SPEC_BODY, now=SPEC_TIMESTAMP + 10) == {"test": 2432232314}


def test_verify_accepts_any_of_several_signatures_and_any_header_case():
    headers = {
        "Webhook-Id": SPEC_ID,
        "WEBHOOK-TIMESTAMP": str(SPEC_TIMESTAMP),
        "webhook-signature": f"v1,bm90IHRoZSByaWdodCBvbmU= {SPEC_SIGNATURE}",
    }
    assert verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TIMESTAMP)


@pytest.mark.parametrize(
    ("headers", "body", "secret"),
    [
        (spec_headers(), '{"test": 2432232315}', SPEC_SECRET),  # body changed
        (spec_headers(**{"webhook-id": "msg_other"}), SPEC_BODY, SPEC_SECRET),  # id changed
        (spec_headers(**{"webhook-timestamp": str(SPEC_TIMESTAMP + 1)}), SPEC_BODY, SPEC_SECRET),
        (spec_headers(), SPEC_BODY, generate_secret()),  # another subscription's secret
        (spec_headers(**{"webhook-signature": "v2," + SPEC_SIGNATURE[3:]}), SPEC_BODY, SPEC_SECRET),
        ({"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP)}, SPEC_BODY, SPEC_SECRET),
        (spec_headers(**{"webhook-timestamp": "yesterday"}), SPEC_BODY, SPEC_SECRET),
    ],
    ids=["body", "id", "timestamp", "secret", "version", "missing", "not-a-number"],
)
def test_verify_rejects_a_bad_signature(headers, body, secret):
    with pytest.raises(WebhookVerificationError):
        verify(secret, headers, body, now=SPEC_TIMESTAMP)


@pytest.mark.parametrize("offset", [301, -301, 86400])
def test_verify_rejects_a_timestamp_outside_the_tolerance(offset):
    with pytest.raises(WebhookVerificationError, match="webhook-timestamp"):
        verify(SPEC_SECRET, spec_headers(), SPEC_BODY, now=SPEC_TIMESTAMP + offset)
    # Inside a wider tolerance the same request passes: only the clock made it stale.
    assert verify(SPEC_SECRET, spec_headers(), SPEC_BODY, now=SPEC_TIMESTAMP + offset, tolerance=abs(offset))


def test_verify_rejects_a_replayed_id_once_seen():
    seen: set[str] = set()
    verify(SPEC_SECRET, spec_headers(), SPEC_BODY, now=SPEC_TIMESTAMP, seen_ids=seen)
    assert seen == {SPEC_ID}
    with pytest.raises(ReplayedWebhook):
        verify(SPEC_SECRET, spec_headers(), SPEC_BODY, now=SPEC_TIMESTAMP + 5, seen_ids=seen)


def test_a_forged_request_does_not_mark_its_id_as_seen():
    seen: set[str] = set()
    with pytest.raises(WebhookVerificationError):
        verify(SPEC_SECRET, spec_headers(), '{"forged": true}', now=SPEC_TIMESTAMP, seen_ids=seen)
    assert seen == set()
