"""我关注的: the leaders' short list of red cases and unacknowledged supervision notices in their scope."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.portal.selectors import WatchedRows, may_watch, watch_counts
from jinzhou.portal.views.common import portal_login_required

PER_PAGE = 30


@portal_login_required
def watch_view(request: HttpRequest) -> HttpResponse:
    if not may_watch(request.user):
        raise Http404(_("This list is kept for the leading group and the task-force leaders."))
    now = timezone.now()
    counts = watch_counts(request.user, now=now)
    listed = WatchedRows(request.user, counts["total"], now=now)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "cases": page.object_list, "counts": counts, "nav": "watch"}
    return render(request, "portal/watch.html", context)
