"""Reads of the projects app: who sees which applications, activities and leads; the ranking of a
challenge's applications; the investment reports.

Every scoped model answers ``Model.objects.restrict(user, "view"|"change")`` (org.selectors'
``RestrictedQuerySet``): cases by the case engine's one rule (``visible_to``); the rows below that
are not cases implement it with the ``*_scope_q`` rules here, in the same spirit:
the office and the leading group see all, a bureau sees its own work, task-force leaders their industries,
enterprises and institutions what they take part in, experts only the applications given to them.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.exceptions import CaseNotFound
from jinzhou.casework.selectors import scope_q
from jinzhou.org.choices import Provenance
from jinzhou.org.selectors import actor_for, is_staff_of
from projects.choices import COMMERCE_BUREAU, ApplicationStatus, LeaderLevel, SheetStatus
from projects.models import (
    Challenge,
    ChallengeApplication,
    InvestmentActivity,
    InvestmentProject,
    ScoreSheet,
)
from projects.workflows import APPLICATION, CHALLENGE, REPORTED_STAGES, STAGE_FIELDS

NOTHING = Q(pk__in=[])


def published_challenges() -> QuerySet:
    """The list a team applies from: challenges published (发榜 is public) and taking applications."""
    return Challenge.objects.filter(status__in=CHALLENGE.states_allowing(APPLICATION)).select_related(
        "programme", "chain"
    )


# --- challenges: who sees which (the portal, the API and the admin read this one rule) ---------------
def may_browse_challenges(user) -> bool:
    """Who sees every published challenge besides their case scope: the users of enterprises and of
    institutions (universities, research institutes: the teams that apply) and whoever sees everything."""
    actor = actor_for(user)
    return actor.user_id is not None and (
        actor.enterprise_id is not None or actor.institution_id is not None or actor.sees_everything
    )


def institution_applications_q(institution_id: int) -> Q:
    """The applications an institution leads or is a partner of."""
    partner = ChallengeApplication.partner_institutions.through.objects.filter(
        challengeapplication_id=OuterRef("pk"), institution_id=institution_id
    )
    return Q(lead_institution_id=institution_id) | Exists(partner)


def challenges_visible_to(user) -> QuerySet:
    """The challenges ``user`` sees: the case scope (``visible_to``: the bureau in charge, the teams that
    take part, …) and, for those who browse, every published one. Drafts and closed challenges stay
    within the case scope: outside it they do not exist (404). An institution takes part in the challenges
    of its live applications (the case engine knows enterprises only, so this rule says it here)."""
    q = scope_q(user)
    if not q:
        # An empty Q is "everything" (the office); OR-ing anything into it would narrow it instead.
        return Challenge.objects.all()
    if may_browse_challenges(user):
        q |= Q(status__in=CHALLENGE.states_allowing(APPLICATION))
    institution_id = actor_for(user).institution_id
    if institution_id:
        live = ChallengeApplication.objects.exclude(status=ApplicationStatus.WITHDRAWN)
        q |= Q(pk__in=live.filter(institution_applications_q(institution_id)).values("challenge_id"))
    return Challenge.objects.filter(q)


def challenge_for(user, pk) -> Challenge:
    """One challenge ``user`` sees (``challenges_visible_to``), else ``CaseNotFound`` (a 404)."""
    try:
        return challenges_visible_to(user).select_related("programme", "responsible_department").get(pk=int(pk))
    except (Challenge.DoesNotExist, ValueError, TypeError, OverflowError):
        raise CaseNotFound(_("No such case.")) from None


def challenge_board(user, search: str = "") -> QuerySet:
    """The portal's list of published challenges: those still open for applications first, the soonest
    deadline first; each with whether the visitor's unit (enterprise or institution) already leads a live
    application."""
    now = timezone.now()
    challenges = published_challenges().filter(pk__in=challenges_visible_to(user).values("pk"))
    if search := (search or "").strip():
        challenges = challenges.filter(
            Q(title__icontains=search)
            | Q(technical_problem__icontains=search)
            | Q(reference__icontains=search)
            | Q(programme__name__icontains=search)
        )
    actor = actor_for(user)
    if actor.enterprise_id:
        mine = Q(lead_enterprise_id=actor.enterprise_id)
    elif actor.institution_id:
        mine = Q(lead_institution_id=actor.institution_id)
    else:
        mine = None
    led = ChallengeApplication.objects.filter(challenge_id=OuterRef("pk")).exclude(status=ApplicationStatus.WITHDRAWN)
    return (
        challenges.select_related("responsible_department", "proposing_enterprise")
        .annotate(
            window_open=ExpressionWrapper(Q(due_at__isnull=True) | Q(due_at__gte=now), output_field=BooleanField()),
            applied=Exists(led.filter(mine)) if mine is not None else Value(False),
        )
        .order_by(F("window_open").desc(), F("due_at").asc(nulls_last=True), "id")
    )


def applications_of(user) -> QuerySet:
    """The applications ``user``'s unit leads or takes part in, or that they typed in: 我的揭榜申请."""
    actor = actor_for(user)
    if actor.user_id is None:
        return ChallengeApplication.objects.none()
    q = Q(submitted_by_id=actor.user_id)
    if actor.enterprise_id:
        partner = ChallengeApplication.partner_enterprises.through.objects.filter(
            challengeapplication_id=OuterRef("pk"), enterprise_id=actor.enterprise_id
        )
        q |= Q(lead_enterprise_id=actor.enterprise_id) | Exists(partner)
    if actor.institution_id:
        q |= institution_applications_q(actor.institution_id)
    return (
        ChallengeApplication.objects.restrict(user, "view")
        .filter(q)
        .select_related("challenge", "lead_enterprise", "lead_institution")
        .order_by("-submitted_at", "-id")
    )


