"""The forms of the projects' admin pages. They only parse input; the services decide and say why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.admin.kind_admin import ServiceModelForm
from jinzhou.casework.forms import DATE_WIDGET, MultipleFileField, ServiceForm
from jinzhou.org.models import Enterprise, Institution
from projects.models import Expert


class DeadlineFields(forms.Form):
    due_date = forms.DateField(
        label=_("Deadline"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Either a date or a number of working days."),
    )
    due_in_working_days = forms.IntegerField(label=_("Deadline in working days"), min_value=1, required=False)


class ChallengeAddForm(ServiceModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("programme", "technical_problem"):
            if name in self.fields:
                self.fields[name].required = True


class InvestmentProjectAddForm(ServiceModelForm):
    due_date = DeadlineFields.base_fields["due_date"]
    due_in_working_days = DeadlineFields.base_fields["due_in_working_days"]
    error_fields = {"department": "responsible_department"}


class AwardApplicationAddForm(ServiceModelForm):
    pass


def _application_choices(case) -> list:
    return [
        (item.pk, str(item.lead_unit))
        for item in case.applications.select_related("lead_enterprise", "lead_institution")
    ]


class ApplicationPanelForm(ServiceForm):
    # An id: the panel's handler looks it up among the case's own applications (else "not this case's").
    application = forms.IntegerField(label=_("Application"), widget=forms.Select, required=False)

    def __init__(self, *args, case=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["application"].widget.choices = [("", "—"), *_application_choices(case)]


class EligibilityForm(ApplicationPanelForm):
    prefix = "eligibility"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("eligible", _("Eligible")), ("ineligible", _("Ineligible"))]
    )
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("Required when ineligible."),
    )  # fmt: skip


class AssignExpertForm(ApplicationPanelForm):
    prefix = "expert"
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.all(), required=False)


class SelectForm(ApplicationPanelForm):
    prefix = "select"
    reason = forms.CharField(
        label=_("Reason for choosing it"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MilestoneForm(ApplicationPanelForm):
    prefix = "milestone"
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    due_date = DeadlineFields.base_fields["due_date"]
    due_in_working_days = DeadlineFields.base_fields["due_in_working_days"]
    deliverable = forms.CharField(label=_("Deliverable"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MilestoneProgressForm(ServiceForm):
    prefix = "progress"
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReportPeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET)


class PaperApplicationForm(ServiceForm):
    """A paper application (纸质申请) the bureau types in on a unit's behalf; the service records the clerk."""

    prefix = "paper"
    lead_enterprise = forms.ModelChoiceField(
        label=_("Lead enterprise"), queryset=Enterprise.objects.order_by("name"), required=False
    )
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=Institution.objects.order_by("name"), required=False,
        help_text=_("One lead unit: an enterprise or an institution."),
    )  # fmt: skip
    partner_enterprises = forms.ModelMultipleChoiceField(
        label=_("Partner enterprises"), queryset=Enterprise.objects.order_by("name"), required=False
    )
    partner_institutions = forms.ModelMultipleChoiceField(
        label=_("Partner institutions"), queryset=Institution.objects.order_by("name"), required=False
    )
    team = forms.CharField(label=_("Team"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    plan = forms.CharField(label=_("Technical plan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    budget_wan = forms.CharField(label=_("Budget (10k yuan)"), required=False)
    attachments = MultipleFileField(label=_("Attachments"), required=False)
