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
from jinzhou.org.selectors import person_label, person_related

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def departments():
    return Department.objects.order_by("kind", "name")


def active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


def staff_choices(department=None):
    """The people a responsible person is chosen from: the active staff of ``department`` (or of any
    department when none is chosen yet), with their units loaded for ``person_label``."""
    users = get_user_model().objects.filter(is_active=True, profile__department__isnull=False)
    if department:
        users = users.filter(profile__department=department)
    return users.select_related(*person_related()).order_by("last_name", "first_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of person, each labelled by full name and unit (``person_label``), never by login."""

    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several people, labelled as ``PersonChoiceField`` (e.g. a meeting's attendees)."""

    def label_from_instance(self, obj) -> str:
        return person_label(obj)


def staff_options(department) -> list[dict]:
    """The choices of ``staff_choices(department)`` as data, for the page's script that reloads the
    responsible person's options when the department changes."""
    return [{"id": user.pk, "label": person_label(user)} for user in staff_choices(department)]


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
    texts = error_texts(form) or [gettext("check the form below.")]
    # Each problem is a sentence of its own; joined by "；", only the last keeps its full stop.
    texts = [text.rstrip("。.") for text in texts[:-1]] + texts[-1:]
    return gettext("Not done: %(errors)s") % {"errors": "；".join(texts)}


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
        field = PersonChoiceField(queryset=active_users().select_related(*person_related()), **common)
    else:
        field = forms.CharField(**common)
    return _mark_required(field, spec.get("required", False))


class TransitionForm(ServiceForm):
    """One button of the workflow panel, with the inputs its step needs (``describe_inputs``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, transition: Transition, *args, case=None, staff_url: str = "", **kwargs) -> None:
        kwargs.setdefault("prefix", f"t-{transition.action}")
        super().__init__(*args, **kwargs)
        self.transition = transition
        for spec in describe_inputs(transition):
            self.fields[spec["name"]] = field_for_input(spec)
        for spec in transition.inputs:
            if spec.member_of and spec.member_of in self.fields and spec.name in self.fields:
                self._people_of(spec.name, spec.member_of, case, staff_url)

    def _people_of(self, name: str, department_field: str, case, staff_url: str) -> None:
        """A person chosen from the chosen department's staff. The lead department defaults to the
        chain's 链长单位; the page's script (casework/people.js) reloads the people when the
        department changes; without it, the posted department's staff are the choices, and the
        service refuses anyone else's."""
        chain = getattr(case, "chain", None) if case is not None and getattr(case, "chain_id", None) else None
        if chain is not None and chain.leader_department_id and not self.is_bound:
            self.fields[department_field].initial = chain.leader_department_id
        department = self._chosen(department_field)
        field = self.fields[name]
        field.queryset = staff_choices(department)
        field.widget.attrs["data-department-field"] = self[department_field].auto_id
        if staff_url:
            field.widget.attrs["data-staff-url"] = staff_url

    def _chosen(self, field_name: str):
        """The department chosen on this form: the posted one, else the initial one."""
        if self.is_bound:
            value = self.data.get(self.add_prefix(field_name))
        else:
            value = self.initial.get(field_name, self.fields[field_name].initial)
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe), for every form that takes attachments
    (a report, an application, a self-assessment); each file is checked by the service
    (``casework.services.files.validate_upload``), not here."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
