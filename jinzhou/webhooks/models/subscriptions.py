"""Partner subscriptions and the log of what was sent to them.

A ``WebhookDelivery`` is one message (one case event for one subscription) with its body frozen
when it was created, so every attempt and every redelivery sends the same bytes under the same
``webhook-id``. Each attempt is a ``WebhookAttempt`` row: the delivery log. ``EventFanOut`` marks
the timeline events already fanned out, so that the periodic sweep can find and finish any event
whose fan-out was lost (broker down, worker crash) without ever fanning one out twice.
"""

import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou import outbound
from jinzhou.outbox import OutboxRow
from jinzhou.webhooks.choices import DeliveryStatus, EventType
from jinzhou.webhooks.signing import generate_secret

User = settings.AUTH_USER_MODEL


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Subscription(models.Model):
    """A partner's endpoint and the case events it wants.

    The partner account (``owner``) bounds what it receives: only events of cases that
    ``Case.objects.visible_to(owner)`` returns at the moment of the fan-out.
    """

    owner = models.ForeignKey(
        User,
        verbose_name=_("partner account"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        help_text=_("Events are sent only for the cases this account may see."),
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The partner's endpoint; each event is POSTed to it as JSON."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=generate_secret,
        editable=False,
        help_text=_("Give this to the partner: it verifies the webhook-signature header with it."),
    )
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Which partner receives which events at which URL, and who changed it; the secret is not copied.
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        unknown = set(self.event_types or []) - set(EventType.values)
        if not isinstance(self.event_types, list) or unknown:
            errors["event_types"] = _("Choose event types from the list.")
        if self.url:
            # No internal addresses, no user info (jinzhou/outbound.py); checked again when sending.
            try:
                outbound.validate_url(self.url)
            except ValidationError as exc:
                errors["url"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def wants(self, event_type: str) -> bool:
        return event_type in (self.event_types or [])


class EventFanOut(models.Model):
    """The case event was fanned out to the subscriptions (once, whatever the number of tries)."""

    event = models.OneToOneField("casework.TimelineEvent", primary_key=True, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    deliveries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("fanned-out event")
        verbose_name_plural = _("fanned-out events")

    def __str__(self) -> str:
        return str(self.event_id)


class WebhookDelivery(OutboxRow):
    """One message to one subscription, retried with backoff until delivered or given up."""

    subscription = models.ForeignKey(
        Subscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "casework.TimelineEvent", verbose_name=_("case event"), on_delete=models.CASCADE, related_name="+"
    )
    event_type = models.CharField(_("event type"), max_length=30, choices=EventType.choices)
    message_id = models.CharField(_("message id"), max_length=40, unique=True, default=new_message_id)
    # The exact bytes every attempt sends, frozen when the delivery was created.
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # attempts, next_attempt_at and last_error: the outbox's (jinzhou/outbox.py).
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="webhook_delivery_once_per_event"),
        ]
        indexes = [
            # The periodic sweep's query: due deliveries still waiting.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due_idx",
                condition=models.Q(status=DeliveryStatus.PENDING),
            ),
        ]

    def __str__(self) -> str:
        return self.message_id

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


class WebhookAttempt(models.Model):
    """One HTTP POST of a delivery: the delivery log."""

    delivery = models.ForeignKey(
        WebhookDelivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("attempted at"))
    timestamp = models.BigIntegerField(_("webhook-timestamp"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response = models.CharField(_("response (start)"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("redelivery requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_number_unique")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
