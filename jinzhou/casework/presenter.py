"""What a case page offers, built once: the admin and the portal only render it.

``present`` gathers, for the visitor: the workflow steps open to them, each with its form; the
records (timeline, comments, attachments, extensions, supervision notices, co-handlers); the notices
waiting for their acknowledgement; and the form of every panel they are offered. Whether a panel's
form is offered is its service's own ``may_<operation>`` (asked with the visitor's relations to the
case, computed once for the page); the service still decides when the form is posted, and
``Panel.submit`` brings its refusal back onto the same form. ``download`` serves a file only inside
the case's scope.

Panels are the engine's (``ENGINE_PANELS``: comments, files, extensions, supervision notices,
co-handling), a kind's shared ones (``register_panels``, from the kind's ``AppConfig.ready``, e.g. a
chain task's progress report), and an interface's own (the admin's review panels of a challenge).
Each interface chooses which panels it draws; what they offer is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jinzhou.casework.choices import ExtensionStatus
from jinzhou.casework.display import light_reason
from jinzhou.casework.forms import (
    REFUSALS,
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
    apply_refusal,
    staff_options,
)
from jinzhou.casework.models import Attachment
from jinzhou.casework.notices import print_links
from jinzhou.casework.page_notes import banners, latest_return, previous_text
from jinzhou.casework.permissions import relations
from jinzhou.casework.selectors import light_of
from jinzhou.casework.services import (
    acknowledge_escalation,
    add_co_handler,
    add_comment,
    attach_file,
    available_transitions,
    decide_extension,
    escalate,
    give_co_handling_feedback,
    may_acknowledge_escalation,
    may_add_co_handler,
    may_attach,
    may_comment,
    may_decide_extension,
    may_escalate,
    may_give_co_handling_feedback,
    may_print_notice,
    may_request_extension,
    request_extension,
)
from jinzhou.org.models import Department
from jinzhou.org.selectors import actor_for, person_related


class PageUrls(Protocol):
    """Where an interface's case page posts and downloads (the admin's and the portal's URLs differ)."""

    def transition(self, case, action: str) -> str: ...

    def notice(self, case, notice, fmt: str) -> str: ...

    def panel(self, case, name: str) -> str: ...

    def download(self, case, attachment: Attachment) -> str: ...


@dataclass
class CasePage:
    """Everything a case page shows the visitor, with the forms they may use."""

    case: object
    user: object
    # The visitor's relations to the case (``casework.permissions``): every ``may_`` below is asked with them.
    mine: frozenset[str]
    version: int
    light: str
    # Why the light is what it is, in one line (display.light_reason).
    light_reason: str = ""
    # What the top of the page tells first: the latest return, the latest extension decision.
    banners: list = field(default_factory=list)
    transitions: list[dict] = field(default_factory=list)
    timeline: QuerySet | None = None
    comments: QuerySet | None = None
    attachments: list[dict] = field(default_factory=list)
    extensions: list = field(default_factory=list)
    pending_extension: object = None
    escalations: list[dict] = field(default_factory=list)
    # The supervision notices waiting for the visitor's acknowledgement (签收).
    notices: list = field(default_factory=list)
    co_handlings: list = field(default_factory=list)
    # The visitor's department's co-handling of this case, if any.
    my_co_handling: object = None
    # Each panel's form: the one just posted (with its errors and input), a fresh one, or None when
    # the visitor is not offered it.
    forms: dict[str, ServiceForm | None] = field(default_factory=dict)
    panel_url: dict[str, str] = field(default_factory=dict)
    # What the panels show besides their forms (e.g. a chain task's progress reports).
    extra: dict = field(default_factory=dict)

    def as_context(self) -> dict:
        """The page as template context: its fields, each panel's form as ``<panel>_form``, and the
        panels' own data."""
        context = {name: getattr(self, name) for name in self.__dataclass_fields__}
        context.update({f"{name}_form": form for name, form in self.forms.items()})
        context.update(self.extra)
        return context


