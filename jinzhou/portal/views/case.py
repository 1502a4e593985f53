"""The case page: details, timeline, comments, attachments, and the actions the visitor may take.

What the page offers is the engine's presenter (``casework.presenter``), the same as the admin's
change page; this module only chooses the panels the portal draws and gives its URLs. Each action
posts to its own URL and calls exactly one service; a refusal comes back as a message and as errors
on the same form, with the input kept; the version the visitor saw is posted with every status
change, so a stale page gets the conflict message instead of overwriting.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chains.models import ChainTask
from jinzhou.casework.forms import TransitionForm, not_done_message
from jinzhou.casework.models import Case
from jinzhou.casework.notices import notice_response
from jinzhou.casework.presenter import Panel, download, panels_for, present, staff_json
from jinzhou.casework.services import get_case_for
from jinzhou.portal.views.chain_report import figures_link
from jinzhou.portal.views.common import portal_login_required
from jinzhou.portal.views.self_assessment import refused_submission_message, self_assessment_link
from meetings.models import Decision, Meeting

# The panels the portal draws (the office's supervision tools stay in the admin).
PORTAL_PANELS = ("comment", "attach", "extension", "ack", "progress")


class PortalUrls:
    def transition(self, case, action: str) -> str:
        return reverse("portal:transition", args=[case.pk, action])

    def panel(self, case, name: str) -> str:
        return reverse("portal:panel", args=[case.pk, name])

    def download(self, case, attachment) -> str:
        return reverse("portal:download", args=[case.pk, attachment.pk])

    def notice(self, case, notice, fmt: str) -> str:
        return reverse("portal:notice", args=[case.pk, notice.pk, fmt])

    def staff(self, case) -> str:
        return reverse("portal:staff", args=[case.pk, 0]).removesuffix("0/")


def portal_panels(case: Case) -> dict[str, Panel]:
    return {name: panel for name, panel in panels_for(case.kind).items() if name in PORTAL_PANELS}


def load_case(request: HttpRequest, pk: int) -> Case:
    """The case as its kind, if the visitor may see it; otherwise ``CaseNotFound`` (a 404)."""
    return get_case_for(request.user, pk).as_kind()


def case_url(case: Case) -> str:
    return reverse("portal:case", args=[case.pk])


def decided_at(task: ChainTask, user) -> dict | None:
    """The meeting a chain task was decided at (议定事项), linked where the visitor may open it."""
    decision = Decision.objects.filter(task_id=task.pk).select_related("meeting").first()
    if decision is None:
        return None
    visible = Meeting.objects.restrict(user, "view").filter(pk=decision.meeting_id).exists()
    return {"meeting": decision.meeting, "visible": visible}


def case_context(request: HttpRequest, case: Case, bound: dict | None = None) -> dict:
    """Everything the case page shows, with the forms the visitor may use (the one just posted,
    with its errors and input, in place of a fresh one)."""
    page = present(request, case, panels=portal_panels(case), urls=PortalUrls(), bound=bound)
    return {
        **page.as_context(),
        "is_task": isinstance(case, ChainTask),
        "self_assessment": self_assessment_link(case, request.user),
        "figures": figures_link(case, request.user),
        "decided_at": decided_at(case, request.user) if isinstance(case, ChainTask) else None,
    }


@portal_login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk)
    return render(request, "portal/case.html", case_context(request, case))


def _rerender(request: HttpRequest, case: Case, form) -> HttpResponse:
    """The case page again, with the posted form (its input and errors) in place of a fresh one."""
    messages.error(request, not_done_message(form))
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
    form = TransitionForm(step, request.POST, case=case)
    updated, message = form.submit(case, request.user)
    if updated is not None:
        messages.success(request, message)
        return HttpResponseRedirect(case_url(updated))
    refused_submission_message(request, case, action)
    return _rerender(request, case, form)


@require_POST
@portal_login_required
def panel_view(request: HttpRequest, pk: int, panel: str) -> HttpResponse:
    case = load_case(request, pk)
    spec = portal_panels(case).get(panel)
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
    return download(get_case_for(request.user, pk), attachment_id)


@portal_login_required
def notice_view(request: HttpRequest, pk: int, notice_id: int, fmt: str) -> HttpResponse:
    """A supervision notice (督办单) as Word or PDF, for its addressee and the office."""
    case = get_case_for(request.user, pk)
    return notice_response(request, case, notice_id, fmt, back=case_url(case))


@portal_login_required
def staff_view(request: HttpRequest, pk: int, department_id: int) -> JsonResponse:
    """The people a step of this case may make responsible, for the page's script (casework/people.js)."""
    return staff_json(load_case(request, pk), request.user, department_id)
