"""The chains' panels of the case page, shared by the admin and the portal (``casework.presenter``):
a chain task's progress report (进展), offered where ``chains.services.may_report_progress`` says."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chains.services import may_report_progress, report_progress
from jinzhou.casework.forms import ServiceForm
from jinzhou.casework.presenter import Panel, register_panels
from jinzhou.org.selectors import person_related


class ProgressForm(ServiceForm):
    """A chain task's progress report, as ``report_progress`` takes it."""

    prefix = "progress"
    percent = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "required": True}),
    )
    text = forms.CharField(
        label=gettext_lazy("What was done"),
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        required=False,
    )


def _report_progress(request, task, form: ProgressForm) -> str:
    report = report_progress(
        task, actor=request.user, percent=form.cleaned_data.get("percent"), text=form.cleaned_data.get("text", "")
    )
    return _("Progress %(percent)d%% reported.") % {"percent": report.percent}


PROGRESS = Panel(
    ProgressForm,
    _report_progress,
    offered=lambda page: may_report_progress(page.case, page.user, mine=page.mine),
    context=lambda page: {
        "progress_reports": page.case.reports.select_related("reported_by", *person_related("reported_by"))
    },
)


def register() -> None:
    register_panels("task", {"progress": PROGRESS})
