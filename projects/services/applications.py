"""申报: provincial award nominations and IP research topics."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jinzhou.casework.choices import Source
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.services import open_case
from jinzhou.org.selectors import actor_for, is_staff_of
from projects.choices import IP_OFFICE, SCIENCE_BUREAU, AwardCategory
from projects.models import AwardApplication
from projects.services.common import bureau


def department_for(category: str):
    """IP topics go to the IP office (市场监管局), S&T awards to the science and technology bureau."""
    return bureau(IP_OFFICE if category == AwardCategory.IP_TOPIC else SCIENCE_BUREAU)


def submit_award_application(
    *,
    actor,
    title: str,
    category: str,
    year: int,
    applicant_enterprise=None,
    applicant_institution=None,
    description: str = "",
    **fields,
) -> AwardApplication:
    """Submit a nomination or topic for the city's review. An enterprise's user submits for their own
    enterprise; the reviewing department (or the office) registers one for any unit."""
    if category not in AwardCategory.values:
        raise ValidationError({"category": _("Choose a valid category.")})
    department = department_for(category)
    who = actor_for(actor)
    if not is_staff_of(actor, department):
        if not who.enterprise_id:
            raise ActionRefused(
                _("Applications are submitted by the applicant enterprise or registered by the reviewing department.")
            )
        if applicant_institution is not None or getattr(applicant_enterprise, "pk", applicant_enterprise) not in (
            None,
            who.enterprise_id,
        ):
            raise ActionRefused(_("An enterprise's user applies only for their own enterprise."))
        applicant_enterprise = who.enterprise_id
    enterprise_id = getattr(applicant_enterprise, "pk", applicant_enterprise)
    if enterprise_id is None and applicant_institution is None:
        raise ValidationError({"applicant_enterprise": _("Name the applicant: an enterprise or an institution.")})
    return open_case(
        model=AwardApplication,
        actor=actor,
        title=title,
        description=description,
        category=category,
        year=year,
        applicant_enterprise_id=enterprise_id,
        applicant_institution=applicant_institution,
        reporter=actor,
        reporter_enterprise_id=enterprise_id,
        responsible_department=department,
        source=Source.ENTERPRISE if enterprise_id and who.enterprise_id else Source.DEPARTMENT,
        **fields,
    )
