"""Coordination meetings (调度会) and their decisions (议定事项).

A meeting records who met, about which chains and enterprises, with its minutes; each decision is
tracked as a chain task (``chains.ChainTask``, source 会议议定) — an action on an existing bottleneck
is a task whose ``parent`` is that bottleneck — and the ``Decision`` row links the meeting to it.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.org.models import SampleMixin
from jinzhou.org.selectors import RestrictedQuerySet
from meetings.choices import MeetingKind


class MeetingQuerySet(RestrictedQuerySet):
    """Scope: ``meetings.selectors.meeting_scope_q`` ("view": the office and the leading group, the
    attendees and their units, the departments that hold a decision; "change": the office)."""

    def _restrict(self, user, action: str):
        from meetings.selectors import meeting_scope_q

        return self.filter(pk__in=self.model.objects.filter(meeting_scope_q(user, action)).values("pk"))


class Meeting(SampleMixin):
    kind = models.CharField(_("meeting kind"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("meeting date"), db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("e.g. 第三次专班调度会"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chaired by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="chaired_meetings",
    )  # fmt: skip
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="attended_meetings"
    )
    departments = models.ManyToManyField(
        "org.Department", verbose_name=_("attending units"), blank=True, related_name="meetings"
    )
    chains = models.ManyToManyField(
        "org.Chain", verbose_name=_("chains concerned"), blank=True, related_name="meetings"
    )
    enterprises = models.ManyToManyField(
        "org.Enterprise", verbose_name=_("enterprises concerned"), blank=True, related_name="meetings"
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[attendees, departments, chains, enterprises])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title or self.get_kind_display()}"


def minutes_path(instance: "MeetingMinutes", filename: str) -> str:
    # A random name on disk, as a case's attachments: the user's file name stays in the row.
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MeetingMinutes(models.Model):
    """A file of the minutes (会议纪要), checked as a case's attachments are (``validate_upload``)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes")
    file = models.FileField(_("file"), upload_to=minutes_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


class Decision(models.Model):
    """One decision (议定事项) of a meeting, tracked as the chain task ``task``."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("No."))
    text = models.CharField(_("decided item"), max_length=200)
    task = models.OneToOneField(
        "chains.ChainTask", verbose_name=_("tracked as"), on_delete=models.PROTECT, related_name="decision"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decided item")
        verbose_name_plural = _("decided items")
        ordering = ["meeting", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_per_meeting")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"
