"""我上报的: an enterprise's users follow every case their enterprise reported or takes part in."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jinzhou.portal.selectors import may_report_bottleneck, reported_cases
from jinzhou.portal.views.common import portal_login_required

PER_PAGE = 30
# The ``state`` filter's values: every case, the open ones, the closed ones.
STATES = {"": None, "open": False, "closed": True}


@portal_login_required
def reported_view(request: HttpRequest) -> HttpResponse:
    if not may_report_bottleneck(request.user):
        raise Http404(_("Only an enterprise's users have cases they reported."))
    state = request.GET.get("state", "")
    problems = []
    if state not in STATES:
        problems.append(_("Show every case, the open ones or the closed ones; all are shown."))
        state = ""
    page = Paginator(reported_cases(request.user, closed=STATES[state]), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cases": page.object_list,
        "state": state,
        "states": [("", _("All")), ("open", _("Open")), ("closed", _("Closed"))],
        "problems": problems,
        "nav": "reported",
    }
    return render(request, "portal/reported.html", context, status=400 if problems else 200)
