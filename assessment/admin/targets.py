"""The annual targets in the admin: entered one by one, or imported from the office's sheet (a preview,
then everything or nothing), and the year's 目标完成情况 (``progress/``)."""

from __future__ import annotations

import base64
import binascii

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from assessment.admin.forms import TargetImportForm, YearForm
from assessment.models import Target
from assessment.selectors import table_context
from assessment.services import import_targets, read_targets, template_workbook
from jinzhou.spreadsheets import XLSX_CONTENT_TYPE

MAX_UPLOAD = 2 * 1024 * 1024


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "unit_label", "indicator", "value", "is_sample", "updated_at"]
    list_filter = ["year", "indicator", "is_sample", "department__kind"]
    list_select_related = ["department", "park", "chain"]
    search_fields = ["department__name", "park__name", "chain__name"]
    fields = ["year", "department", "park", "chain", "indicator", "value", "note", "is_sample", "source_note"]
    change_list_template = "admin/assessment/target/change_list.html"

    @admin.display(description=pgettext_lazy("organisation", "unit"))
    def unit_label(self, obj: Target) -> str:
        return str(obj.unit)

    def save_model(self, request: HttpRequest, obj: Target, form, change: bool) -> None:
        obj.updated_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="assessment_target_import"),
            path("template/", view(self.template_view), name="assessment_target_template"),
            path("progress/", view(self.progress_view), name="assessment_target_progress"),
            *super().get_urls(),
        ]

    def template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = timezone.localdate().year
        response = HttpResponse(template_workbook(year), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="targets-{year}.xlsx"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TargetImportForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import targets")}
        if request.method == "POST" and form.is_valid():
            data = self._uploaded(form)
            if data is None:
                form.add_error("workbook", _("Choose the target sheet (.xlsx, at most 2 MB)."))
            elif "confirm" in request.POST:
                try:
                    result = import_targets(data, actor=request.user, is_sample=form.cleaned_data["is_sample"])
                except ValidationError as error:
                    context["errors"] = error.messages
                else:
                    messages.success(request, _("%(count)d targets saved.") % {"count": len(result.rows)})
                    return redirect("admin:assessment_target_changelist")
            else:
                result = read_targets(data)
                context["errors"] = result.errors
                context["rows"] = result.rows
                if not result.errors:
                    form = TargetImportForm(initial={"content": base64.b64encode(data).decode(),
                                                     "is_sample": form.cleaned_data["is_sample"]})  # fmt: skip
                    context["confirm"] = True
        context["form"] = form
        status = 400 if context.get("errors") else 200
        return TemplateResponse(request, "admin/assessment/target/import.html", context, status=status)

    @staticmethod
    def _uploaded(form: TargetImportForm) -> bytes | None:
        upload = form.cleaned_data.get("workbook")
        if upload is not None:
            return upload.read() if upload.size <= MAX_UPLOAD else None
        try:
            data = base64.b64decode(form.cleaned_data.get("content") or "", validate=True)
        except (binascii.Error, ValueError):
            return None
        return data if 0 < len(data) <= MAX_UPLOAD else None

    def progress_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = YearForm(request.GET or {"year": today.year})
        year = form.cleaned_data["year"] if form.is_valid() else today.year
        as_of = today if year == today.year else min(today, timezone.datetime(year, 12, 31).date())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Targets: progress"),
            "form": form,
            **table_context(year, as_of),
        }
        return TemplateResponse(request, "admin/assessment/target/progress.html", context)
