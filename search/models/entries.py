"""One row per searchable object: its words for display, its ``document`` for the index (the tokens of
``search.tokens.document``, each marked by where it stands: title, main text, comments), and for a case
a copy of the columns its scope is decided on (``casework.selectors.scope_q`` reads them here under the
same names), so the common scopes are column filters of the same query instead of a probe into the
cases per match. PostgreSQL stores ``document`` as a tsvector with a GIN index, SQLite as text with an
FTS5 table over it (migrations 0001-0002, per ``connection.vendor``). The row is derived data: rebuilt
from the records by ``manage.py rebuild_search_index`` and kept current after each commit
(``search.receivers``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.models import Case
from jinzhou.org.models import Chain, Department, Enterprise
from meetings.models import Meeting


class EntryKind(models.TextChoices):
    CASE = "case", _("Case")
    ENTERPRISE = "enterprise", _("Enterprise")
    MEETING = "meeting", _("Meeting")


class DocumentField(models.TextField):
    """Space-separated tokens: a ``tsvector`` column on PostgreSQL (the text casts to one, a lexeme per
    token), text on SQLite (read by the FTS5 table)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else super().db_type(connection)


class EntryManager(models.Manager):
    def get_queryset(self):
        # The document is for the index only: never read back with the rows.
        return super().get_queryset().defer("document")


def _copy(model, **kwargs):
    # A copy of a case's column: no constraint of its own (the case's holds it; a stale copy in the
    # moment between a write and its re-index must not block a delete), no reverse accessor.
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **kwargs
    )


def _user_copy():
    # A deleted user's cases lose the user (SET_NULL): so do their entries, in the same delete.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


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
    document = DocumentField(editable=False, blank=True)
    recency = models.DateTimeField(_("date"), null=True, blank=True)
    # A case's: its kind (for its page's address) and whether it is open (similar open cases) ...
    case_kind = models.CharField(max_length=30, blank=True, editable=False)
    is_open = models.BooleanField(default=False, editable=False)
    # ... and the columns of its scope, under the case's names (casework.selectors.scope_q).
    chain = _copy(Chain)
    reporter_enterprise = _copy(Enterprise)
    responsible_department = _copy(Department)
    reporter = _user_copy()
    responsible_person = _user_copy()
    assigned_by = _user_copy()

    objects = EntryManager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        # Also search_entry_recency (recency DESC NULLS LAST, id DESC), created by migration 0002 per
        # database (SQLite puts nulls last in a descending index by itself and does not accept the words):
        # each tier of a query is read newest first through it when its word is common.
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
