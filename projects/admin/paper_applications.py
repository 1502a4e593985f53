"""The challenge page's paper application (纸质申请): the bureau types in an application a unit handed in
on paper. The applicant is the lead unit chosen; ``submitted_by`` records the clerk. Same service as the
portal's and the API's (``submit_application``)."""

from django.utils.translation import gettext as _

from jinzhou.casework.permissions import relations
from jinzhou.casework.presenter import Panel
from projects.admin.forms import PaperApplicationForm
from projects.services import submit_application, window_is_open
from projects.services.common import BUREAU_RELATIONS


def may_register_paper_application(challenge, user, *, mine=None) -> bool:
    """The bureau in charge (or the office), while the challenge takes applications."""
    mine = relations(challenge, user) if mine is None else mine
    return bool(mine & BUREAU_RELATIONS) and window_is_open(challenge)


def _register(request, case, form) -> str:
    data = form.cleaned_data
    application = submit_application(
        case,
        actor=request.user,
        team=data.get("team", ""),
        plan=data.get("plan", ""),
        budget_wan=data.get("budget_wan", ""),
        lead_enterprise=data.get("lead_enterprise"),
        lead_institution=data.get("lead_institution"),
        partner_enterprises=data.get("partner_enterprises") or (),
        partner_institutions=data.get("partner_institutions") or (),
        attachments=data.get("attachments") or (),
    )
    return _("Paper application from %(unit)s registered.") % {"unit": application.lead_unit}


PAPER_APPLICATION_PANEL = Panel(
    PaperApplicationForm,
    _register,
    offered=lambda page: may_register_paper_application(page.case, page.user, mine=page.mine),
)
