"""The assessment schemes (the office's data: lines, weights, how each scores) and the yearly
assessments: start one for a year, recompute the draft, review, publish, export (Excel and Word)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import services
from assessment.admin.forms import StartAssessmentForm
from assessment.choices import AssessmentStatus
from assessment.models import Assessment, Scheme, SchemeLine
from assessment.printing import assessment_docx, assessment_xlsx
from jinzhou.casework.documents import DOCX_CONTENT_TYPE
from jinzhou.spreadsheets import XLSX_CONTENT_TYPE


class SchemeLineInline(admin.TabularInline):
    model = SchemeLine
    fields = ["order", "label", "measure", "weight", "deduction"]
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [SchemeLineInline]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


STEPS = {
    "compute": (services.compute, AssessmentStatus.DRAFT, gettext_lazy("Assessment recomputed from the records.")),
    "review": (services.review, AssessmentStatus.DRAFT, gettext_lazy("Assessment marked as reviewed.")),
    "draft": (services.back_to_draft, AssessmentStatus.REVIEWED, gettext_lazy("Assessment back to draft.")),
    "publish": (
        services.publish,
        AssessmentStatus.REVIEWED,
        gettext_lazy("Assessment published; its figures are now kept."),
    ),
}
STEP_LABELS = {
    "compute": gettext_lazy("Recompute from the records"),
    "review": gettext_lazy("Mark as reviewed"),
    "draft": gettext_lazy("Back to draft"),
    "publish": gettext_lazy("Publish"),
}


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["year", "scheme", "status", "as_of", "published_at"]
    list_filter = ["status"]
    fields = ["year", "scheme", "status", "as_of", "computed_at", "reviewed_by", "published_by", "published_at", "note"]
    readonly_fields = [
        "year",
        "scheme",
        "status",
        "as_of",
        "computed_at",
        "reviewed_by",
        "published_by",
        "published_at",
    ]
    change_form_template = "admin/assessment/assessment/change_form.html"

    def get_queryset(self, request: HttpRequest):
        # Drafts and reviewed ones are the office's work; everyone else reads the published.
        queryset = super().get_queryset(request).select_related("scheme")
        return queryset if services.may_manage(request.user) else queryset.filter(status=AssessmentStatus.PUBLISHED)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return services.may_manage(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return services.may_manage(request.user) and (obj is None or obj.status == AssessmentStatus.DRAFT)

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("start/", view(self.start_view), name="assessment_assessment_start"),
            path("<int:pk>/step/<slug:step>/", view(self.step_view), name="assessment_assessment_step"),
            path("<int:pk>/export.<slug:fmt>", view(self.export_view), name="assessment_assessment_export"),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        return redirect("admin:assessment_assessment_start")

    def start_view(self, request: HttpRequest) -> HttpResponse:
        if not services.may_manage(request.user):
            raise PermissionDenied
        form = StartAssessmentForm(
            request.POST or None, initial={"scheme": Scheme.objects.filter(is_default=True).first()}
        )
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.start_assessment(
                    form.cleaned_data["year"], actor=request.user, scheme=form.cleaned_data["scheme"]
                )
            except ValidationError as error:
                form.add_error("year", error)
            else:
                return redirect("admin:assessment_assessment_change", assessment.pk)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Start an annual assessment")}  # fmt: skip
        return TemplateResponse(request, "admin/assessment/assessment/start.html", context)

    def step_view(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        assessment = get_object_or_404(Assessment, pk=pk)
        if request.method != "POST" or step not in STEPS:
            return redirect("admin:assessment_assessment_change", pk)
        function, _state, done = STEPS[step]
        try:
            function(assessment, actor=request.user)
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("admin:assessment_assessment_change", pk)

    def export_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        assessment = get_object_or_404(self.get_queryset(request), pk=pk)
        if fmt == "xlsx":
            response = HttpResponse(assessment_xlsx(assessment), content_type=XLSX_CONTENT_TYPE)
        elif fmt == "docx":
            response = HttpResponse(assessment_docx(assessment), content_type=DOCX_CONTENT_TYPE)
        else:
            return redirect("admin:assessment_assessment_change", pk)
        response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.year}.{fmt}"'
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        assessment = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if assessment is not None:
            may = services.may_manage(request.user)
            extra["steps"] = [
                (reverse("admin:assessment_assessment_step", args=[assessment.pk, step]), STEP_LABELS[step])
                for step, (_function, state, _done) in STEPS.items()
                if may and assessment.status == state
            ]
            extra["assessment_rows"] = assessment.rows.select_related("department").order_by("rank", "department__name")
            extra["exports"] = [
                (reverse("admin:assessment_assessment_export", args=[assessment.pk, fmt]), label)
                for fmt, label in (("xlsx", _("Export Excel")), ("docx", _("Export Word")))
            ]
        return super().change_view(request, object_id, form_url, extra_context=extra)
