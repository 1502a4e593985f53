"""``Idempotency-Key`` on POST: a retried request gets the first response instead of a second effect.

The same key with the same request (method, path, canonical JSON body) replays the stored response,
marked ``Idempotent-Replayed: true``; the same key with a different request is 422; a request whose
twin is still running waits for it (below). Keys belong to the API key (or the user, for sessions) that sent them,
so two partners cannot collide, and expire after ``API_IDEMPOTENCY_TTL_HOURS``. A 5xx is not stored:
the partner may retry it.

The request, its record and its stored answer share one transaction (``ApiViewMixin.dispatch``): a
twin arriving while the first runs waits for it on the record's unique index and gets its answer;
a 5xx rolls back everything the request did, record included.
"""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response

from jinzhou.api.authentication import api_key_of
from jinzhou.api.models import IdempotencyRecord
from jinzhou.api.problems import PROBLEM_CONTENT_TYPE, ApiProblem

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# Headers worth replaying: where the created resource lives and its version.
KEPT_HEADERS = ("Location", "ETag")


class IdempotentReplay(Exception):
    """Raised before the view runs when the stored response answers the request."""

    def __init__(self, response: Response):
        super().__init__("replay")
        self.response = response


def owner_of(request) -> str:
    key = api_key_of(request)
    return f"key:{key.pk}" if key is not None else f"user:{request.user.pk}"


def fingerprint_of(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def begin(request) -> IdempotencyRecord | None:
    """Claim the request's key, or raise ``IdempotentReplay`` / a 409 or 422 problem."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise ApiProblem(
            _("An Idempotency-Key is 1 to 255 printable ASCII characters."),
            status_code=400,
            errors={HEADER: [_("Use 1 to 255 printable ASCII characters, e.g. a UUID.")]},
        )
    owner, fingerprint, now = owner_of(request), fingerprint_of(request), timezone.now()
    ttl = dt.timedelta(hours=getattr(settings, "API_IDEMPOTENCY_TTL_HOURS", 24))
    # Expired records of this owner go first, so an old key may be used afresh.
    IdempotencyRecord.objects.filter(owner=owner, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                owner=owner,
                key=key,
                method=request.method,
                path=request.path[:500],
                fingerprint=fingerprint,
                expires_at=now + ttl,
            )
    except IntegrityError:
        pass
    existing = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
    # A committed record always has its answer now that both commit together; one without (left by
    # an earlier release, or gone between the insert and this read) is answered 409, to be retried.
    if existing is None or existing.status_code is None:
        raise ApiProblem(
            _("A request with this Idempotency-Key is still being processed; retry in a moment."),
            status_code=409,
            slug="idempotency-in-progress",
        )
    if existing.fingerprint != fingerprint:
        raise ApiProblem(
            _("This Idempotency-Key was used for a different request; use a new key for a new request."),
            status_code=422,
            slug="idempotency-key-reused",
        )
    headers = {**existing.headers, REPLAYED_HEADER: "true"}
    content_type = PROBLEM_CONTENT_TYPE if existing.status_code >= 400 else None
    raise IdempotentReplay(
        Response(existing.body, status=existing.status_code, headers=headers, content_type=content_type)
    )


def finish(record: IdempotencyRecord, response) -> None:
    """Store the response to replay it, or free the key after a server error."""
    if response.status_code >= 500:
        if transaction.get_connection().in_atomic_block:
            # Undo whatever the failed request wrote before it failed, and the record with it.
            transaction.set_rollback(True)
        else:
            record.delete()
        return
    record.status_code = response.status_code
    record.body = getattr(response, "data", None)
    record.headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    record.save(update_fields=["status_code", "body", "headers"])
