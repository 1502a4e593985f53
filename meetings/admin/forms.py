"""The meeting page's forms: a decision row (议定事项) of the inline formset, and a file of minutes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chains.models import Bottleneck
from jinzhou.casework.services import validate_upload
from jinzhou.org.models import Chain, Department
from meetings.models import Decision, MeetingMinutes
from meetings.services import check_decision

# The row's fields in the order ``check_decision`` names them; an error on another key goes to the row.
ROW_FIELDS = ("text", "chain", "department", "co_departments", "due_in_working_days", "due_date", "bottleneck")


class DecisionRowForm(forms.ModelForm):
    """One decision: what was decided, on which chain, who leads, who co-handles, by when, and
    optionally the existing bottleneck it acts on. Checked by ``meetings.services.check_decision``,
    the rule the service applies when it writes, so a row the page accepts is a row that is written."""

    actor = None  # the signed-in person, set by the inline for each request

    chain = forms.ModelChoiceField(Chain.objects.order_by("code"), label=_("chain"), required=False)
    department = forms.ModelChoiceField(Department.objects.order_by("name"), label=_("lead department"), required=False)
    co_departments = forms.ModelMultipleChoiceField(
        Department.objects.order_by("name"), label=_("co-handling departments"), required=False
    )
    due_in_working_days = forms.IntegerField(label=_("working days"), required=False, min_value=1)
    due_date = forms.DateField(label=_("or by date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    bottleneck = forms.ModelChoiceField(
        Bottleneck.objects.filter(is_open=True).order_by("-id"),
        label=_("on the existing bottleneck"),
        required=False,
    )

    class Meta:
        model = Decision
        fields = ["text"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.row = check_decision(self.actor, {name: data.get(name) for name in ROW_FIELDS})
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(key if key in self.fields else None, message)
        return data


class MinutesForm(forms.ModelForm):
    """A file of the minutes, checked as a case's attachments are."""

    class Meta:
        model = MeetingMinutes
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and not isinstance(upload, str) and hasattr(upload, "seek"):
            try:
                validate_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict.get("file", error.messages)) from None
        return upload
