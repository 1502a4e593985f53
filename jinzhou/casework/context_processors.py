"""Template context of the case engine: the warning about years whose holidays are not entered."""

from __future__ import annotations

import logging
from datetime import date

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext

from jinzhou.casework.deadlines import missing_calendar_years

logger = logging.getLogger(__name__)


def _latest_open_deadline_year() -> int | None:
    # One indexed MAX over the open cases (case_list_order_idx starts with is_open, due_at), looked up by name so the
    # calendar does not depend on the case models. A banner must never break the admin, hence the
    # savepoint: on PostgreSQL a failed query would otherwise poison the request's transaction.
    try:
        case_model = apps.get_model("casework", "Case")
        with transaction.atomic():
            latest = case_model.objects.filter(is_open=True).aggregate(latest=Max("due_at"))["latest"]
    except (LookupError, FieldError, DatabaseError):
        logger.warning("calendar warning: cannot read the open cases' deadlines", exc_info=True)
        return None
    return localtime(latest).year if latest else None


def calendar_warning_years(today: date | None = None) -> list[int]:
    """Years from this year to next year, or to the latest open deadline, with no complete calendar."""
    today = today or localdate()
    last_year = max(today.year + 1, _latest_open_deadline_year() or 0)
    return missing_calendar_years(today.year, last_year)


def calendar_warning_text(year: int) -> str:
    """The warning shown for one year, in the active language."""
    return gettext(
        "The %(year)s holiday schedule has not been entered yet: deadlines are counted with the statutory "
        "holidays and weekends; bridging days and make-up working days take effect once the notice is entered."
    ) % {"year": year}


def calendar_warning(request: HttpRequest) -> dict[str, object]:
    """Context processor: ``calendar_warnings``, a list of messages for staff users, else empty.

    Lazy, so pages that never show it (everything outside the admin) never pay for the queries.
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_staff", False):
        return {"calendar_warnings": []}
    return {"calendar_warnings": SimpleLazyObject(lambda: [calendar_warning_text(y) for y in calendar_warning_years()])}
