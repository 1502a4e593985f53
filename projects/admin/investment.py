"""Admin of investment attraction: activities (with the report page), leads, and projects (a case kind)."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from jinzhou.casework.admin.kind_admin import KindCaseAdmin
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for
from projects import investment_report
from projects.admin.forms import InvestmentProjectAddForm, ReportPeriodForm
from projects.models import InvestmentActivity, InvestmentLead, InvestmentProject
from projects.selectors import latest_report_year
from projects.services import create_investment_project


class ScopedAdmin(admin.ModelAdmin):
    """Rows that are not cases, scoped by their selector; the creator is recorded."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change and hasattr(obj, "created_by_id") and obj.created_by_id is None:
            obj.created_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(InvestmentActivity)
class InvestmentActivityAdmin(ScopedAdmin):
    list_display = [
        "date", "title", "activity_kind", "leader_name", "leader_level", "destination_province",
        "destination_city", "enterprise_count", "is_sample", "date_provenance",
    ]  # fmt: skip
    list_filter = ["leader_level", "activity_kind", "destination_province", "industry", "is_sample", "date_provenance"]
    date_hierarchy = "date"
    search_fields = ["title", "leader_name", "destination_city", "enterprises__name"]
    autocomplete_fields = ["enterprises", "chains", "department", "industry"]
    list_select_related = ["department", "industry"]
    exclude = ["created_by"]
    change_list_template = "admin/projects/investmentactivity/change_list.html"

    def get_queryset(self, request: HttpRequest):
        return (
            super().get_queryset(request)
            .filter(pk__in=InvestmentActivity.objects.restrict(request.user, "view").values("pk"))
            .annotate(enterprise_total=Count("enterprises", distinct=True))
        )  # fmt: skip

    @admin.display(description=gettext_lazy("enterprises met"), ordering="enterprise_total")
    def enterprise_count(self, obj: InvestmentActivity) -> int:
        return obj.enterprise_total

    def get_urls(self) -> list:
        return [
            path("report/", self.admin_site.admin_view(self.report_view), name="projects_investment_report"),
            *super().get_urls(),
        ]

    def report_view(self, request: HttpRequest) -> HttpResponse:
        """Activities and enterprises met per period by leader level; signings, starts and completions
        with their amounts per chain and per park. Each visitor's figures cover what they may see. Opens
        on the latest year with figures; ``?export=xlsx`` or ``docx`` downloads the same tables."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = latest_report_year(request.user)
        initial = {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
        form = ReportPeriodForm(request.GET or None, initial=initial)
        period = form.cleaned_data if form.is_bound and form.is_valid() else initial
        start, end = period["start"], period["end"]
        tables = investment_report.report_tables(start, end, user=request.user)
        extension = request.GET.get("export")
        if extension in investment_report.FORMATS:
            content = investment_report.render(start, end, tables, extension)
            response = HttpResponse(content, content_type=investment_report.FORMATS[extension])
            response["Content-Disposition"] = (
                f'attachment; filename="{investment_report.filename(start, end, extension)}"'
            )
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": investment_report.title(start, end),
            "opts": self.opts,
            "form": form,
            "tables": tables,
            "default_year": year,
            "query": urlencode({"start": start.isoformat(), "end": end.isoformat()}),
        }
        return TemplateResponse(request, "admin/projects/investment_report.html", context)


@admin.register(InvestmentLead)
class InvestmentLeadAdmin(ScopedAdmin):
    list_display = ["title", "enterprise", "chain", "estimated_amount_yi", "department", "status", "project"]
    list_filter = ["status", "industry", "is_sample"]
    search_fields = ["title", "enterprise__name"]
    autocomplete_fields = ["enterprise", "activity", "chain", "industry", "department"]
    raw_id_fields = ["project"]
    list_select_related = ["enterprise", "chain", "department", "project"]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=InvestmentLead.objects.restrict(request.user, "view").values("pk"))
        )


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(KindCaseAdmin):
    add_form = InvestmentProjectAddForm
    list_display = [
        "light_badge", "reference", "title", "enterprise", "project_type", "amount_yi", "chain", "park",
        "due_display", "status_display", "dates_provenance",
    ]  # fmt: skip
    list_filter = [*KindCaseAdmin.list_filter, "project_type", "park", "is_sample", "dates_provenance"]
    list_select_related = ["chain", "responsible_department", "enterprise", "park"]
    add_fields = (
        "title", "enterprise", "project_type", "amount_yi", "chain", "park", "responsible_department",
        "due_date", "due_in_working_days", "description", "priority",
    )  # fmt: skip
    edit_fields = ("title", "description", "chain", "amount_yi", "park", "priority")
    stage_fields = [
        "enterprise", "project_type", "pitched_on", "negotiating_on", "signed_on", "started_on", "completed_on",
        "producing_on", "dates_provenance", "drop_reason", "is_sample", "source_note",
    ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *self.stage_fields] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets.insert(1, (gettext_lazy("Stages"), {"fields": self.stage_fields}))
        return fieldsets

    def has_add_permission(self, request: HttpRequest) -> bool:
        actor = actor_for(request.user)
        return actor.is_office or actor.department_id is not None or Role.TASK_FORCE_LEADER in actor.roles

    def create_case(self, request: HttpRequest, data: dict) -> InvestmentProject:
        return create_investment_project(
            actor=request.user,
            title=data["title"],
            enterprise=data.get("enterprise"),
            project_type=data["project_type"],
            amount_yi=data.get("amount_yi"),
            chain=data.get("chain"),
            park=data.get("park"),
            department=data.get("responsible_department"),
            due_date=data.get("due_date"),
            due_in_working_days=data.get("due_in_working_days"),
            description=data.get("description", ""),
            priority=data["priority"],
        )