# --- challenge applications --------------------------------------------------------------------------
def application_scope_q(user) -> Q:
    actor = actor_for(user)
    if actor.user_id is None:
        return NOTHING
    if actor.sees_everything:
        return Q()
    q = Q(submitted_by_id=actor.user_id)
    q |= Exists(ScoreSheet.objects.filter(application_id=OuterRef("pk"), expert__user_id=actor.user_id))
    if actor.department_id:
        q |= Q(challenge__responsible_department_id=actor.department_id)
    if actor.industry_ids:
        q |= Q(challenge__chain__industry_id__in=actor.industry_ids)
    if actor.enterprise_id:
        partner = ChallengeApplication.partner_enterprises.through.objects.filter(
            challengeapplication_id=OuterRef("pk"), enterprise_id=actor.enterprise_id
        )
        q |= Q(lead_enterprise_id=actor.enterprise_id) | Exists(partner)
    if actor.institution_id:
        # An institution's users see the applications their institution leads or joins, nothing else.
        q |= institution_applications_q(actor.institution_id)
    return q


def ranking(challenge: Challenge) -> QuerySet:
    """The eligible (or already decided) applications, best weighted score first.

    An application's score is the mean of its submitted sheets' weighted scores, computed in SQL;
    applications without a submitted sheet come last."""
    submitted = Q(sheets__status=SheetStatus.SUBMITTED)
    return (
        ChallengeApplication.objects.filter(
            challenge=challenge,
            status__in=[ApplicationStatus.ELIGIBLE, ApplicationStatus.AWARDED, ApplicationStatus.NOT_AWARDED],
        )
        .select_related("lead_enterprise", "lead_institution")
        .annotate(score=Avg("sheets__total", filter=submitted), sheets_done=Count("sheets", filter=submitted))
        .order_by(F("score").desc(nulls_last=True), "submitted_at", "id")
    )


# --- activities and leads ----------------------------------------------------------------------------
def activity_scope_q(user) -> Q:
    actor = actor_for(user)
    if actor.user_id is None:
        return NOTHING
    # The commerce bureau compiles the city's figures, so it sees every department's activities.
    if actor.sees_everything or is_staff_of(user, COMMERCE_BUREAU):
        return Q()
    q = Q(created_by_id=actor.user_id)
    if actor.department_id:
        q |= Q(department_id=actor.department_id)
    if actor.industry_ids:
        q |= Q(industry_id__in=actor.industry_ids)
    return q


def lead_scope_q(user) -> Q:
    actor = actor_for(user)
    if actor.user_id is None:
        return NOTHING
    if actor.sees_everything or is_staff_of(user, COMMERCE_BUREAU):
        return Q()
    q = Q(department_id=actor.department_id) if actor.department_id else NOTHING
    if actor.industry_ids:
        q |= Q(industry_id__in=actor.industry_ids)
    return q


# --- reports -----------------------------------------------------------------------------------------
@dataclass
class ActivityRow:
    key: str
    label: str
    batches: int
    enterprises: int


@dataclass
class ActivityReport:
    start: dt.date
    end: dt.date
    batches: int
    enterprises: int
    by_leader: list[ActivityRow] = field(default_factory=list)
    by_month: list[ActivityRow] = field(default_factory=list)

    def leader(self, level: str) -> ActivityRow:
        return next((row for row in self.by_leader if row.key == level), ActivityRow(level, level, 0, 0))

    @property
    def vice_mayor(self) -> ActivityRow:
        return self.leader(LeaderLevel.VICE_MAYOR)


# Which recorded dates a period figure may count (docs/data.md): a real date always; an inferred one
# (the year known, the day not) in a year's figures but in no month; a sample date never.
COUNTED_DATES = (Provenance.REAL, Provenance.INFERRED)


