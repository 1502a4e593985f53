"""Pagination: limit/offset for browsing, a keyset cursor over (updated_at, id) for mirroring.

Why a keyset cursor and not DRF's ``CursorPagination``: DRF positions its cursor on the first
ordering field plus an offset among equal values, so rows updated while a partner pages through
shift under it. The sync cursor is the exact (updated_at, id) of the last row sent, and the next
page is every row strictly after it. A row changed during the sync moves to the end (its new
updated_at is later than any cursor handed out), so it is sent again with its new content — a
mirror wants that — and a row is never skipped: nothing can move to before the cursor.

One gap remains: updated_at is taken when a row is saved, not when its transaction commits. A row
saved at t but committed a moment later would be invisible to a page read in between, and then lie
behind the cursor. The sync therefore stops ``API_SYNC_SETTLE_SECONDS`` before "now": rows reach
the sync that much later, and any transaction shorter than that is never missed.

Every page carries a cursor, an empty one too: with no row to stand on, the position moves up to
that horizon (with id 0, before any row of the same instant), since every row the feed could send
up to it has been sent. A partner whose first sync finds nothing can keep that cursor like any other.
"""

import base64
import binascii
import datetime as dt
import json
from collections import OrderedDict

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from jinzhou.api.parsers import load_json

MAX_OFFSET = 10**9


def bounded_int(raw: str, name: str, *, minimum: int, maximum: int) -> int:
    """A query parameter as a whole number within bounds, else a 400 naming the bounds."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [_("Enter a whole number.")]}) from None
    if not minimum <= value <= maximum:
        raise ValidationError({name: [_("Enter a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}]})
    return value


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """Limit/offset pages. ``count`` is exact for a filtered list (a filter, a search, or a caller
    whose scope is not everything); for an unfiltered list of at least ``estimate_from`` rows it is
    the database's estimate (``count_estimated`` says so): an exact COUNT of a million cases reads
    them all on every page, for a figure a partner uses to show page numbers."""

    default_limit = 50
    max_limit = 100
    estimate_from = 100_000
    count_estimated = False

    def get_count(self, queryset) -> int:
        from jinzhou.casework.pagination import list_count

        total, self.count_estimated = list_count(queryset, self.estimate_from)
        return total

    def get_limit(self, request) -> int:
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        # The maximum keeps a page's cost bounded.
        return bounded_int(raw, self.limit_query_param, minimum=1, maximum=self.max_limit)

    def get_offset(self, request) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        return bounded_int(raw, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)

    def paginate_queryset(self, queryset, request, view=None):
        if not queryset.ordered:
            raise AssertionError("An API list must have a stable ordering (order_by) before it is paginated.")
        # DRF's own steps, but for an estimated count: an estimate may be short or long of the rows,
        # so the page and whether another follows are read off the rows (one more than the page).
        self.request = request
        self.limit = self.get_limit(request)
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count_estimated:
            rows = list(queryset[self.offset : self.offset + self.limit + 1])
            self.more_after = len(rows) > self.limit
            return rows[: self.limit]
        if self.count == 0 or self.offset > self.count:
            return []
        return list(queryset[self.offset : self.offset + self.limit])

    def get_next_link(self):
        if self.count_estimated and not self.more_after:
            return None
        if self.count_estimated:
            url = self.request.build_absolute_uri()
            url = replace_query_param(url, self.limit_query_param, self.limit)
            return replace_query_param(url, self.offset_query_param, self.offset + self.limit)
        return super().get_next_link()

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_estimated"] = self.count_estimated
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            "The number of rows of the list: exact when the list is filtered (or the caller's scope "
            "is not everything); the database's estimate when it is unfiltered and has at least "
            f"{self.estimate_from:,} rows (then count_estimated is true)."
        )
        described["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": "Whether count is an estimate (see count); next is null on the last page either way.",
        }
        described["required"] = [*described["required"], "count_estimated"]
        return described

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_limit, "default": self.default_limit})
            if parameter["name"] == self.offset_query_param:
                parameter["schema"].update({"minimum": 0, "maximum": MAX_OFFSET, "default": 0})
        return parameters


def encode_cursor(updated_at: dt.datetime, pk: int) -> str:
    raw = json.dumps({"u": updated_at.isoformat(), "i": pk}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        # The cursor comes back from the client: read it as untrusted JSON (a deep one is refused).
        data = load_json(base64.urlsafe_b64decode(padded.encode("ascii")))
        updated_at = parse_datetime(data["u"])
        pk = int(data["i"])
        if updated_at is None or timezone.is_naive(updated_at) or not 0 <= pk < 2**63:
            raise ValueError
        return updated_at, pk
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error):
        raise ValidationError({"cursor": [_("This cursor is not valid; start again from updated_since.")]}) from None


class SyncCursorPagination(pagination.BasePagination):
    """Keyset pagination over (updated_at, id) ascending; see the module docstring for why."""

    cursor_query_param = "cursor"
    limit_query_param = "limit"
    default_limit = 100
    max_limit = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        raw_limit = request.query_params.get(self.limit_query_param)
        limit = self.default_limit
        if raw_limit is not None:
            limit = bounded_int(raw_limit, self.limit_query_param, minimum=1, maximum=self.max_limit)
        settle = dt.timedelta(seconds=getattr(settings, "API_SYNC_SETTLE_SECONDS", 2))
        horizon = timezone.now() - settle
        queryset = queryset.filter(updated_at__lte=horizon).order_by("updated_at", "id")
        cursor = request.query_params.get(self.cursor_query_param)
        self.position = decode_cursor(cursor) if cursor else None
        if self.position:
            after, pk = self.position
            queryset = queryset.filter(Q(updated_at__gt=after) | Q(updated_at=after, id__gt=pk))
        rows = list(queryset[: limit + 1])
        self.has_more = len(rows) > limit
        rows = rows[:limit]
        if rows:
            self.position = (rows[-1].updated_at, rows[-1].pk)
        elif self.position is None or self.position[0] < horizon:
            # Nothing between the position and the horizon: the feed has sent everything up to it.
            self.position = (horizon, 0)
        return rows

    def next_cursor(self) -> str:
        return encode_cursor(*self.position)

    def get_paginated_response(self, data) -> Response:
        cursor = self.next_cursor()
        next_url = None
        if cursor and self.has_more:
            next_url = replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)
        return Response(
            OrderedDict([("next_cursor", cursor), ("has_more", self.has_more), ("next", next_url), ("results", data)])
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next_cursor", "has_more", "next", "results"],
            "properties": {
                "next_cursor": {
                    "type": "string",
                    "description": "Pass as ?cursor= to continue; keep the last one to resume later "
                    "(every page has one, an empty page too).",
                },
                "has_more": {"type": "boolean", "description": "Whether another page is ready now."},
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The URL of the next page while has_more is true.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The next_cursor of the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": "Rows per page.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            },
        ]
