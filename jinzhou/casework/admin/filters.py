"""List filters of the case admins. Each filters in SQL, on the queryset the admin already scoped."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.choices import Light
from jinzhou.casework.kinds import kind_choices
from jinzhou.casework.selectors import QUEUE, queue_q


class LightFilter(admin.SimpleListFilter):
    """Filters by light in SQL (``CaseQuerySet.lit``), never on Python values."""

    title = _("light")
    parameter_name = "light"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return list(Light.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in Light.values:
            return queryset.lit(self.value())
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return kind_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """The statuses of the kind's workflow (or of every kind, in the list of all cases)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return model_admin.status_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


def overdue_q(now=None) -> Q:
    """Past the current deadline and still open: the same rule as the dashboard's 逾期率."""
    return Q(is_open=True, due_at__lte=now or timezone.now())


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(overdue_q())
        if self.value() == "no":
            return queryset.exclude(overdue_q())
        return queryset


class ChainFilter(admin.RelatedFieldListFilter):
    """Every chain, from the catalogue. (Listing only the chains that have visible cases meant a
    DISTINCT over the whole case table on every page load: 30–80 ms at 100,000 cases.)"""


class DepartmentFilter(admin.RelatedFieldListFilter):
    """Every department, for the same reason as ``ChainFilter``."""


class QueueFilter(admin.SimpleListFilter):
    """One entry of the visitor's queue (待办), by the rule that counts it on the admin's home page
    (``queue_q``), so the count and the list it links to agree."""

    title = _("to do")
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        from jinzhou.casework.admin.queue import QUEUE_LABELS, queue_names

        return [(name, QUEUE_LABELS[name]) for name in queue_names(request.user)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in QUEUE:
            return queryset.filter(queue_q(self.value(), request.user))
        return queryset


class RatedDepartmentFilter(admin.SimpleListFilter):
    """The cases a department's rates count (``reports.cases_behind(rated=…)``: the office's row has
    the cases waiting for its decision). Reached from the dashboard's rate rows, so it is shown only
    while in use."""

    title = _("counted for (rates)")
    parameter_name = "rated"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        from jinzhou.org.models import Department

        value = self.value()
        if not (value and value.isdigit()):
            return []
        return [(value, name) for name in Department.objects.filter(pk=value).values_list("name", flat=True)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        from jinzhou.casework.reports import cases_behind

        if self.value() and self.value().isdigit():
            return cases_behind(queryset, rated=int(self.value()))
        return queryset


class ClosedInFilter(admin.SimpleListFilter):
    """The closed cases with a deadline that the on-time rate divides by, closed in a period
    (``closed=2026-11``, ``closed=all``); with ``OnTimeFilter`` those it counts as on time. Reached
    from the dashboard's rate rows, so shown only while in use."""

    title = _("closed in (rates)")
    parameter_name = "closed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        period = closed_period(self.value())
        if period is False:
            return []
        return [(self.value(), _("All time") if isinstance(period, str) else period.label)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        from jinzhou.casework.reports import cases_behind

        period = closed_period(self.value())
        if period is False:
            return queryset
        on_time = request.GET.get("on_time") == "1"
        return cases_behind(queryset, closed=period, on_time=on_time)


class OnTimeFilter(admin.SimpleListFilter):
    """Consumes ``on_time=1`` (applied by ``ClosedInFilter``, which needs the period with it)."""

    title = _("closed on time")
    parameter_name = "on_time"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("1", _("Yes"))] if self.value() == "1" else []

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset


def closed_period(value):
    """``ALL``, a ``Period``, or False when ``value`` names neither."""
    from django.core.exceptions import ValidationError

    from jinzhou.casework.periods import parse_period
    from jinzhou.casework.reports import ALL

    if not value:
        return False
    if value == ALL:
        return ALL
    try:
        return parse_period(value) or False
    except ValidationError:
        return False