def activity_report(start: dt.date, end: dt.date, *, user=None) -> ActivityReport:
    """Activity batches and enterprises met (each enterprise counted once, 家) in [start, end], split by
    the level of the leader and by month. With ``user``, only what they may see.

    An activity whose date is a sample is in no period; one whose date is inferred (its year is known,
    its day is not) counts in the period's totals and in a last "month unknown" row, not in a month."""
    activities = InvestmentActivity.objects.filter(date__range=(start, end), date_provenance__in=COUNTED_DATES)
    if user is not None:
        activities = activities.restrict(user, "view")
    through = InvestmentActivity.enterprises.through.objects.filter(investmentactivity__in=activities.values("pk"))
    labels = dict(LeaderLevel.choices)
    by_leader = [
        ActivityRow(row["leader_level"], str(labels.get(row["leader_level"], row["leader_level"])), row["b"], row["e"])
        for row in activities.order_by()
        .values("leader_level")
        .annotate(b=Count("pk", distinct=True), e=Count("enterprises", distinct=True))
        .order_by("leader_level")
    ]
    by_month = [
        ActivityRow(row["month"].strftime("%Y-%m"), row["month"].strftime("%Y-%m"), row["b"], row["e"])
        for row in activities.filter(date_provenance=Provenance.REAL)
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(b=Count("pk", distinct=True), e=Count("enterprises", distinct=True))
        .order_by("month")
    ]
    unknown = activities.filter(date_provenance=Provenance.INFERRED).aggregate(
        b=Count("pk", distinct=True), e=Count("enterprises", distinct=True)
    )
    if unknown["b"]:
        label = _("Month unknown (date inferred)")
        by_month.append(ActivityRow("unknown", label, unknown["b"], unknown["e"]))
    return ActivityReport(
        start=start,
        end=end,
        batches=activities.count(),
        enterprises=through.values("enterprise_id").distinct().count(),
        by_leader=by_leader,
        by_month=by_month,
    )


@dataclass
class StageRow:
    name: str
    signed: int
    signed_amount: Decimal
    started: int
    started_amount: Decimal
    completed: int
    completed_amount: Decimal
    upgrades: int


class StageRows(list):
    """The rows of ``project_report``, with ``left_out``: the projects whose stage dates are inferred or
    samples, counted in no period (the page says so under the table)."""

    left_out: int = 0


def project_report(start: dt.date, end: dt.date, *, by: str = "chain", user=None) -> StageRows:
    """Signings, starts and completions in [start, end] with their amounts (亿元), per chain or per park.

    ``upgrades`` counts the signings that were capacity upgrades or capital increases (not new projects).
    A project whose stage dates are not real (``dates_provenance``) is in no period: 国电投's 23 亿元 is not
    "signed in 2021" on the strength of a sample date."""
    group = {"chain": "chain__name", "park": "park__name"}[by]
    projects = InvestmentProject.objects.all()
    if user is not None:
        projects = projects.visible_to(user)
    left_out = projects.exclude(dates_provenance=Provenance.REAL).count()
    projects = projects.filter(dates_provenance=Provenance.REAL)
    aggregates = {}
    for stage in REPORTED_STAGES:
        in_period = Q(**{f"{STAGE_FIELDS[stage]}__range": (start, end)})
        aggregates[stage] = Count("pk", filter=in_period)
        aggregates[f"{stage}_amount"] = Sum("amount_yi", filter=in_period)
    aggregates["upgrades"] = Count("pk", filter=Q(signed_on__range=(start, end)) & ~Q(project_type="new"))
    # The projects without a chain or park (—) last on every database (SQLite sorts NULL first).
    rows = projects.order_by().values(group).annotate(**aggregates).order_by(F(group).asc(nulls_last=True))
    zero = Decimal("0.00")
    result = StageRows(
        StageRow(
            name=row[group] or "—",
            upgrades=row["upgrades"],
            **{stage: row[stage] for stage in REPORTED_STAGES},
            **{f"{stage}_amount": row[f"{stage}_amount"] or zero for stage in REPORTED_STAGES},
        )
        for row in rows
        if any(row[stage] for stage in REPORTED_STAGES)
    )
    result.left_out = left_out
    return result


def latest_report_year(user=None) -> int:
    """The latest year in which ``user`` sees an activity or a project's signing, start or completion:
    the report opens on it (an empty current year would show nothing). The current year when none.
    Only dates the report counts (``COUNTED_DATES``; a project's stages when real) choose the year."""
    activities = InvestmentActivity.objects.filter(date_provenance__in=COUNTED_DATES)
    projects = InvestmentProject.objects.filter(dates_provenance=Provenance.REAL)
    if user is not None:
        activities, projects = activities.restrict(user, "view"), projects.visible_to(user)
    dates = [activities.aggregate(latest=Max("date"))["latest"]]
    latest = projects.order_by().aggregate(**{stage: Max(STAGE_FIELDS[stage]) for stage in REPORTED_STAGES})
    dates += latest.values()
    known = [day for day in dates if day is not None]
    return max(known).year if known else timezone.localdate().year