@dataclass(frozen=True)
class Panel:
    """One form of the case page besides the workflow's buttons, and the one service it calls."""

    form_class: type[ServiceForm]
    # Calls the service and returns the success message.
    run: Callable[[HttpRequest, object, ServiceForm], str]
    # Whether the visitor is offered the form: the service's ``may_<operation>``. None: always.
    offered: Callable[[CasePage], bool] | None = None
    # The unbound form (with its initial values); default: ``form_class()``.
    fresh: Callable[[CasePage], ServiceForm] | None = None
    # What the panel shows besides its form, merged into the page's context.
    context: Callable[[CasePage], dict] | None = None

    def submit(self, request: HttpRequest, case) -> tuple[ServiceForm, str | None]:
        """Bind the posted form and run the panel's service: the form and the success message, or
        the form carrying the service's refusal (and ``None``), for the admin and the portal alike."""
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return form, None
        try:
            return form, self.run(request, case, form)
        except REFUSALS as error:
            apply_refusal(form, error)
        except ObjectDoesNotExist:
            form.add_error(None, _("That item does not belong to this case."))
        return form, None


# --- the engine's panels: one service call each -------------------------------------------------------
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


ENGINE_PANELS: dict[str, Panel] = {
    "comment": Panel(CommentForm, _comment, offered=lambda page: may_comment(page.case, page.user)),
    "attach": Panel(AttachmentForm, _attach, offered=lambda page: may_attach(page.case, page.user)),
    "extension": Panel(
        ExtensionRequestForm,
        _request_extension,
        offered=lambda page: may_request_extension(
            page.case, page.user, mine=page.mine, pending=page.pending_extension
        ),
    ),
    "decide": Panel(
        ExtensionDecisionForm,
        _decide_extension,
        offered=lambda page: (
            page.pending_extension is not None and may_decide_extension(page.case, page.user, mine=page.mine)
        ),
        fresh=lambda page: ExtensionDecisionForm(
            initial={"version": page.version, "target": page.pending_extension.pk}
        ),
    ),
    "escalate": Panel(
        EscalationForm, _escalate, offered=lambda page: may_escalate(page.case, page.user, mine=page.mine)
    ),
    # Drawn as one button per notice waiting for the visitor.
    "ack": Panel(AcknowledgeForm, _acknowledge, offered=lambda page: bool(page.notices)),
    "cohandler": Panel(
        CoHandlerForm, _add_co_handler, offered=lambda page: may_add_co_handler(page.case, page.user, mine=page.mine)
    ),
    "feedback": Panel(
        FeedbackForm,
        _feedback,
        offered=lambda page: (
            page.my_co_handling is not None and may_give_co_handling_feedback(page.case, page.my_co_handling, page.user)
        ),
        fresh=lambda page: FeedbackForm(
            initial={"target": page.my_co_handling.pk, "feedback": page.my_co_handling.feedback}
        ),
    ),
}

_KIND_PANELS: dict[str, dict[str, Panel]] = {}


def register_panels(kind: str, panels: dict[str, Panel]) -> None:
    """Add a kind's own panels (called from its ``AppConfig.ready``), offered wherever its cases show."""
    clash = set(panels) & set(ENGINE_PANELS)
    if clash:
        raise ValueError(f"{kind}: panels {sorted(clash)} are the engine's")
    _KIND_PANELS.setdefault(kind, {}).update(panels)


def panels_for(kind: str) -> dict[str, Panel]:
    """The engine's panels and the kind's own."""
    return {**ENGINE_PANELS, **_KIND_PANELS.get(kind, {})}


