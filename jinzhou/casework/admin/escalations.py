"""Issuing supervision notices (督办单) from a case list: the action ``issue_notices``.

The office chooses the level, the addressee and the reason once, sees the cases and the notice on a
confirmation page, then one notice per case is issued, each through ``escalate`` (which checks the
case's scope and state); the cases it refuses are reported with its reasons, the others go ahead."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinzhou.casework.choices import EscalationLevel, EscalationTarget
from jinzhou.casework.forms import REFUSALS, EscalationForm, apply_refusal, refusal_texts
from jinzhou.casework.inputs import check_notice
from jinzhou.casework.services import escalate


class NoticeForm(EscalationForm):
    """The panel's form (same prefix, so the case page posts its fields straight to the confirmation)."""

    def __init__(self, *args, actor=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["reason"].widget.attrs["required"] = True

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            # The service's own check, once for every case, so a blank reason is one error here.
            try:
                check_notice(actor=self.actor, **self.data_for_service())
            except REFUSALS as error:
                apply_refusal(self, error)
        return cleaned


@admin.action(
    description=gettext_lazy("Issue supervision notices (督办单) for the selected cases"), permissions=["escalate"]
)
def issue_notices(model_admin, request: HttpRequest, queryset: QuerySet):
    step = next((name for name in ("issue", "preview", "edit") if name in request.POST), None)
    form = NoticeForm(request.POST if step else None, actor=request.user)
    cases = list(queryset)
    # Issued from a case's page: back to that page afterwards, not to the list.
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if step == "issue" and form.is_valid():
        issued, refused = [], []
        for case in cases:
            try:
                notice = escalate(case, actor=request.user, **form.data_for_service())
            except REFUSALS as error:
                refused.append(f"{case.reference}：{'；'.join(refusal_texts(error))}")
            else:
                issued.append(f"{case.reference}（{notice.notice_number}）")
        if issued:
            messages.success(
                request,
                _("%(count)d supervision notice(s) issued: %(cases)s")
                % {"count": len(issued), "cases": "、".join(issued)},
            )
        for line in refused:
            messages.error(request, _("Not issued: %(refusal)s") % {"refusal": line})
        return HttpResponseRedirect(next_url) if next_url else None
    confirm = step == "preview" and form.is_valid()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Confirm the supervision notices") if confirm else _("Issue supervision notices"),
        "opts": model_admin.opts,
        "form": form,
        "confirm": confirm,
        "notice": {
            "level": EscalationLevel(form.cleaned_data["level"]).label,
            "target": EscalationTarget(form.cleaned_data["target"]).label,
            "reason": form.cleaned_data["reason"],
        }
        if confirm
        else None,
        "cases": cases,
        "action_name": "issue_notices",
        "next_url": next_url,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/casework/bulk_escalate.html", context)
