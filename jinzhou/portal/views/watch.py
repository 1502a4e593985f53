"""我关注的: the leaders' short list of red cases and unacknowledged supervision notices in their scope."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.portal.selectors import may_watch, watch_counts, watched_cases
from jinzhou.portal.views.common import portal_login_required
from jinzhou.portal.views.todos import known_count_paginator

PER_PAGE = 30


@portal_login_required
def watch_view(request: HttpRequest) -> HttpResponse:
    if not may_watch(request.user):
        raise Http404(_("This list is kept for the leading group and the task-force leaders."))
    now = timezone.now()
    counts = watch_counts(request.user, now=now)
    paginator: Paginator = known_count_paginator(watched_cases(request.user, now=now), PER_PAGE, counts["total"])
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "cases": page.object_list, "counts": counts, "nav": "watch"}
    return render(request, "portal/watch.html", context)