# --- the page ------------------------------------------------------------------------------------------
def present(request: HttpRequest, case, *, panels: dict[str, Panel], urls: PageUrls, bound: dict | None = None):
    """The case page ``request.user`` gets: records, steps and the forms of ``panels`` they are offered.
    ``bound``: the form just posted and refused, by prefix, shown in place of a fresh one."""
    bound = bound or {}
    user = request.user
    mine = relations(case, user)
    version = case.version
    page = CasePage(case=case, user=user, mine=mine, version=version, light=light_of(case))
    staff_url = urls.staff(case) if hasattr(urls, "staff") else ""

    page.timeline = list(case.events.select_related("actor", *person_related("actor")).order_by("at", "id"))
    returned = latest_return(case, page.timeline)
    for step in available_transitions(case, user, mine=mine):
        form = bound.get(f"t-{step.action}") or TransitionForm(
            step,
            initial={"version": version, **previous_text(step, page.timeline, returned)},
            case=case,
            staff_url=staff_url,
        )
        page.transitions.append({"step": step, "form": form, "url": urls.transition(case, step.action)})

    page.comments = case.comments.select_related("author", *person_related("author"))
    page.attachments = [
        {"item": item, "url": urls.download(case, item)}
        for item in case.attachments.select_related("uploaded_by", *person_related("uploaded_by"))
    ]
    page.extensions = list(
        case.extensions.select_related(
            "requested_by", "decided_by", *person_related("requested_by"), *person_related("decided_by")
        )
    )
    page.pending_extension = next((item for item in page.extensions if item.status == ExtensionStatus.PENDING), None)
    page.banners = banners(case, page.timeline, page.extensions)
    page.light_reason = light_reason(case, page.light, pending_extension=page.pending_extension is not None)
    page.escalations = [
        {
            "notice": notice,
            "may_acknowledge": not notice.acknowledged_at and may_acknowledge_escalation(notice, user),
            # The printable 督办单 (Word, and PDF where the server converts), for the office and the addressee.
            "print": print_links(urls, case, notice) if may_print_notice(notice, user, mine=mine) else None,
        }
        for notice in case.escalations.select_related(
            "issued_by",
            "acknowledged_by",
            "target_department",
            *person_related("issued_by"),
            *person_related("acknowledged_by"),
        )
    ]
    page.notices = [item["notice"] for item in page.escalations if item["may_acknowledge"]]
    page.co_handlings = list(
        case.co_handlings.select_related("department", "feedback_by", *person_related("feedback_by"))
    )
    department_id = actor_for(user).department_id
    if department_id:
        page.my_co_handling = next((item for item in page.co_handlings if item.department_id == department_id), None)

    for name, panel in panels.items():
        page.panel_url[name] = urls.panel(case, name)
        if panel.offered is None or panel.offered(page):
            page.forms[name] = bound.get(name) or (panel.fresh(page) if panel.fresh else panel.form_class())
        else:
            page.forms[name] = None
        if panel.context is not None:
            page.extra.update(panel.context(page))
    return page


def staff_json(case, user, department_id: int) -> JsonResponse:
    """The active staff of a department, for the script that reloads a responsible person's choices
    (casework/people.js): only to a visitor offered a step of ``case`` (loaded in their scope) that
    names a responsible person; anyone else, or an unknown department, gets a 404."""
    names = any(spec.member_of for step in available_transitions(case, user) for spec in step.inputs)
    department = Department.objects.filter(pk=department_id).first() if names else None
    if department is None:
        raise Http404
    return JsonResponse({"people": staff_options(department)})


# --- files -----------------------------------------------------------------------------------------
def file_response(stored, *, filename: str, content_type: str | None = None) -> FileResponse:
    """A stored file as a download; none, or one missing from storage, is a 404 that says so."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file is missing from storage.")) from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def download(case, attachment_id) -> FileResponse:
    """An attachment of ``case``, which the caller loaded in the visitor's scope (``get_case_for``):
    the files are never served directly, and an attachment of another case does not exist here."""
    attachment = get_object_or_404(Attachment, pk=attachment_id, case_id=case.pk)
    return file_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)
