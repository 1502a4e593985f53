"""The forms of the case page, for the admin and the portal alike. They only parse input: every rule
(scope, workflow, required notes, deadlines) is the service's, whose refusals come back onto the same
form (``apply_refusal``), so a clerk sees the message next to what they typed and loses nothing.

Fields a step needs are not ``required`` on the server, only marked so for the browser: the service
decides, and says why in its own words.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.choices import EscalationLevel, EscalationTarget
from jinzhou.casework.exceptions import CaseError
from jinzhou.casework.inputs import describe_inputs
from jinzhou.casework.workflows import Transition
from jinzhou.org.models import Department

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def departments():
    return Department.objects.order_by("kind", "name")


def active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


# What a service raises when it refuses: per-field problems, or a refusal of the whole action.
REFUSALS = (ValidationError, CaseError)


def refusal_texts(error: ValidationError | CaseError) -> list[str]:
    """A service's refusal as sentences, for a message (e.g. one line per case of a bulk action)."""
    return [error.message] if isinstance(error, CaseError) else list(error.messages)


def apply_refusal(form: forms.BaseForm, error: ValidationError | CaseError, fields: dict | None = None) -> None:
    """Put a service's refusal on ``form``: each problem of a ``ValidationError`` on the field it
    names (renamed by ``fields`` when the service's names differ from the form's), or on the form
    when it has no such field; a ``CaseError``'s message on the form."""
    if isinstance(error, CaseError):
        form.add_error(None, error.message)
    elif hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            name = (fields or {}).get(name, name)
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def error_texts(form: forms.Form) -> list[str]:
    """A form's errors as sentences, each with its field's label."""
    texts = []
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        texts.extend(f"{label}：{problem}" if label else str(problem) for problem in problems)
    return texts


def not_done_message(form: forms.Form) -> str:
    """The message at the top of the page (the admin's and the portal's) when a posted form was refused."""
    return gettext("Not done: %(errors)s") % {
        "errors": "；".join(error_texts(form) or [gettext("check the form below.")])
    }


class ServiceForm(forms.Form):
    """A panel form: its input goes to one service, whose refusal comes back onto it (``apply_refusal``)."""

    template_name = "admin/casework/includes/panel_form.html"

    def data_for_service(self) -> dict:
        """The cleaned values without the empty ones, so that the service's defaults apply."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "target") and value not in (None, "", [])
        }


def _mark_required(field: forms.Field, required: bool) -> forms.Field:
    if required:
        field.widget.attrs["required"] = True
    return field


def field_for_input(spec: dict) -> forms.Field:
    """A form field for one entry of ``describe_inputs``."""
    common = {"label": spec["label"], "help_text": spec.get("help_text", ""), "required": False}
    kind = spec["kind"]
    if spec.get("choices"):
        # A declared set of values: a select, so that nothing outside it can be typed.
        options = [(choice["value"], choice["label"]) for choice in spec["choices"]]
        field = forms.ChoiceField(choices=[("", "---------"), *options], **common)
    elif kind == "text":
        field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    elif kind == "decimal":
        # Parsed by the service (``inputs.parse_amount``, which also takes "1,200.5").
        field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    elif kind == "date":
        field = forms.DateField(widget=DATE_WIDGET, **common)
    elif kind == "integer":
        field = forms.IntegerField(min_value=1, **common)
    elif kind == "department":
        field = forms.ModelChoiceField(queryset=departments(), **common)
    elif kind == "departments":
        field = forms.ModelMultipleChoiceField(queryset=departments(), **common)
    elif kind == "user":
        field = forms.ModelChoiceField(queryset=active_users(), **common)
    else:
        field = forms.CharField(**common)
    return _mark_required(field, spec.get("required", False))


class TransitionForm(ServiceForm):
    """One button of the workflow panel, with the inputs its step needs (``describe_inputs``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, transition: Transition, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", f"t-{transition.action}")
        super().__init__(*args, **kwargs)
        self.transition = transition
        for spec in describe_inputs(transition):
            self.fields[spec["name"]] = field_for_input(spec)

    def submit(self, case, actor):
        """Fire the step through the workflow service: (the case after it, the success message), or
        (None, None) with the refusal on this form; for the admin and the portal alike."""
        from jinzhou.casework.services import transition

        if not self.is_valid():
            return None, None
        data = self.data_for_service()
        note = data.pop("note", "")
        step = self.transition
        try:
            case = transition(case, step.action, actor=actor, version=self.cleaned_data["version"], note=note, **data)
        except REFUSALS as error:
            apply_refusal(self, error)
        else:
            message = _("%(action)s: %(reference)s is now “%(status)s”.") % {
                "action": step.label,
                "reference": case.reference,
                "status": case.status_label,
            }
            return case, message
        return None, None


class CommentForm(ServiceForm):
    prefix = "comment"
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3, "required": True}), required=False
    )


class AttachmentForm(ServiceForm):
    prefix = "attach"
    file = forms.FileField(label=_("File"), required=False)


class ExtensionRequestForm(ServiceForm):
    prefix = "extension"
    new_due_date = forms.DateField(label=_("Requested deadline"), widget=DATE_WIDGET, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtensionDecisionForm(ServiceForm):
    prefix = "decide"
    version = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.IntegerField(widget=forms.HiddenInput)
    # Set by the button pressed (approve / reject), never rendered as a field of its own.
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Decision note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when rejecting."),
    )


class EscalationForm(ServiceForm):
    prefix = "escalate"
    level = forms.TypedChoiceField(label=_("Level"), choices=EscalationLevel.choices, coerce=int)
    target = forms.ChoiceField(label=_("Addressed to"), choices=EscalationTarget.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "required": True}), required=False
    )

    def data_for_service(self) -> dict:
        return {
            "level": self.cleaned_data["level"],
            "target": self.cleaned_data["target"],
            "reason": self.cleaned_data.get("reason", ""),
        }


class AcknowledgeForm(ServiceForm):
    prefix = "ack"
    target = forms.IntegerField(widget=forms.HiddenInput)


class CoHandlerForm(ServiceForm):
    prefix = "cohandler"
    department = forms.ModelChoiceField(label=_("Co-handling department"), queryset=departments(), required=False)
    due_date = forms.DateField(label=_("Sub-deadline"), widget=DATE_WIDGET, required=False)
    due_in_working_days = forms.IntegerField(label=_("Sub-deadline in working days"), min_value=1, required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        # The service takes a Department; without one there is nothing to ask it.
        if not cleaned.get("department") and "department" not in self.errors:
            self.add_error("department", _("Choose the co-handling department."))
        return cleaned


class FeedbackForm(ServiceForm):
    prefix = "feedback"
    target = forms.IntegerField(widget=forms.HiddenInput)
    feedback = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
