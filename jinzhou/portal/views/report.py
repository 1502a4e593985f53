"""An enterprise reports a bottleneck (堵点) in a short form; it is submitted to the office at once."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chains.services import report_bottleneck
from jinzhou.casework.forms import REFUSALS, apply_refusal
from jinzhou.portal.forms import BottleneckReportForm
from jinzhou.portal.views.common import portal_login_required


@portal_login_required
def report_bottleneck_view(request: HttpRequest) -> HttpResponse:
    form = BottleneckReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = report_bottleneck(
                actor=request.user,
                title=data["title"],
                description=data.get("description", ""),
                chain=data["chain"],
                bottleneck_kind=data["bottleneck_kind"],
                submit=True,
            )
        except REFUSALS as error:
            apply_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(reference)s reported. The office will accept it and assign it to a department.")
                % {"reference": case.reference},
            )
            return HttpResponseRedirect(reverse("portal:case", args=[case.pk]))
    return render(request, "portal/report.html", {"form": form, "nav": "report"})
