"""Admin of award nominations and IP research topics (申报), a case kind."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jinzhou.casework.admin.kind_admin import KindCaseAdmin
from jinzhou.org.selectors import actor_for
from projects.admin.forms import AwardApplicationAddForm
from projects.models import AwardApplication
from projects.services import submit_award_application


@admin.register(AwardApplication)
class AwardApplicationAdmin(KindCaseAdmin):
    add_form = AwardApplicationAddForm
    list_display = [
        "light_badge", "reference", "title", "category", "year", "applicant_display", "prize", "status_display",
    ]  # fmt: skip
    list_filter = [*KindCaseAdmin.list_filter, "category", "year", "prize", "is_sample"]
    list_select_related = ["responsible_department", "applicant_enterprise", "applicant_institution", "chain"]
    add_fields = ("title", "category", "year", "applicant_enterprise", "applicant_institution", "description")
    edit_fields = ("title", "description", "priority")
    result_fields = [
        "category", "year", "applicant_enterprise", "applicant_institution", "prize", "award_level", "result_note",
        "is_sample", "source_note",
    ]  # fmt: skip

    @admin.display(description=AwardApplication._meta.get_field("applicant_enterprise").verbose_name)
    def applicant_display(self, obj: AwardApplication) -> str:
        return str(obj.applicant or "—")

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *self.result_fields] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets[0][1]["fields"].extend(self.result_fields)
        return fieldsets

    def has_add_permission(self, request: HttpRequest) -> bool:
        actor = actor_for(request.user)
        return actor.is_office or actor.department_id is not None or actor.enterprise_id is not None

    def create_case(self, request: HttpRequest, data: dict) -> AwardApplication:
        return submit_award_application(
            actor=request.user,
            title=data["title"],
            category=data["category"],
            year=data["year"],
            applicant_enterprise=data.get("applicant_enterprise"),
            applicant_institution=data.get("applicant_institution"),
            description=data.get("description", ""),
        )
