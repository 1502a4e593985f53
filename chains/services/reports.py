"""Writes of the chains' figure reports (产业链运行监测): opening each period's reports, filling in the
figures. Submitting and reviewing are workflow steps (``casework.services.transition``).

A period is a calendar month or quarter; the report for a period opens once the period has ended,
due ``deadline_working_days`` working days later by the calendar (``casework.deadlines``), and the
reminder sweep follows that deadline like any other.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chains.choices import CapacityUnit, FiguresCadence
from chains.models import Bottleneck, CapacityRow, ChainReport, ChainReportSetting
from chains.models.reports import DEFAULT_DEADLINE_DAYS, period_label
from chains.workflows import FIGURES
from jinzhou.casework.choices import EventKind, Source
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import deadline_from
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import case_write, open_case, record_event
from jinzhou.org.models import Chain, Enterprise

MAX_CAPACITY_ROWS = 20
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    cadence: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return period_label(self.cadence, self.start)


def period_containing(day: dt.date, cadence: str) -> Period:
    if cadence == FiguresCadence.QUARTERLY:
        first_month = (day.month - 1) // 3 * 3 + 1
        start = dt.date(day.year, first_month, 1)
        months = 3
    else:
        start = dt.date(day.year, day.month, 1)
        months = 1
    year, month = divmod(start.month - 1 + months, 12)
    end = dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)
    return Period(cadence, start, end)


def last_ended_period(today: dt.date, cadence: str) -> Period:
    """The latest period that has ended before ``today``."""
    current = period_containing(today, cadence)
    return period_containing(current.start - dt.timedelta(days=1), cadence)


def report_deadline(period: Period, working_days: int) -> dt.datetime:
    """The end of the ``working_days``-th working day after the period ends (by the calendar)."""
    return deadline_from(due_in_working_days=working_days, today=period.end)


def open_period_reports(*, today: dt.date | None = None, chains=None) -> list[ChainReport]:
    """Open the report of the last ended period for every chain that has none yet: idempotent (the
    unique constraint holds one report per chain and period, also under two beats at once)."""
    today = today or timezone.localdate()
    settings = {s.chain_id: s for s in ChainReportSetting.objects.all()}
    chains = Chain.objects.select_related("leader_department") if chains is None else chains
    opened = []
    for chain in chains:
        setting = settings.get(chain.pk)
        if setting is not None and not setting.enabled:
            continue
        cadence = setting.cadence if setting else FiguresCadence.MONTHLY
        days = setting.deadline_working_days if setting else DEFAULT_DEADLINE_DAYS
        period = last_ended_period(today, cadence)
        if ChainReport.objects.filter(reporting_chain=chain, period_start=period.start).exists():
            continue
        try:
            with transaction.atomic():
                opened.append(_open(chain, period, days))
        except IntegrityError:
            continue  # opened meanwhile by another run
    return opened


def _open(chain: Chain, period: Period, days: int) -> ChainReport:
    return open_case(
        model=ChainReport,
        actor=None,
        title=_("%(chain)s: operation report for %(period)s") % {"chain": chain.name, "period": period.label},
        chain=chain,
        reporting_chain=chain,
        cadence=period.cadence,
        period_start=period.start,
        period_end=period.end,
        responsible_department=chain.leader_department,
        assigned_at=timezone.now(),
        source=Source.DEPARTMENT,
        due_at=report_deadline(period, days),
        bottlenecks_solved=solved_bottlenecks(chain, period),
    )


def solved_bottlenecks(chain, period: Period) -> int:
    """The chain's bottlenecks closed within the period: the prefill of ``bottlenecks_solved``."""
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return Bottleneck.objects.filter(chain=chain, closed_at__gte=start, closed_at__lt=end).count()


# --- filling in -----------------------------------------------------------------------------------------
def may_fill_report(report: ChainReport, user, *, mine=None) -> bool:
    """``save_figures``'s rule: the chain-leader department's staff while the report is 待填报 or 退回修改."""
    mine = relations(report, user) if mine is None else mine
    return report.allows(FIGURES) and "responsible" in mine


def _amount(value, field: str, errors: dict, label: str):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("%(label)s: enter a number.") % {"label": label}
        return None
    if not amount.is_finite():
        errors[field] = _("%(label)s: enter a number.") % {"label": label}
        return None
    if amount < 0:
        errors[field] = _("%(label)s cannot be negative.") % {"label": label}
        return None
    if amount != amount.quantize(TWO_PLACES) or amount >= Decimal("1e10"):
        errors[field] = _("%(label)s: at most two decimal places and ten digits before the point.") % {"label": label}
        return None
    return amount


