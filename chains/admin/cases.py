"""Admin of the chains' cases: bottlenecks (堵点) and chain tasks (督办事项).

Both build on ``KindCaseAdmin``: lists with lights, filters and the Excel export; the add page goes
through ``report_bottleneck`` / ``create_chain_task``; the change page's buttons call the services.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chains.models import Bottleneck, ChainTask
from chains.services import create_chain_task, may_assign_chain_tasks, may_report_bottleneck, report_bottleneck
from jinzhou.casework.admin.escalations import issue_notices
from jinzhou.casework.admin.kind_admin import KindCaseAdmin, ServiceModelForm
from jinzhou.casework.choices import Source
from jinzhou.casework.forms import (
    DATE_WIDGET,
    REFUSALS,
    PersonChoiceField,
    apply_refusal,
    departments,
    refusal_texts,
    staff_choices,
)
from jinzhou.casework.inputs import deadline_from
from jinzhou.casework.services import transition
from jinzhou.org.selectors import actor_for


# --- bottlenecks ---------------------------------------------------------------------------------------
class BottleneckAddForm(ServiceModelForm):
    submit_now = forms.BooleanField(
        label=gettext_lazy("Submit at once"),
        required=False,
        help_text=gettext_lazy("Leave unticked to keep it as a draft you can still edit."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "source" in self.fields:
            # Left empty, the service decides: the enterprise when one reported it, else the department.
            source = self.fields["source"]
            source.required = False
            source.choices = [("", gettext_lazy("(decided by who reported it)")), *Source.choices]
            source.initial = ""


class BulkAssignForm(forms.Form):
    department = forms.ModelChoiceField(label=gettext_lazy("Responsible department"), queryset=departments())
    due_date = forms.DateField(label=gettext_lazy("Deadline"), widget=DATE_WIDGET, required=False)
    due_in_working_days = forms.IntegerField(
        label=gettext_lazy("Deadline in working days"), min_value=1, required=False
    )
    person = PersonChoiceField(label=gettext_lazy("Responsible person"), queryset=staff_choices(), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        # Checked once here, so that a bad date is one error on this page, not one per case.
        try:
            deadline_from(due_date=cleaned.get("due_date"), due_in_working_days=cleaned.get("due_in_working_days"))
        except ValidationError as error:
            apply_refusal(self, error)
        return cleaned


@admin.register(Bottleneck)
class BottleneckAdmin(KindCaseAdmin):
    add_form = BottleneckAddForm
    add_fields = (
        "title",
        "description",
        "chain",
        "bottleneck_kind",
        "severity",
        "source",
        "reporter_enterprise",
        "affected_enterprises",
        "priority",
        "submit_now",
    )
    edit_fields = ("title", "description", "chain", "bottleneck_kind", "severity", "priority", "source")
    # Hundreds of enterprises: searched by name, short name or credit code (EnterpriseAdmin.search_fields).
    autocomplete_fields = ["reporter_enterprise", "affected_enterprises"]
    actions = ["bulk_assign", issue_notices]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "resolution"] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets[0][1]["fields"].append("resolution")
        elif actor_for(request.user).enterprise_id:
            # An enterprise's user reports for their own enterprise: nothing to choose.
            fields = fieldsets[0][1]["fields"]
            fieldsets[0][1]["fields"] = [name for name in fields if name not in ("source", "reporter_enterprise")]
        return fieldsets

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_report_bottleneck(request.user)

    def has_assign_permission(self, request: HttpRequest) -> bool:
        return actor_for(request.user).is_office

    def create_case(self, request: HttpRequest, data: dict) -> Bottleneck:
        return report_bottleneck(
            actor=request.user,
            title=data["title"],
            description=data.get("description", ""),
            chain=data.get("chain"),
            bottleneck_kind=data["bottleneck_kind"],
            severity=data["severity"],
            affected_enterprises=data.get("affected_enterprises") or (),
            reporter_enterprise=data.get("reporter_enterprise"),
            source=data.get("source") or None,
            priority=data["priority"],
            submit=bool(data.get("submit_now")),
        )

    @admin.action(description=gettext_lazy("Assign the selected bottlenecks (交办)"), permissions=["assign"])
    def bulk_assign(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        form = BulkAssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
            note = data.pop("note", "")
            for case in queryset:
                try:
                    done = transition(case, "assign", actor=request.user, note=note, **data)
                except REFUSALS as error:
                    messages.error(request, f"{case.reference}：{'；'.join(refusal_texts(error))}")
                else:
                    messages.success(
                        request,
                        _("%(reference)s assigned to %(department)s.")
                        % {"reference": done.reference, "department": done.responsible_department},
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign bottlenecks"),
            "opts": self.opts,
            "form": form,
            "cases": queryset,
            "action_name": "bulk_assign",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/casework/bulk_assign.html", context)


# --- chain tasks ---------------------------------------------------------------------------------------
class ChainTaskAddForm(ServiceModelForm):
    due_date = forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=DATE_WIDGET,
        required=False,
        help_text=gettext_lazy("Either a date or a number of working days."),
    )
    due_in_working_days = forms.IntegerField(
        label=gettext_lazy("Deadline in working days"), min_value=1, required=False
    )
    # create_chain_task names these differently from the model's fields.
    error_fields = {"department": "responsible_department", "person": "responsible_person"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chain", "responsible_department"):
            if name in self.fields:
                self.fields[name].required = True


@admin.register(ChainTask)
class ChainTaskAdmin(KindCaseAdmin):
    add_form = ChainTaskAddForm
    add_fields = (
        "title",
        "chain",
        "responsible_department",
        "due_date",
        "due_in_working_days",
        "responsible_person",
        "description",
        "expected_output",
        "report_cadence",
        "priority",
    )
    edit_fields = ("title", "description", "chain", "expected_output", "report_cadence", "priority", "source")
    panel_templates = ("admin/casework/panels/progress.html",)

    class Media:
        # While the office types a task's title, the similar open cases are offered (the portal's
        # /portal/search/similar/, read by the same script as the portal's report form).
        js = ["portal/similar.js"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "progress", "report_due_at"] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets[1][1]["fields"].extend(["progress", "report_due_at"])
        return fieldsets

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A task-force leader is further limited to their industries' chains when the form is saved.
        return may_assign_chain_tasks(request.user)

    def create_case(self, request: HttpRequest, data: dict) -> ChainTask:
        return create_chain_task(
            actor=request.user,
            title=data["title"],
            chain=data.get("chain"),
            department=data.get("responsible_department"),
            due_date=data.get("due_date"),
            due_in_working_days=data.get("due_in_working_days"),
            person=data.get("responsible_person"),
            description=data.get("description", ""),
            expected_output=data.get("expected_output", ""),
            report_cadence=data["report_cadence"],
            priority=data["priority"],
        )
