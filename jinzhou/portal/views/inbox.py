"""The notification inbox: the visitor's own notifications, newest first, with mark-as-read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jinzhou import params
from jinzhou.notifications.selectors import notifications_for
from jinzhou.notifications.services import mark_all_read, mark_read
from jinzhou.portal.views.common import portal_login_required

PER_PAGE = 30


@portal_login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    notifications = notifications_for(request.user).select_related("case").order_by("-created_at", "-id")
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/inbox.html",
        {
            "page": page,
            "notifications": page.object_list,
            "only_unread": bool(request.GET.get("unread")),
            "nav": "inbox",
        },
    )


@require_POST
@portal_login_required
def mark_read_view(request: HttpRequest) -> HttpResponse:
    if request.POST.get("all"):
        changed = mark_all_read(actor=request.user)
    else:
        changed = mark_read(params.ids(request.POST.getlist("ids")), actor=request.user)
    messages.success(
        request,
        ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", changed) % {"n": changed},
    )
    return HttpResponseRedirect(reverse("portal:inbox"))
