"""The panels of a case's admin page: what each shows, who sees its form, and which service it calls.

A panel's form posts to ``<id>/panel/<name>/``; the handler calls exactly one service and returns
the success message. Whether a form is shown mirrors the service's own rule (``relations``,
``may_decide_extension``, …) only to avoid offering a button that would be refused; the service
still decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jinzhou.casework.admin.forms import (
    AcknowledgeForm,
    AttachmentForm,
    CoHandlerForm,
    CommentForm,
    EscalationForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
    ServiceForm,
    TransitionForm,
)
from jinzhou.casework.choices import ExtensionStatus
from jinzhou.casework.exceptions import CaseError
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import (
    acknowledge_escalation,
    add_co_handler,
    add_comment,
    attach_file,
    available_transitions,
    decide_extension,
    escalate,
    give_co_handling_feedback,
    request_extension,
)
from jinzhou.casework.services.supervision import may_acknowledge_escalation, may_decide_extension
from jinzhou.org.selectors import actor_for


@dataclass(frozen=True)
class Panel:
    form_class: type[ServiceForm]
    run: Callable[[HttpRequest, object, ServiceForm], str]

    def submit(self, request: HttpRequest, case) -> tuple[ServiceForm, str | None]:
        """Bind the posted form and run the panel's service: the form and the success message, or
        the form carrying the service's refusal (and ``None``), for the admin and the portal alike."""
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return form, None
        try:
            return form, self.run(request, case, form)
        except ValidationError as error:
            form.apply_service_error(error)
        except CaseError as error:
            form.add_error(None, error.message)
        except ObjectDoesNotExist:
            form.add_error(None, _("That item does not belong to this case."))
        return form, None


# --- handlers: one service call each ---------------------------------------------------------------
def _comment(request, case, form) -> str:
    add_comment(case, actor=request.user, text=form.cleaned_data.get("text", ""))
    return _("Comment added.")


def _attach(request, case, form) -> str:
    upload = form.cleaned_data.get("file")
    if not upload:
        raise ValidationError({"file": _("Choose a file to upload.")})
    attachment = attach_file(case, actor=request.user, upload=upload)
    return _("Attached %(name)s.") % {"name": attachment.original_name}


def _request_extension(request, case, form) -> str:
    request_extension(
        case,
        actor=request.user,
        new_due_date=form.cleaned_data.get("new_due_date"),
        reason=form.cleaned_data.get("reason", ""),
    )
    return _("Extension requested.")


def _decide_extension(request, case, form) -> str:
    extension = case.extensions.get(pk=form.cleaned_data["target"])
    approve = form.cleaned_data.get("decision") == "approve"
    decide_extension(
        extension,
        actor=request.user,
        approve=approve,
        note=form.cleaned_data.get("note", ""),
        version=form.cleaned_data["version"],
    )
    return _("Extension approved.") if approve else _("Extension rejected.")


def _escalate(request, case, form) -> str:
    notice = escalate(case, actor=request.user, **form.data_for_service())
    return _("Supervision notice %(number)s issued.") % {"number": notice.notice_number}


def _acknowledge(request, case, form) -> str:
    notice = acknowledge_escalation(case.escalations.get(pk=form.cleaned_data["target"]), actor=request.user)
    return _("Supervision notice %(number)s acknowledged.") % {"number": notice.notice_number}


def _add_co_handler(request, case, form) -> str:
    co_handling = add_co_handler(case, actor=request.user, **form.data_for_service())
    return _("%(department)s added as co-handler.") % {"department": co_handling.department}


def _feedback(request, case, form) -> str:
    co_handling = case.co_handlings.get(pk=form.cleaned_data["target"])
    give_co_handling_feedback(co_handling, actor=request.user, text=form.cleaned_data.get("feedback", ""))
    return _("Feedback recorded.")


PANELS: dict[str, Panel] = {
    "comment": Panel(CommentForm, _comment),
    "attach": Panel(AttachmentForm, _attach),
    "extension": Panel(ExtensionRequestForm, _request_extension),
    "decide": Panel(ExtensionDecisionForm, _decide_extension),
    "escalate": Panel(EscalationForm, _escalate),
    "ack": Panel(AcknowledgeForm, _acknowledge),
    "cohandler": Panel(CoHandlerForm, _add_co_handler),
    "feedback": Panel(FeedbackForm, _feedback),
}


# --- what the page shows -----------------------------------------------------------------------------
def admin_url(case_model, name: str, *args) -> str:
    opts = case_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def _form(bound: dict, name: str, factory: Callable[[], ServiceForm]) -> ServiceForm:
    """The form the visitor just posted (with its errors and input) if any, else a fresh one."""
    return bound.get(name) or factory()


def build_panels(request: HttpRequest, case, bound: dict) -> dict:
    """The change page's context: transitions, timeline, comments, attachments, extensions,
    escalations and co-handlers, with the forms the visitor may use."""
    user = request.user
    model = type(case)
    mine = relations(case, user)
    department_id = actor_for(user).department_id
    version = case.version

    transitions = []
    for step in available_transitions(case, user):
        form = _form(bound, f"t-{step.action}", lambda step=step: TransitionForm(step, initial={"version": version}))
        transitions.append({"step": step, "form": form, "url": admin_url(model, "transition", case.pk, step.action)})

    extensions = list(case.extensions.select_related("requested_by", "decided_by"))
    pending = next((item for item in extensions if item.status == ExtensionStatus.PENDING), None)
    may_request = (
        bool(mine & {"responsible", "office"})
        and case.status in case.spec.workflow.deadline_states
        and case.due_at is not None
        and pending is None
    )
    decision_form = None
    if pending is not None and may_decide_extension(case, user):
        decision_form = _form(
            bound, "decide", lambda: ExtensionDecisionForm(initial={"version": version, "target": pending.pk})
        )

    escalations = [
        {"notice": notice, "may_acknowledge": not notice.acknowledged_at and may_acknowledge_escalation(notice, user)}
        for notice in case.escalations.select_related("issued_by", "acknowledged_by", "target_department")
    ]

    co_handlings = list(case.co_handlings.select_related("department", "feedback_by"))
    mine_co = next((item for item in co_handlings if department_id and item.department_id == department_id), None)
    feedback_form = None
    if mine_co is not None and case.is_open:
        feedback_form = _form(
            bound, "feedback", lambda: FeedbackForm(initial={"target": mine_co.pk, "feedback": mine_co.feedback})
        )

    attachments = [
        {"item": item, "url": admin_url(model, "attachment", case.pk, item.pk)}
        for item in case.attachments.select_related("uploaded_by")
    ]
    return {
        "version": version,
        "panel_url": {name: admin_url(model, "panel", case.pk, name) for name in PANELS},
        "transitions": transitions,
        "timeline": case.events.select_related("actor").order_by("at", "id"),
        "comments": case.comments.select_related("author"),
        "comment_form": _form(bound, "comment", CommentForm),
        "attachments": attachments,
        "attach_form": _form(bound, "attach", AttachmentForm),
        "extensions": extensions,
        "extension_form": _form(bound, "extension", ExtensionRequestForm) if may_request else None,
        "decision_form": decision_form,
        "pending_extension": pending,
        "escalations": escalations,
        "escalate_form": _form(bound, "escalate", EscalationForm) if "office" in mine and case.is_open else None,
        "co_handlings": co_handlings,
        "co_handler_form": (
            _form(bound, "cohandler", CoHandlerForm) if mine & {"office", "responsible"} and case.is_open else None
        ),
        "feedback_form": feedback_form,
    }
