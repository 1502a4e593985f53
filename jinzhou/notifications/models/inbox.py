"""The in-app inbox (``Notification``), the chat robots of the departments and the delivery log."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou import outbound
from jinzhou.notifications.choices import Channel, DeliveryStatus, Level, RobotKind
from jinzhou.org.selectors import RestrictedQuerySet, actor_for
from jinzhou.outbox import OutboxRow


class NotificationQuerySet(RestrictedQuerySet):
    """A user sees and marks their own notifications; the office sees everyone's (the Notification
    admin, for support) but changes none but its own."""

    def _restrict(self, user, action: str):
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if action == "view" and actor_for(user).is_office:
            return self
        return self.filter(recipient_id=user.pk)


class DeliveryQuerySet(RestrictedQuerySet):
    """A delivery is seen with its notification; retrying one is the office's (the delivery log)."""

    def _restrict(self, user, action: str):
        if action == "change" and not (user is not None and actor_for(user).is_office):
            return self.none()
        return self.filter(notification__in=Notification.objects.restrict(user, "view"))


User = settings.AUTH_USER_MODEL


class Notification(models.Model):
    """One message to one user. The row is the in-app copy: it exists before any channel is tried
    and no channel's failure removes it.

    ``dedupe_key`` is built from (case, step, deadline) and is unique per recipient: a second or a
    concurrent sweep that asks for the same reminder inserts nothing. It is a non-null string on
    purpose, because a unique index treats NULLs (a digest has no case) as all different.
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    step = models.CharField(_("step"), max_length=60, help_text=_("Which reminder or notice this is."))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, editable=False)
    # The notify() call that inserted the row: lets that call find its own new rows in one indexed
    # query after an insert that silently skipped the duplicates.
    batch = models.UUIDField(default=uuid.uuid4, editable=False)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # notify() reads back the rows its insert wrote (the rest were duplicates) by this id.
            models.Index(fields=["batch"], name="notification_batch_idx"),
            # The header's unread count on every admin page reads only this small index.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ChatRobot(models.Model):
    """A department's group-chat robot (企业微信群机器人 or 钉钉自定义机器人)."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.CASCADE, related_name="chat_robots"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RobotKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)
    url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk robots with the signing security setting: the secret starting with SEC."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Who added, changed or switched off a department's robot. Its URL and secret are credentials
    # (see the admin), so the history records that they changed, not their values.
    history = HistoricalRecords(excluded_fields=["url", "secret"])

    class Meta:
        verbose_name = _("chat robot")
        verbose_name_plural = _("chat robots")
        ordering = ["department", "kind", "id"]

    def __str__(self) -> str:
        return self.name or f"{self.department} · {self.get_kind_display()}"

    def clean(self) -> None:
        # The same rule as partner webhooks (jinzhou/outbound.py); checked again when sending.
        if self.url:
            try:
                outbound.validate_url(self.url)
            except ValidationError as exc:
                raise ValidationError({"url": exc.messages}) from None


class Delivery(OutboxRow):
    """One notification through one external channel: the retry state and the log of its attempts.

    ``next_attempt_at`` is the only schedule: a pending row is sent when it has passed (quiet hours
    and backoff both just move it); a row being sent carries its claim's expiry there, so a worker
    that died mid-send leaves a row the periodic ``deliver_due`` picks up again.
    """

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    robot = models.ForeignKey(
        ChatRobot,
        verbose_name=_("robot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # attempts and next_attempt_at: the outbox's (jinzhou/outbox.py); a chat robot's error is longer.
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "robot"], condition=Q(robot__isnull=False), name="delivery_once_per_robot"
            ),
            models.UniqueConstraint(
                fields=["notification", "channel"], condition=Q(robot__isnull=True), name="delivery_once_per_channel"
            ),
        ]
        indexes = [
            # deliver_due's cost follows the deliveries still to do, not the whole log.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification} → {self.get_channel_display()}"


class EmailPreference(models.Model):
    """A user's choice of the kinds of case events (``choices.Category``) they get no e-mail for.

    Only e-mail is muted: the in-app notification is always written, and the department's chat
    robot is the department's, not the user's."""

    user = models.OneToOneField(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_preference")
    muted = models.JSONField(_("no e-mail for"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self) -> str:
        return str(self.user)
