"""ETags and If-Match: a case's ETag is its ``version``; other resources hash their representation.

A write that sends ``If-Match`` with an ETag that is no longer current gets 412 and changes nothing.
For cases the version from ``If-Match`` is also handed to the service, which checks it again under
the row lock, so two writers that both read version 3 cannot both win.
"""

import hashlib
import json

from django.utils.translation import gettext_lazy as _

from jinzhou.api.problems import ApiProblem


def version_etag(version: int) -> str:
    return f'"{version}"'


def content_etag(data) -> str:
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def if_match_tags(request) -> list[str] | None:
    """The ETags of ``If-Match`` (weak marks dropped), ``["*"]``, or None when it is absent."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        if part:
            tags.append(part)
    return tags


def check_if_match(request, current: str) -> None:
    """412 when ``If-Match`` is given and names neither the current ETag nor ``*``."""
    tags = if_match_tags(request)
    if tags is None or "*" in tags or current in tags:
        return
    raise ApiProblem(
        _("The resource has changed since you read it (ETag %(current)s); read it again, then retry.")
        % {"current": current},
        status_code=412,
    )


def if_match_version(request, current_version: int) -> int | None:
    """The version the caller claims to have read, for the service's own check; None if not given."""
    check_if_match(request, version_etag(current_version))
    tags = if_match_tags(request)
    if tags is None or "*" in tags:
        return None
    return current_version
