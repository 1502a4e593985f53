"""The case page: details, timeline, comments, attachments, and the actions the visitor may take.

Each action posts to its own URL and calls exactly one service, as the admin's buttons do (the
forms and panel handlers are the admin's, see ``casework.admin.panels``). A refusal comes back as a
message and as errors on the same form, with the input kept; the version the visitor saw is posted
with every status change, so a stale page gets the conflict message instead of overwriting.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chains.models import ChainTask
from chains.services import REPORTING_STATES, report_progress
from jinzhou.casework.admin.forms import error_texts
from jinzhou.casework.admin.panels import PANELS, Panel
from jinzhou.casework.choices import ExtensionStatus
from jinzhou.casework.models import Attachment, Case
from jinzhou.casework.permissions import relations
from jinzhou.casework.selectors import light_of
from jinzhou.casework.services import available_transitions, get_case_for
from jinzhou.casework.services.supervision import may_acknowledge_escalation
from jinzhou.portal.forms import (
    AttachmentForm,
    CommentForm,
    ExtensionRequestForm,
    ProgressForm,
    TransitionForm,
)
from jinzhou.portal.views.common import portal_login_required


def _report_progress(request: HttpRequest, case, form: ProgressForm) -> str:
    if not isinstance(case, ChainTask):
        raise Http404
    report = report_progress(
        case, actor=request.user, percent=form.cleaned_data.get("percent"), text=form.cleaned_data.get("text", "")
    )
    return _("Progress %(percent)d%% reported.") % {"percent": report.percent}


# The admin's panels that the portal offers, plus the chain tasks' progress report.
PORTAL_PANELS: dict[str, Panel] = {
    **{name: PANELS[name] for name in ("comment", "attach", "extension", "ack")},
    "progress": Panel(ProgressForm, _report_progress),
}


def load_case(request: HttpRequest, pk: int) -> Case:
    """The case as its kind, if the visitor may see it; otherwise ``CaseNotFound`` (a 404)."""
    return get_case_for(request.user, pk).as_kind()


def case_url(case: Case) -> str:
    return reverse("portal:case", args=[case.pk])


def case_context(request: HttpRequest, case: Case, bound: dict | None = None) -> dict:
    """Everything the case page shows, with the forms the visitor may use (the one just posted,
    with its errors and input, in place of a fresh one)."""
    bound = bound or {}
    user = request.user
    mine = relations(case, user)
    version = case.version

    def form(name, factory):
        return bound.get(name) or factory()

    transitions = [
        {
            "step": step,
            "form": form(f"t-{step.action}", lambda step=step: TransitionForm(step, initial={"version": version})),
            "url": reverse("portal:transition", args=[case.pk, step.action]),
        }
        for step in available_transitions(case, user)
    ]
    extensions = list(case.extensions.select_related("requested_by", "decided_by"))
    pending = next((item for item in extensions if item.status == ExtensionStatus.PENDING), None)
    may_request = (
        bool(mine & {"responsible", "office"})
        and case.status in case.spec.workflow.deadline_states
        and case.due_at is not None
        and pending is None
    )
    escalations = [
        {"notice": notice, "may_acknowledge": not notice.acknowledged_at and may_acknowledge_escalation(notice, user)}
        for notice in case.escalations.select_related("issued_by", "acknowledged_by", "target_department")
    ]
    context = {
        "case": case,
        "light": light_of(case),
        "transitions": transitions,
        "timeline": case.events.select_related("actor").order_by("at", "id"),
        "comments": case.comments.select_related("author"),
        "comment_form": form("comment", CommentForm) if case.is_open else None,
        "attachments": case.attachments.select_related("uploaded_by"),
        "attach_form": form("attach", AttachmentForm) if case.is_open else None,
        "extensions": extensions,
        "extension_form": form("extension", ExtensionRequestForm) if may_request else None,
        "escalations": escalations,
        "co_handlings": case.co_handlings.select_related("department"),
        "panel_url": {name: reverse("portal:panel", args=[case.pk, name]) for name in PORTAL_PANELS},
        "is_task": isinstance(case, ChainTask),
    }
    if isinstance(case, ChainTask):
        may_report = case.status in REPORTING_STATES and "responsible" in mine
        context["progress_reports"] = case.reports.select_related("reported_by")
        context["progress_form"] = form("progress", ProgressForm) if may_report else None
    return context


@portal_login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    return render(request, "portal/case.html", case_context(request, case))


def _rerender(request: HttpRequest, case: Case, form) -> HttpResponse:
    """The case page again, with the posted form (its input and errors) in place of a fresh one."""
    texts = error_texts(form) or [_("check the form below.")]
    messages.error(request, _("Not done: %(errors)s") % {"errors": "；".join(texts)})
    # Reload: a refused step may still have changed nothing, but another visitor may have.
    case = get_case_for(request.user, case.pk).as_kind()
    return render(request, "portal/case.html", case_context(request, case, {form.prefix: form}))


@require_POST
@portal_login_required
def transition_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = load_case(request, pk)
    step = case.spec.workflow.transition(action)
    if step is None:
        raise Http404
    form = TransitionForm(step, request.POST)
    updated, message = form.submit(case, request.user)
    if updated is not None:
        messages.success(request, message)
        return HttpResponseRedirect(case_url(updated))
    return _rerender(request, case, form)


@require_POST
@portal_login_required
def panel_view(request: HttpRequest, pk: int, panel: str) -> HttpResponse:
    case = load_case(request, pk)
    spec = PORTAL_PANELS.get(panel)
    if spec is None:
        raise Http404
    form, message = spec.submit(request, case)
    if message is not None:
        messages.success(request, message)
        return HttpResponseRedirect(case_url(case))
    return _rerender(request, case, form)


@portal_login_required
def download_view(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment, only to a visitor who may see its case (the files are never served directly)."""
    case = get_case_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, case_id=case.pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file is missing from storage.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
