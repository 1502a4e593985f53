"""What happens to a case: its timeline, comments, attachments, extensions and escalations."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.casework.choices import EscalationLevel, EscalationTarget, EventKind, ExtensionStatus
from jinzhou.casework.models.cases import Case

User = settings.AUTH_USER_MODEL


class TimelineEvent(models.Model):
    """One line of a case's timeline: who did what, when, with which note."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=40, blank=True)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.action}"


class Comment(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name on disk: the user's file name is kept in the row, never used as a path.
    return f"attachments/{instance.case_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Extension(models.Model):
    """An extension request (延期). Approval moves ``Case.due_at``; ``original_due_at`` stays."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    current_due_at = models.DateTimeField(_("deadline when requested"))
    new_due_at = models.DateTimeField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # At most one request waits for a decision at a time.
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="pending"), name="extension_one_pending")
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.new_due_at:%Y-%m-%d}"


class Escalation(models.Model):
    """A supervision notice (督办): a level, a notice number, a target who must acknowledge it."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel.choices)
    notice_number = models.CharField(_("notice number"), max_length=30, unique=True)
    target = models.CharField(_("target"), max_length=20, choices=EscalationTarget.choices)
    target_user = models.ForeignKey(
        User, verbose_name=_("addressed to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("addressed to department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when issued by the reminder ladder."),
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # Which deadline this notice is about, so that the ladder never issues the same step twice.
    due_at = models.DateTimeField(_("deadline concerned"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, verbose_name=_("acknowledged by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.notice_number} {self.get_level_display()}"
