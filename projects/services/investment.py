"""Investment attraction (招商): recording activities and leads, and opening investment projects."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import Source
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.inputs import deadline_from
from jinzhou.casework.services import open_case
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for, is_staff_of
from projects.choices import COMMERCE_BUREAU, LeadStatus, ProjectType
from projects.models import InvestmentActivity, InvestmentLead, InvestmentProject
from projects.models.investment import name_key
from projects.services.common import bureau


def _may_record(user) -> bool:
    # Activities are organised by the office, the bureaus, the counties and zones, and led by task-force leaders.
    who = actor_for(user)
    return who.is_office or who.department_id is not None or Role.TASK_FORCE_LEADER in who.roles


def check_may_record_activity(actor) -> None:
    if not _may_record(actor):
        raise ActionRefused(_("Investment activities are recorded by the office, departments and task-force leaders."))


def record_activity(
    *,
    actor,
    date: dt.date,
    title: str,
    activity_kind: str,
    leader_level: str,
    leader_name: str = "",
    destination_province: str = "",
    destination_city: str = "",
    department=None,
    industry=None,
    chains=(),
    enterprises=(),
    outcome: str = "",
) -> InvestmentActivity:
    """Record one activity batch (招商活动) and the enterprises met."""
    check_may_record_activity(actor)
    if department is None and actor_for(actor).department_id:
        department = actor_for(actor).department_id
    if date and date > timezone.localdate():
        raise ValidationError({"date": _("An activity is recorded after it took place; the date is in the future.")})
    with transaction.atomic():
        activity = InvestmentActivity(
            date=date,
            title=(title or "").strip(),
            activity_kind=activity_kind,
            leader_level=leader_level,
            leader_name=leader_name,
            destination_province=destination_province,
            destination_city=destination_city,
            department_id=getattr(department, "pk", department),
            industry=industry,
            outcome=outcome,
            created_by=actor,
        )
        activity.full_clean()
        activity._history_user = actor
        activity.save()
        activity.chains.set(chains)
        activity.enterprises.set(enterprises)
    return activity


def record_lead(
    *,
    actor,
    title: str,
    enterprise=None,
    activity=None,
    chain=None,
    industry=None,
    estimated_amount_yi: Decimal | None = None,
    department=None,
    notes: str = "",
) -> InvestmentLead:
    """Record a lead (线索) to follow up."""
    if not _may_record(actor):
        raise ActionRefused(_("Investment leads are recorded by the office, departments and task-force leaders."))
    lead = InvestmentLead(
        title=(title or "").strip(),
        enterprise=enterprise,
        activity=activity,
        chain=chain,
        industry=industry or (chain.industry if chain else None),
        estimated_amount_yi=estimated_amount_yi,
        department_id=getattr(department, "pk", department) or actor_for(actor).department_id,
        notes=notes,
        status=LeadStatus.NEW,
    )
    lead.full_clean()
    lead._history_user = actor
    lead.save()
    return lead


def double_counting_message(existing: InvestmentProject) -> str:
    return _(
        "%(enterprise)s's project “%(title)s” is already recorded as %(reference)s: a second new project would "
        "count the same signing twice. If this is a capacity upgrade or a capital increase, mark it as such."
    ) % {"enterprise": existing.enterprise, "title": existing.title, "reference": existing.reference}


def create_investment_project(
    *,
    actor,
    title: str,
    enterprise,
    amount_yi: Decimal | None = None,
    department=None,
    chain=None,
    park=None,
    project_type: str = ProjectType.NEW,
    pitched_on: dt.date | None = None,
    due_date=None,
    due_in_working_days=None,
    lead: InvestmentLead | None = None,
    description: str = "",
    **fields,
) -> InvestmentProject:
    """Open an investment project at the pitched stage (推介), its next planned date as the deadline.

    The same enterprise's same project is counted once as a new project (a database constraint
    guards it too); a capacity upgrade or capital increase is entered with that ``project_type``."""
    department = department or bureau(COMMERCE_BUREAU)
    commerce = bureau(COMMERCE_BUREAU)
    if not (is_staff_of(actor, department) or is_staff_of(actor, commerce)):
        raise ActionRefused(
            _("Investment projects are entered by the commerce bureau, the responsible department or the office.")
        )
    if project_type == ProjectType.NEW and enterprise is not None:
        existing = InvestmentProject.objects.filter(
            enterprise=enterprise, name_key=name_key(title), project_type=ProjectType.NEW
        ).first()
        if existing is not None:
            raise ValidationError({"title": double_counting_message(existing)})
    due_at = None
    if due_date not in (None, "") or due_in_working_days not in (None, ""):
        due_at = deadline_from(due_date=due_date, due_in_working_days=due_in_working_days)
    try:
        with transaction.atomic():
            project = open_case(
                model=InvestmentProject,
                actor=actor,
                title=title,
                description=description,
                due_at=due_at,
                enterprises=[enterprise] if enterprise is not None else (),
                enterprise=enterprise,
                amount_yi=amount_yi,
                chain=chain,
                park=park,
                project_type=project_type,
                pitched_on=pitched_on or timezone.localdate(),
                responsible_department=department,
                assigned_by=actor,
                assigned_at=timezone.now(),
                source=Source.DEPARTMENT,
                **fields,
            )
    except IntegrityError:
        # Another clerk entered the same project a moment ago: the constraint caught what the check could not.
        existing = InvestmentProject.objects.filter(
            enterprise=enterprise, name_key=name_key(title), project_type=ProjectType.NEW
        ).first()
        if existing is None:
            raise
        raise ValidationError({"title": double_counting_message(existing)}) from None
    if lead is not None:
        lead.project = project
        lead.status = LeadStatus.CONVERTED
        lead._history_user = actor
        lead.save()
    return project
