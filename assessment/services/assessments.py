"""The annual assessment: computed from the records by the scheme, reviewed and published by the office.

draft → reviewed → published. A draft may be recomputed as often as the office likes; a reviewed one
goes back to draft to be recomputed; a published one is never recomputed, so its figures stay as
published whatever happens to the records later. The scores of each measure are in docs/metrics.md."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.choices import AssessmentStatus, Measure
from assessment.models import Assessment, AssessmentRow, Scheme
from assessment.selectors import end_of, target_progress, year_period
from chains.models import ProgressReport
from jinzhou.casework.models import Escalation
from jinzhou.casework.reports import city_department_rates
from jinzhou.org.choices import DepartmentKind
from jinzhou.org.models import Department
from jinzhou.org.selectors import actor_for

ASSESSED_KINDS = (DepartmentKind.CITY_BUREAU, DepartmentKind.COUNTY, DepartmentKind.DEVELOPMENT_ZONE)
CENT = Decimal("0.01")


def may_manage(user) -> bool:
    """Only the office computes, reviews and publishes the assessment."""
    return bool(user and (user.is_superuser or actor_for(user).is_office))


def _check(user) -> None:
    if not may_manage(user):
        raise PermissionDenied(_("Only the leading-group office may assess the departments."))


def default_scheme() -> Scheme:
    scheme = Scheme.objects.filter(is_default=True).first() or Scheme.objects.first()
    if scheme is None:
        raise ValidationError(_("There is no assessment scheme. Add one under 目标与考核 → 考核方案."))
    return scheme


def _points(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def _measures(year: int, as_of: dt.date, departments: list[Department]) -> dict[str, dict[int, object]]:
    """Per measure, {department id: the figure} from the records, one query per measure."""
    ids = [department.pk for department in departments]
    start, end = year_period(year, as_of).start, end_of(as_of)
    rates = {row.department_id: row for row in city_department_rates(now=end, period=year_period(year, as_of))}
    met: dict[int, list[int]] = {}
    for progress in target_progress(year, as_of=as_of, units=departments):
        counts = met.setdefault(progress.target.department_id, [0, 0])
        counts[0] += progress.met
        counts[1] += 1
    notices = (
        Escalation.objects.filter(issued_at__gte=start, issued_at__lte=end)
        .annotate(addressee=Coalesce("target_department_id", "case__responsible_department_id"))
        .filter(addressee__in=ids)
        .order_by()
        .values("addressee")
        .annotate(n=Count("pk"))
    )
    late = (
        ProgressReport.objects.filter(reported_at__gte=start, reported_at__lte=end, was_due_at__isnull=False)
        .filter(Q(reported_at__gt=F("was_due_at")), task__responsible_department_id__in=ids)
        .order_by()
        .values("task__responsible_department_id")
        .annotate(n=Count("pk"))
    )
    return {
        Measure.ON_TIME_RATE: {i: rates[i].on_time_rate for i in ids if i in rates},
        Measure.OVERDUE_RATE: {i: rates[i].overdue_rate for i in ids if i in rates},
        Measure.TARGETS_MET: met,
        Measure.NOTICES: {row["addressee"]: row["n"] for row in notices},
        Measure.LATE_REPORTS: {row["task__responsible_department_id"]: row["n"] for row in late},
    }


def score_line(line: dict, figure) -> tuple[str, Decimal]:
    """(the figure as shown, the points) of one scheme line for one department."""
    weight, deduction = Decimal(line["weight"]), Decimal(line["deduction"])
    measure = line["measure"]
    if measure == Measure.ON_TIME_RATE:
        return _percent(figure), weight if figure is None else _points(weight * figure / 100)
    if measure == Measure.OVERDUE_RATE:
        return _percent(figure), weight if figure is None else _points(weight * (100 - figure) / 100)
    if measure == Measure.TARGETS_MET:
        if not figure or not figure[1]:
            return "—", weight
        return f"{figure[0]}/{figure[1]}", _points(weight * figure[0] / figure[1])
    count = figure or 0
    return str(count), max(Decimal(0), _points(weight - deduction * count))


def compute(assessment: Assessment, *, actor, as_of: dt.date | None = None) -> Assessment:
    """(Re)compute a draft from today's records: one row per assessed department, ranked by total."""
    _check(actor)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.status != AssessmentStatus.DRAFT:
            raise ValidationError(_("Only a draft is recomputed; this assessment is %(status)s.")
                                  % {"status": assessment.get_status_display()})  # fmt: skip
        today = timezone.localdate()
        as_of = as_of or min(today, dt.date(assessment.year, 12, 31))
        lines = [
            {"label": line.label, "measure": line.measure, "weight": str(line.weight), "deduction": str(line.deduction)}
            for line in assessment.scheme.lines.all()
        ]
        departments = list(Department.objects.filter(kind__in=ASSESSED_KINDS).order_by("name"))
        figures = _measures(assessment.year, as_of, departments)
        rows = []
        for department in departments:
            scored = [score_line(line, figures[line["measure"]].get(department.pk)) for line in lines]
            scored = [(shown, _points(points)) for shown, points in scored]
            rows.append(
                AssessmentRow(
                    assessment=assessment,
                    department=department,
                    total=sum((points for _shown, points in scored), Decimal(0)),
                    figures=[{"figure": shown, "score": str(points)} for shown, points in scored],
                )
            )
        rows.sort(key=lambda row: (-row.total, row.department.name))
        for index, row in enumerate(rows):
            row.rank = rows[index - 1].rank if index and rows[index - 1].total == row.total else index + 1
        assessment.rows.all().delete()
        AssessmentRow.objects.bulk_create(rows)
        assessment.lines = lines
        assessment.as_of = as_of
        assessment.computed_at = timezone.now()
        assessment._history_user = actor
        assessment.save()
    return assessment


def start_assessment(year: int, *, actor, scheme: Scheme | None = None, as_of: dt.date | None = None) -> Assessment:
    _check(actor)
    if Assessment.objects.filter(year=year).exists():
        raise ValidationError(_("The assessment of %(year)d exists already.") % {"year": year})
    assessment = Assessment.objects.create(year=year, scheme=scheme or default_scheme())
    return compute(assessment, actor=actor, as_of=as_of)


def _move(assessment: Assessment, *, actor, source: str, target: str, **stamps) -> Assessment:
    _check(actor)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != source:
            raise ValidationError(
                _("This assessment is %(status)s; the step needs it %(needed)s.")
                % {"status": locked.get_status_display(), "needed": AssessmentStatus(source).label}
            )
        locked.status = target
        for field, value in stamps.items():
            setattr(locked, field, value)
        locked._history_user = actor
        locked.save()
    return locked


def review(assessment: Assessment, *, actor) -> Assessment:
    return _move(assessment, actor=actor, source=AssessmentStatus.DRAFT, target=AssessmentStatus.REVIEWED,
                 reviewed_by=actor, reviewed_at=timezone.now())  # fmt: skip


def back_to_draft(assessment: Assessment, *, actor) -> Assessment:
    return _move(assessment, actor=actor, source=AssessmentStatus.REVIEWED, target=AssessmentStatus.DRAFT)


def publish(assessment: Assessment, *, actor) -> Assessment:
    return _move(assessment, actor=actor, source=AssessmentStatus.REVIEWED, target=AssessmentStatus.PUBLISHED,
                 published_by=actor, published_at=timezone.now())  # fmt: skip
