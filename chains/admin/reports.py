"""Admin of the chains' figure reports (产业链运行监测): the office reviews them (the change page's
审核通过 / 退回修改 buttons are the workflow's), sets each chain's cadence and deadline, and reads the
figures and capacity rows. Reports are opened by the schedule (``open_chain_reports``), not added here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from chains.models import CapacityRow, ChainReport, ChainReportSetting
from jinzhou.casework.admin.kind_admin import KindCaseAdmin

FIGURES = (
    "period_display",
    "output_value",
    "above_scale_enterprises",
    "investment_in_progress",
    "bottlenecks_solved",
    "narrative",
    "is_sample",
)


class CapacityInline(admin.TabularInline):
    model = CapacityRow
    fields = ("enterprise", "product", "current_capacity", "planned_capacity", "unit")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ChainReport)
class ChainReportAdmin(KindCaseAdmin):
    edit_fields = ("title", "description", "priority")
    inlines = [CapacityInline]

    def get_list_display(self, request: HttpRequest):
        return [*super().get_list_display(request), "period_display", "output_value"]

    def get_list_filter(self, request: HttpRequest):
        return [*super().get_list_filter(request), "cadence", "period_start", "is_sample"]

    @admin.display(description=gettext_lazy("period"), ordering="period_start")
    def period_display(self, obj: ChainReport) -> str:
        return obj.period_label

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        return [*super().get_readonly_fields(request, obj), *FIGURES]

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets.insert(1, (gettext_lazy("The chain's figures"), {"fields": list(FIGURES)}))
        return fieldsets


@admin.register(ChainReportSetting)
class ChainReportSettingAdmin(SimpleHistoryAdmin):
    list_display = ("chain", "cadence", "deadline_working_days", "enabled")
    list_filter = ("cadence", "enabled")
    list_select_related = ("chain",)
    autocomplete_fields = ("chain",)
