"""The base of every API view: JSON only, NUL-safe, idempotent POSTs, scope by ``api_resource``.

Concrete views stay thin: a queryset from ``visible_to(user)`` (or the catalogue), a serializer,
a filterset, and writes through the services.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.views import APIView

from jinzhou.api import idempotency
from jinzhou.api.parsers import StrictJSONParser

# Ids are bigints; a longer run of digits cannot be a row, so it does not even reach the database.
ID_PATTERN = r"[0-9]{1,18}"


class ApiViewMixin:
    parser_classes = [StrictJSONParser]
    lookup_value_regex = ID_PATTERN
    api_resource: str | None = None
    # action → the service's "may this user write at all?" check, run before the body is read
    # (``permissions.HasScope``).
    write_checks: dict = {}

    def dispatch(self, request, *args, **kwargs):
        # A POST with an Idempotency-Key runs in one transaction with its record, so the effect and
        # the stored answer commit together or not at all: a worker killed halfway leaves neither,
        # and the partner's retry runs afresh instead of finding the key stuck "in progress". A twin
        # sent meanwhile waits on the record's unique index and then gets the stored answer.
        if request.method == "POST" and idempotency.HEADER in request.headers:
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs) -> None:
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise ParseError(_("Query parameters may not contain NUL characters."))
        super().initial(request, *args, **kwargs)
        self._idempotency = None
        if request.method == "POST":
            self._idempotency = idempotency.begin(request)

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.IdempotentReplay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotency", None)
        if record is not None:
            self._idempotency = None
            idempotency.finish(record, response)
        return response


class ApiGenericViewSet(ApiViewMixin, viewsets.GenericViewSet):
    pass


@extend_schema(exclude=True)
class UnknownEndpoint(APIView):
    """Every URL under /api/ that no endpoint claims: 404 as problem+json, whatever the method."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def initial(self, request, *args, **kwargs) -> None:
        raise NotFound(_("There is no API endpoint at this address; see /api/docs/."))
