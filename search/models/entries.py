"""One row per searchable object: its words for display and its tokens (``search.tokens``) for the
index. PostgreSQL indexes ``to_tsvector('simple', tokens)`` with GIN, SQLite keeps an FTS5 table over
the same column (migration 0001, per ``connection.vendor``). The row is derived data: rebuilt from the
records by ``manage.py rebuild_search_index`` and kept current after each commit (``search.receivers``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.models import Case
from jinzhou.org.models import Enterprise
from meetings.models import Meeting


class EntryKind(models.TextChoices):
    CASE = "case", _("Case")
    ENTERPRISE = "enterprise", _("Enterprise")
    MEETING = "meeting", _("Meeting")


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    enterprise = models.OneToOneField(Enterprise, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What a hit shows: the reference or credit code, the title or name, the main text, the rest
    # (comments, progress reports) — and what ranks it: title first, then main text, then the rest.
    code = models.CharField(_("reference"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    notes = models.TextField(_("comments and reports"), blank=True)
    tokens = models.TextField(editable=False)
    recency = models.DateTimeField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.CheckConstraint(
                name="search_entry_one_object",
                condition=(
                    models.Q(kind="case", case__isnull=False, enterprise__isnull=True, meeting__isnull=True)
                    | models.Q(kind="enterprise", case__isnull=True, enterprise__isnull=False, meeting__isnull=True)
                    | models.Q(kind="meeting", case__isnull=True, enterprise__isnull=True, meeting__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()
