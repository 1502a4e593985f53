"""``/cases/<id>/go/``: the one link a notification carries, opening the page the visitor may use.

Staff work in the admin, everyone else (chain-leader staff without admin access, enterprises) in the
portal; a notice is written once for all its recipients, so the choice is made when it is opened.
A case outside the visitor's scope is a 404, as everywhere.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from jinzhou.casework.exceptions import CaseNotFound
from jinzhou.casework.services.cases import get_case_for
from jinzhou.casework.services.handoffs import staff_page_url
from jinzhou.portal.views.common import portal_login_required


@portal_login_required
def case_go(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = get_case_for(request.user, pk)
    except CaseNotFound:
        raise Http404 from None
    target = staff_page_url(case) if request.user.is_staff else ""
    return HttpResponseRedirect(target or reverse("portal:case", args=[case.pk]))
