"""One error shape for the whole API: ``application/problem+json`` (RFC 9457), from one handler.

``{"type", "title", "status", "detail", "errors": {field: [messages]}}``. The casework services'
refusals map as follows: ``CaseNotFound`` 404 (outside scope looks like missing), ``ActionRefused``
(and the org chart's ``Refused``) 403, ``TransitionNotAllowed`` 409, ``VersionConflict`` 412 (the
version the caller saw, from ``If-Match``, is stale: the same meaning as a failed precondition),
Django's ``ValidationError`` 400 with per-field errors; a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` 413.
Anything unexpected is logged and answered 500 in the same shape.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from jinzhou.casework.exceptions import CaseNotFound, TransitionNotAllowed, VersionConflict
from jinzhou.org.exceptions import Refused

logger = logging.getLogger("jinzhou.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:jinzhou:problem:"

# status → (type slug, title)
TITLES = {
    400: ("invalid", _("The request is not valid.")),
    401: ("unauthenticated", _("Authentication is needed.")),
    403: ("forbidden", _("This is not allowed.")),
    404: ("not-found", _("Not found.")),
    405: ("method-not-allowed", _("Method not allowed.")),
    406: ("not-acceptable", _("The requested representation is not available.")),
    409: ("conflict", _("The request conflicts with the current state.")),
    412: ("precondition-failed", _("The resource has changed since you read it.")),
    413: ("too-large", _("The request is too large.")),
    415: ("unsupported-media-type", _("Unsupported media type.")),
    422: ("unprocessable", _("The request cannot be processed.")),
    429: ("throttled", _("Too many requests.")),
    500: ("server-error", _("Server error.")),
}


class ApiProblem(exceptions.APIException):
    """An API error with its own status and optional type slug (e.g. an idempotency key mismatch)."""

    def __init__(self, detail, *, status_code: int, slug: str | None = None, errors: dict | None = None):
        super().__init__(detail)
        self.status_code = status_code
        self.slug = slug
        self.errors = errors


class ProblemSerializer(serializers.Serializer):
    """The error body of every 4xx and 5xx answer (``application/problem+json``)."""

    type = serializers.CharField(help_text="A URI naming the kind of problem, e.g. urn:jinzhou:problem:not-found.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field of the request, for 400 answers.",
    )


def problem_response(status_code: int, detail, *, errors=None, slug=None, headers=None) -> Response:
    default_slug, title = TITLES.get(status_code, ("error", _("Error.")))
    body = {
        "type": TYPE_BASE + (slug or default_slug),
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error details as ``{"field": [...], "nested.field": [...]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for inner, messages in _flatten(value, name).items():
                out.setdefault(inner, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                for inner, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    out.setdefault(inner, []).extend(messages)
    else:
        out.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return out


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"non_field_errors": list(exc.messages)}


def exception_handler(exc, context) -> Response:
    """DRF's EXCEPTION_HANDLER: every error of every API view becomes problem+json."""
    response = _problem_for(exc)
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is not None and renderer.format == "api":
        # The browsable API renders the same body as a page; only machines get the problem media type.
        response.content_type = None
    return response


def _problem_for(exc) -> Response:
    if isinstance(exc, CaseNotFound):
        return problem_response(404, exc.message)
    if isinstance(exc, Http404):
        return problem_response(404, _("Not found."))
    if isinstance(exc, Refused):  # the engine's ActionRefused and the org chart's own refusals
        return problem_response(403, exc.message)
    if isinstance(exc, TransitionNotAllowed):
        return problem_response(409, exc.message)
    if isinstance(exc, VersionConflict):
        return problem_response(412, exc.message)
    if isinstance(exc, DjangoValidationError):
        return problem_response(400, _("Some fields are not valid."), errors=_django_errors(exc))
    if isinstance(exc, OverflowError | DataError):
        # A number too large for the database (an id or a filter value) is the client's mistake;
        # each endpoint bounds its own inputs, and this keeps any it missed from becoming a 500.
        return problem_response(400, _("A value is out of range."))
    if isinstance(exc, RequestDataTooBig):
        # Django refuses to read a body over the limit; the client sent too much, the server is fine.
        return problem_response(
            413,
            _("The request body is larger than the server accepts (%(limit)d bytes).")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        )
    if isinstance(exc, SuspiciousOperation):
        return problem_response(400, _("The request is not valid."))
    if isinstance(exc, DjangoPermissionDenied):
        return problem_response(403, _("This is not allowed."))
    if isinstance(exc, ApiProblem):
        return problem_response(exc.status_code, exc.detail, errors=exc.errors, slug=exc.slug)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem_response(400, _("Some fields are not valid."), errors=errors)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
        detail = exc.detail if isinstance(exc.detail, str) else _flatten(exc.detail)
        if isinstance(detail, dict):
            return problem_response(exc.status_code, TITLES.get(exc.status_code, ("", ""))[1], errors=detail)
        return problem_response(exc.status_code, detail, headers=headers)
    logger.exception("Unhandled error in the API", exc_info=exc)
    return problem_response(500, _("Something went wrong on our side; it has been logged."))
