"""Numbers that come from a request (form fields, the query string, the URL), checked in one place.

``int()`` accepts more than a browser should send and the database can hold: ``"²".isdigit()`` is true
but ``int("²")`` fails, and a 30-digit id passes every Python check but overflows the database's 64-bit
integer (SQLite raises OverflowError). Such input is the visitor's mistake or a probe, so it gets the
friendly 400 or 404 page, never a 500. Views read ids and years through ``ids`` and ``year``; every
admin URL is checked by ``AdminObjectIdMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# Every primary key is a BigAutoField (DEFAULT_AUTO_FIELD); years are what ``datetime.date`` can hold.
MAX_ID = 2**63 - 1
MAX_YEAR = 9999


def _digits(text: str, low: int, high: int) -> int | None:
    """``text`` as an int if it is plain ASCII digits between ``low`` and ``high``, else None."""
    if not (isinstance(text, str) and text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0") or "0"
    # Checked before int(): Python refuses to convert more than 4,300 digits (ValueError).
    if len(significant) > len(str(high)):
        return None
    value = int(significant)
    return value if low <= value <= high else None


def number(value: str, *, low: int, high: int) -> int:
    """``value`` as an int if it is plain ASCII digits between ``low`` and ``high``; else BadRequest (400)."""
    found = _digits(value, low, high)
    if found is None:
        raise BadRequest(_("The request contains an invalid number."))
    return found


def ids(values: Iterable[str]) -> list[int]:
    """Row ids posted by a form (e.g. the notifications ticked as read)."""
    return [number(value, low=1, high=MAX_ID) for value in values]


def year(value: str) -> int:
    return number(value, low=1, high=MAX_YEAR)


def _integer_range(model) -> tuple[int, int] | None:
    """The range of ``model``'s primary key on this database, or None if it is not an integer."""
    field = model._meta.pk
    while field.is_relation:  # a child of multi-table inheritance: the parent's key
        field = field.target_field
    internal_type = field.get_internal_type()
    if internal_type not in connection.ops.integer_field_ranges:
        return None
    return connection.ops.integer_field_range(internal_type)


class AdminObjectIdMiddleware:
    """An admin URL that names an object by a number no integer key can hold is a 404 (the friendly page).

    Django's admin looks the object up and catches "does not exist" and invalid input, but not the
    database's overflow, so ``/admin/chains/bottleneck/<30 digits>/change/`` (and its history, delete and
    "view on site" URLs) was a 500 for every admin. Checked here once for every ModelAdmin, including
    Django's and other packages'. A model with a non-integer key keeps Django's own handling.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces:
            return
        model_admin = getattr(view_func, "model_admin", None)
        bounds = _integer_range(model_admin.model) if model_admin is not None else (-MAX_ID - 1, MAX_ID)
        if bounds is None:
            return
        low, high = bounds
        for name, value in view_kwargs.items():
            if not (name == "object_id" or name.endswith("_id")):
                continue
            text = str(value)
            if text.isascii() and text.isdigit() and _digits(text, max(low, 0), high) is None:
                raise Http404(_("No such object."))
