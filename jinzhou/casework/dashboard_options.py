"""The dashboards' pickers, shared by the admin's 工作看板 and the portal's leaders' dashboard: the
period of the rates (month, quarter, year or a range) and what the trends are drawn for (the whole
city, an industry, a chain or a department). Read from the query string; a value that cannot be
used is dropped with a message saying why, and the page shows the default instead (never a 500)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinzhou.casework.models import Case
from jinzhou.casework.periods import clean_period_fields, recent_periods
from jinzhou.casework.reports import cases_behind
from jinzhou.casework.trend_chart import trend_chart, trend_legend
from jinzhou.casework.trends import MONTHS, monthly_trends

SCOPES = {"industry": "industry", "chain": "chain", "department": "department"}
# The same picks as fields of both the case and its tallies (``casework.figures``).
NARROW = {"industry": "chain__industry", "chain": "chain", "department": "responsible_department"}


def _scope_choices() -> list:
    from jinzhou.org.models import Chain, Department, Industry

    return [
        ("", _("The whole city")),
        (
            _("Industry"),
            [
                (f"industry:{pk}", name)
                for pk, name in Industry.objects.order_by("order", "pk").values_list("pk", "name")
            ],
        ),
        (
            _("Chain"),
            [
                (f"chain:{pk}", name)
                for pk, name in Chain.objects.order_by("industry__order", "order", "code").values_list("pk", "name")
            ],
        ),
        (
            _("Department"),
            [(f"department:{pk}", name) for pk, name in Department.objects.order_by("name").values_list("pk", "name")],
        ),
    ]


class DashboardOptionsForm(forms.Form):
    period = forms.CharField(label=gettext_lazy("Period of the rates"), required=False, max_length=30)
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    trend = forms.ChoiceField(label=gettext_lazy("Trends for"), required=False)

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        options = [("", _("All time")), *((p.code, p.label) for p in recent_periods(today))]
        self.fields["period"].widget = forms.Select(choices=options)
        self.fields["trend"].choices = _scope_choices()

    def clean(self):
        return clean_period_fields(self, super().clean(), default="")

    def options(self) -> dict:
        """The valid choices: ``period`` (a Period or None) and ``trend`` ("kind:id" or "")."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        trend = data.get("trend") or ""
        labels = {value: label for _group, group in self.fields["trend"].choices[1:] for value, label in group}
        return {"period": data.get("parsed_period"), "trend": trend, "trend_label": labels.get(trend, "")}

    def problems(self) -> list[str]:
        self.is_valid()
        return [
            f"{self.fields[name].label}: {' '.join(errors)}" if name in self.fields else " ".join(errors)
            for name, errors in self.errors.items()
        ]


@dataclass(frozen=True)
class Trends:
    label: str
    months: list
    chart: str
    legend: str


def trends_for(user, trend: str = "", label: str = "", *, now: dt.datetime | None = None) -> Trends:
    """The last 12 months for the cases ``user`` may see, narrowed to ``trend`` ("chain:3", ...)."""
    from jinzhou.casework import figures

    now = now or timezone.now()
    cases = Case.objects.visible_to(user)
    narrow = Q()
    if trend:
        kind, _sep, pk = trend.partition(":")
        cases = cases_behind(cases, **{SCOPES[kind]: int(pk)})
        narrow = Q(**{f"{NARROW[kind]}_id": int(pk)})
    label = label or scope_title(user)
    if figures.usable(now):
        months = figures.trends(figures.scope_for(user, narrow), now, MONTHS)
    else:
        months = monthly_trends(cases, now=now)
    title = _("Trends over the last 12 months: %(scope)s") % {"scope": label}
    return Trends(label, months, trend_chart(months, title), trend_legend())


def scope_title(user) -> str:
    """What the visitor's dashboard covers: 全市 for the office and the leading group; a task-force
    leader's task forces by name (e.g. 金属材料产业专班), since they see only their industries."""
    from jinzhou.org.models import TaskForce
    from jinzhou.org.selectors import actor_for

    actor = actor_for(user)
    if actor.sees_everything or not actor.industry_ids:
        return _("The whole city")
    names = TaskForce.objects.filter(industry_id__in=actor.industry_ids).order_by("industry__order", "pk")
    return "、".join(names.values_list("name", flat=True)) or _("The whole city")
