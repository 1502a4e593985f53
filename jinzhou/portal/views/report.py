"""An enterprise reports a bottleneck (堵点, 断点, 卡脖子) in a short form, with its files; it is submitted
to the office at once."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chains.services import report_bottleneck
from jinzhou.casework.forms import REFUSALS, apply_refusal
from jinzhou.org.selectors import actor_for
from jinzhou.portal.forms import BottleneckReportForm
from jinzhou.portal.views.common import portal_login_required


@portal_login_required
def report_bottleneck_view(request: HttpRequest) -> HttpResponse:
    enterprise_id = actor_for(request.user).enterprise_id
    form = BottleneckReportForm(request.POST or None, request.FILES or None, enterprise_id=enterprise_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = report_bottleneck(
                actor=request.user,
                title=data["title"],
                description=data.get("description", ""),
                chain=data["chain"],
                bottleneck_kind=data["bottleneck_kind"],
                attachments=data.get("attachments") or (),
                submit=True,
            )
        except REFUSALS as error:
            # A refused file refuses the report; what was typed stays in the form.
            apply_refusal(form, error, {"file": "attachments"})
        else:
            messages.success(
                request,
                _("%(reference)s reported. The office will accept it and assign it to a department.")
                % {"reference": case.reference},
            )
            return HttpResponseRedirect(reverse("portal:case", args=[case.pk]))
    # A browser never fills a file input again: after a refusal the reporter is told to choose them again.
    files_again = request.method == "POST" and bool(request.FILES)
    return render(request, "portal/report.html", {"form": form, "nav": "report", "files_again": files_again})
