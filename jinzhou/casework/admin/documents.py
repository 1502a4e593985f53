"""Admin for the Word templates the office replaces with its own (文书模板).

The list shows every kind of document (rows are created when it is opened, ``ensure_templates``),
whether the office's own template or the shipped default is in use, and a link to download the one
in use, to edit in Word. The change page uploads a replacement (refused with Word's or Jinja's
message when it is not a .docx under the limit or does not render with the sample context; the
previous template stays), reverts to the default, and sets the pattern of the document numbers;
it lists the tags the template may use.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.casework import documents
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.models import DocumentTemplate
from jinzhou.casework.services.documents import (
    ensure_templates,
    replace_template,
    revert_template,
    set_number_pattern,
)


class DocumentTemplateForm(forms.ModelForm):
    upload = forms.FileField(
        label=gettext_lazy("replace with"),
        required=False,
        help_text=gettext_lazy(
            "A Word document (.docx) of at most 2 MB, keeping the {{ tags }} listed below. It is tried "
            "with sample values first: a template that does not render is refused and the current one kept."
        ),
    )
    revert = forms.BooleanField(
        label=gettext_lazy("revert to the default template"),
        required=False,
    )

    class Meta:
        model = DocumentTemplate
        fields = ["number_pattern"]

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload and cleaned.get("revert"):
            raise ValidationError(_("Either upload a template or revert to the default, not both."))
        if upload:
            data = upload.read(documents.MAX_TEMPLATE_BYTES + 1)
            try:
                documents.check_template(self.instance.name, data)
            except ValidationError as error:
                self.add_error("upload", error)
            cleaned["data"] = data
        pattern = (cleaned.get("number_pattern") or "").strip()
        if pattern:
            try:
                documents.check_pattern(pattern)
            except ValidationError as error:
                self.add_error("number_pattern", error)
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    form = DocumentTemplateForm
    list_display = ["__str__", "in_use", "numbers", "download", "updated_by", "updated_at"]
    readonly_fields = ["document", "in_use", "download", "tags", "updated_by", "updated_at"]
    fields = [
        "document",
        "in_use",
        "download",
        "upload",
        "revert",
        "number_pattern",
        "tags",
        "updated_by",
        "updated_at",
    ]

    @admin.display(description=gettext_lazy("document"))
    def document(self, obj: DocumentTemplate) -> str:
        return str(obj)

    @admin.display(description=gettext_lazy("template in use"))
    def in_use(self, obj: DocumentTemplate) -> str:
        if obj.is_custom:
            return _("The office's own: %(file)s") % {"file": obj.file_name or "—"}
        return _("The default template")

    @admin.display(description=gettext_lazy("numbers"))
    def numbers(self, obj: DocumentTemplate) -> str:
        spec = documents.kind(obj.name, missing_ok=True)
        pattern = documents.number_pattern(obj.name, row=obj) if spec else ""
        # An example of the next numbers' form (this year's twelfth).
        return pattern.format(year=timezone.localtime().year, seq=12) if pattern else "—"

    @admin.display(description=gettext_lazy("download"))
    def download(self, obj: DocumentTemplate) -> str:
        if not obj.pk:
            return "—"
        url = reverse("admin:casework_documenttemplate_download", args=[obj.pk])
        return format_html(
            '<a href="{}" data-testid="template-download">{}</a>', url, _("Download the template in use")
        )

    @admin.display(description=gettext_lazy("available tags"))
    def tags(self, obj: DocumentTemplate) -> str:
        spec = documents.kind(obj.name, missing_ok=True)
        if spec is None:
            return "—"
        rows = format_html_join("", "<li><code>{{{{ {} }}}}</code> {}</li>", ((tag, text) for tag, text in spec.tags))
        return format_html(
            '<p>{}</p><ul class="document-tags">{}</ul>',
            _("Write a tag where its value should print, as in {{ number }}; keep each tag in one font."),
            rows,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Every kind of document has its row (created with the list); only its template changes.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        if self.has_change_permission(request):
            ensure_templates()
        return super().changelist_view(request, extra_context=extra_context)

    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="casework_documenttemplate_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, object_id: int) -> FileResponse:
        """The template in use (the office's, else the default), to edit in Word."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        row = get_object_or_404(DocumentTemplate, pk=object_id)
        documents.kind(row.name)
        name = row.file_name if row.is_custom and row.file_name else f"{row.name}.docx"
        return FileResponse(
            iter([documents.template_bytes(row.name, row=row)]),
            as_attachment=True,
            filename=name,
            content_type=documents.DOCX_CONTENT_TYPE,
        )

    def save_model(self, request: HttpRequest, obj: DocumentTemplate, form, change: bool) -> None:
        """Through the services (who may, the checks, the history's user), never the form's save."""
        data = form.cleaned_data
        try:
            if data.get("upload"):
                replace_template(obj.name, actor=request.user, data=data["data"], file_name=data["upload"].name)
            elif data.get("revert"):
                revert_template(obj.name, actor=request.user)
            if "number_pattern" in form.changed_data:
                set_number_pattern(obj.name, actor=request.user, pattern=data.get("number_pattern", ""))
        except (ActionRefused, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        obj.refresh_from_db()
