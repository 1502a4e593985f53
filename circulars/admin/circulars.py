"""The office's circulars in the admin (情况通报).

- 生成通报 (``generate/``): a period picker and the addressees, an HTML preview of the figures (computed,
  no number drawn), and the buttons that issue the circular (a number, kept with its figures and
  files) and download it as Word or Excel.
- The list of saved circulars: each one's page shows the figures KEPT when it was issued (not
  recomputed, so a department's ranking reads as it was printed) and downloads its two files again.
Only the office and the leading group (``may_read_circulars``); the admin's permission on top.
"""

from __future__ import annotations

import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circulars.admin.forms import CircularForm
from circulars.document import document_context
from circulars.models import Circular
from circulars.selectors import figures_for, may_read_circulars
from circulars.services import generate_circular
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.periods import parse_period
from jinzhou.spreadsheets import XLSX_CONTENT_TYPE
from jinzhou.word_documents import DOCX_CONTENT_TYPE

FORMATS = {"docx": DOCX_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def download(circular: Circular, fmt: str) -> FileResponse:
    data = bytes(circular.docx if fmt == "docx" else circular.xlsx)
    filename = f"{circular.title}（{circular.number}）.{fmt}"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=FORMATS[fmt])


def preview_context(figures: dict) -> dict:
    """What the preview shows: the document's own text and rows (``document_context``) and the figures."""
    return {"figures": figures, "doc": document_context(figures)}


@admin.register(Circular)
class CircularAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "period_label", "generated_by", "generated_at", "downloads")
    list_display_links = ("number", "title")
    list_filter = ("period_code",)
    search_fields = ("number", "title")
    list_select_related = ("generated_by",)
    change_list_template = "admin/circulars/circular_change_list.html"
    date_hierarchy = "generated_at"

    def get_queryset(self, request):
        # The list shows neither the files (~250 KB each) nor the figures: not loaded.
        return super().get_queryset(request).defer("docx", "xlsx", "figures")

    def has_view_permission(self, request, obj=None) -> bool:
        return may_read_circulars(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request) -> bool:
        return may_read_circulars(request.user) and super().has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False  # issued from 生成通报, never typed in

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # an issued circular is a record

    @admin.display(description=gettext_lazy("download"))
    def downloads(self, obj: Circular) -> str:
        return format_html(
            '<a href="{}">Word</a> · <a href="{}">Excel</a>',
            reverse("admin:circulars_circular_download", args=[obj.pk, "docx"]),
            reverse("admin:circulars_circular_download", args=[obj.pk, "xlsx"]),
        )

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("generate/", wrap(self.generate_view), name="circulars_circular_generate"),
            path("<int:pk>/download/<str:fmt>/", wrap(self.download_view), name="circulars_circular_download"),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        circular = get_object_or_404(Circular.objects.select_related("generated_by"), pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": circular.title,
            "opts": self.model._meta,
            "circular": circular,
            **preview_context(circular.figures),
        }
        return TemplateResponse(request, "admin/circulars/circular_detail.html", context)

    def download_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        return download(get_object_or_404(Circular, pk=pk), fmt)

    def generate_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = CircularForm(request.POST or request.GET or None)
        if not form.is_bound:
            period = parse_period(form.fields["period"].initial)
        else:
            period = form.cleaned_data["parsed_period"] if form.is_valid() else None
        if request.method == "POST" and period is not None and request.POST.get("format") in FORMATS:
            try:
                circular = generate_circular(request.user, period, addressees=form.cleaned_data["addressees"])
            except ActionRefused as error:
                messages.error(request, str(error))
            else:
                return download(circular, request.POST["format"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Issue a circular"),
            "opts": self.model._meta,
            "form": form,
            "period": period,
            **(preview_context(figures_for(request.user, period)) if period is not None else {}),
        }
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(request, "admin/circulars/circular_generate.html", context, status=status)
