"""The forms of the alliances' admin pages. They only parse input; the services decide and refuse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.choices import Indicator, MemberRole
from jinzhou.casework.admin.kind_admin import ServiceModelForm
from jinzhou.casework.forms import DATE_WIDGET, ServiceForm
from jinzhou.org.models import Enterprise, Institution

SCORE_ATTRS = {"step": "0.01", "min": "0", "max": "100"}


class AllianceAddForm(ServiceModelForm):
    submit_now = forms.BooleanField(
        label=_("Submit at once"),
        required=False,
        help_text=_("Leave unticked to keep it as a draft you can still edit."),
    )


class EvaluationAddForm(ServiceModelForm):
    due_date = forms.DateField(
        label=_("Self-assessment due"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Either a date or a number of working days."),
    )
    due_in_working_days = forms.IntegerField(label=_("Deadline in working days"), min_value=1, required=False)
    error_fields = {"due_date": "due_date"}


class MemberForm(ServiceForm):
    prefix = "member"
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.all(), required=False)
    institution = forms.ModelChoiceField(
        label=_("or university / institute"), queryset=Institution.objects.all(), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE_WIDGET, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("enterprise")) == bool(cleaned.get("institution")):
            self.add_error(None, _("Choose either an enterprise or a university/institute."))
        return cleaned


class LeaveForm(ServiceForm):
    prefix = "leave"
    target = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET, required=False)


class ProjectForm(ServiceForm):
    prefix = "project"
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    programme = forms.CharField(label=_("Programme"), max_length=100, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    case_reference = forms.CharField(
        label=_("Linked case"), max_length=30, required=False, help_text=_("A case's reference, e.g. JB-2026-00003.")
    )


class ContractForm(ServiceForm):
    prefix = "contract"
    file = forms.FileField(label=_("Signed contract"), required=False)


def _score_fields(form: forms.Form, initial: dict) -> None:
    for code, label in Indicator.choices:
        form.fields[code] = forms.DecimalField(
            label=label,
            max_digits=5,
            decimal_places=2,
            required=False,
            initial=initial.get(code),
            widget=forms.NumberInput(attrs=SCORE_ATTRS),
        )


class SelfAssessmentForm(ServiceForm):
    prefix = "self"
    version = forms.IntegerField(widget=forms.HiddenInput)
    report = forms.CharField(
        label=_("Self-assessment report"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, scores: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _score_fields(self, scores or {})

    def scores(self) -> dict:
        return {
            code: self.cleaned_data.get(code) for code in Indicator.values if self.cleaned_data.get(code) is not None
        }


class ReviewScoresForm(SelfAssessmentForm):
    prefix = "review"
    report = None
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