def _count(value, field: str, errors: dict, label: str):
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = _("%(label)s: enter a whole number.") % {"label": label}
        return None
    if number < 0:
        errors[field] = _("%(label)s cannot be negative.") % {"label": label}
        return None
    return number


def clean_capacities(rows) -> tuple[list[dict], list[ValidationError]]:
    """Each row: enterprise (id or object), product, current_capacity, planned_capacity, unit. Each
    problem names its row (``params["row"]``, from 1) and field (``code``), for a form to place it."""
    rows = list(rows)
    problems: list[ValidationError] = []
    if len(rows) > MAX_CAPACITY_ROWS:
        return [], [ValidationError(_("At most %(max)d capacity rows.") % {"max": MAX_CAPACITY_ROWS})]
    ids = {getattr(r.get("enterprise"), "pk", r.get("enterprise")) for r in rows}
    known = set(Enterprise.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list("pk", flat=True))
    clean = []
    for number, row in enumerate(rows, start=1):
        errors: dict = {}
        enterprise = getattr(row.get("enterprise"), "pk", row.get("enterprise"))
        if enterprise not in known:
            errors["enterprise"] = _("row %(n)d: choose the enterprise.") % {"n": number}
        product = (row.get("product") or "").strip()
        if not product:
            errors["product"] = _("row %(n)d: name the product.") % {"n": number}
        label = _("row %(n)d: the current capacity") % {"n": number}
        current = _amount(row.get("current_capacity"), "current_capacity", errors, label)
        if current is None and "current_capacity" not in errors:
            errors["current_capacity"] = _("row %(n)d: enter the current capacity.") % {"n": number}
        planned = _amount(
            row.get("planned_capacity"),
            "planned_capacity",
            errors,
            _("row %(n)d: the planned capacity") % {"n": number},
        )
        unit = row.get("unit") or ""
        if unit not in CapacityUnit.values:
            errors["unit"] = _("row %(n)d: choose the capacity's unit (万吨/年, 吨/年 …).") % {"n": number}
        problems.extend(
            ValidationError(message.replace("%", "%%"), code=field, params={"row": number})
            for field, message in errors.items()
        )
        if not errors:
            clean.append(
                {
                    "enterprise_id": enterprise,
                    "product": product,
                    "current_capacity": current,
                    "planned_capacity": planned,
                    "unit": unit,
                    "order": number,
                }
            )
    return clean, problems


def save_figures(
    report: ChainReport,
    *,
    actor,
    output_value=None,
    above_scale_enterprises=None,
    investment_in_progress=None,
    bottlenecks_solved=None,
    narrative: str = "",
    capacities=None,
    version: int | None = None,
) -> ChainReport:
    """Record the figures (a draft: blanks allowed; ``submit`` requires them all). Every refusal at
    once, by field, and nothing written."""
    errors: dict = {}
    values = {
        "output_value": _amount(output_value, "output_value", errors, _("The output value")),
        "above_scale_enterprises": _count(
            above_scale_enterprises,
            "above_scale_enterprises",
            errors,
            _("The number of enterprises above designated size"),
        ),
        "investment_in_progress": _amount(
            investment_in_progress, "investment_in_progress", errors, _("The investment in projects under construction")
        ),
        "bottlenecks_solved": _count(bottlenecks_solved, "bottlenecks_solved", errors, _("The bottlenecks solved")),
        "narrative": (narrative or "").strip(),
    }
    rows, problems = clean_capacities(capacities) if capacities is not None else (None, [])
    if problems:
        errors["capacities"] = problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        with case_write(report, actor=actor, version=version) as locked:
            if not locked.allows(FIGURES):
                raise TransitionNotAllowed(
                    _("The figures are filled in while the report is to be filled in or returned; it is “%(status)s”.")
                    % {"status": locked.status_label}
                )
            if "responsible" not in relations(locked, actor):
                raise ActionRefused(_("Only the chain-leader department fills in the chain's figures."))
            for name, value in values.items():
                setattr(locked, name, value)
        if rows is not None:
            locked.capacities.all().delete()
            CapacityRow.objects.bulk_create([CapacityRow(report=locked, **row) for row in rows])
        record_event(locked, kind=EventKind.EDITED, actor=actor, summary=_("Figures saved"))
    return locked


def check_complete(report: ChainReport) -> None:
    """What ``submit`` requires: every figure and the narrative (the capacity rows are optional)."""
    missing = {}
    for name in ("output_value", "above_scale_enterprises", "investment_in_progress", "bottlenecks_solved"):
        if getattr(report, name) is None:
            missing[name] = _("Fill in %(field)s before submitting.") % {
                "field": ChainReport._meta.get_field(name).verbose_name
            }
    if not report.narrative.strip():
        missing["narrative"] = _("Describe the chain's operation and problems before submitting.")
    if missing:
        raise ValidationError(missing)
