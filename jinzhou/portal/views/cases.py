"""/portal/cases/: the list behind a number of the leaders' dashboard (e.g. a chain's red cases),
in the visitor's scope, worst first, paginated. For those who see the dashboard; 404 for others."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jinzhou.portal.forms import CasesBehindForm
from jinzhou.portal.selectors import cases_behind_number, may_see_dashboard
from jinzhou.portal.views.common import portal_login_required

PER_PAGE = 50


@portal_login_required
def cases_view(request: HttpRequest) -> HttpResponse:
    if not may_see_dashboard(request.user):
        raise Http404
    form = CasesBehindForm(request.GET)
    problems = form.problems()
    cases = cases_behind_number(request.user, behind=form.behind(), filters=form.filters())
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "problems": problems,
        "page": page,
        "cases": page.object_list,
        "nav": "dashboard",
    }
    return render(request, "portal/cases.html", context, status=400 if problems else 200)
