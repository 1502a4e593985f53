"""Word templates the office replaces with its own (``casework.documents`` renders them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentTemplate(models.Model):
    """The office's own Word template for one kind of document (e.g. ``supervision_notice``), and the
    pattern of its document numbers.

    Empty ``content`` means the shipped default (``documents.DocumentKind.default_file``); the file's
    bytes are kept in the row rather than under MEDIA_ROOT so that the history holds every version
    the office uploaded, and a template is small (``documents.MAX_TEMPLATE_BYTES``)."""

    name = models.CharField(_("document"), max_length=40, unique=True)
    content = models.BinaryField(_("template"), blank=True, default=b"")
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Empty: the kind's default pattern. ``{year}`` and ``{seq}`` are required (documents.check_pattern).
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=40,
        blank=True,
        help_text=_("For example 锦工领办督〔{year}〕{seq}号; empty for the default. {year} and {seq} are required."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["name"]

    def __str__(self) -> str:
        from jinzhou.casework.documents import kind

        spec = kind(self.name, missing_ok=True)
        return str(spec.label) if spec else self.name

    @property
    def is_custom(self) -> bool:
        return bool(self.content)
