"""``/cases/<id>/go/``: the one link a notification carries, opening the page the visitor may use.

The office (and a system administrator) works in the admin; everyone else (leaders, chain-leader
departments' staff, enterprises) in the portal, whether or not their account may also open the admin.
A notice is written once for all its recipients, so the choice is made when it is opened.
A case outside the visitor's scope is a 404, as everywhere.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from jinzhou.casework.exceptions import CaseNotFound
from jinzhou.casework.services.cases import get_case_for
from jinzhou.casework.services.handoffs import staff_page_url
from jinzhou.org.selectors import actor_for
from jinzhou.portal.views.common import portal_login_required


@portal_login_required
def case_go(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = get_case_for(request.user, pk)
    except CaseNotFound:
        raise Http404 from None
    actor = actor_for(request.user)
    works_in_admin = request.user.is_staff and (actor.is_superuser or actor.is_office)
    target = staff_page_url(case) if works_in_admin else ""
    return HttpResponseRedirect(target or reverse("portal:case", args=[case.pk]))
