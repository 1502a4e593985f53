from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """What a partner can subscribe to; each is fed by one kind of case timeline event."""

    CASE_CREATED = "case.created", _("Case created")
    CASE_TRANSITIONED = "case.transitioned", _("Case status changed")
    CASE_COMMENTED = "case.commented", _("Case commented")
    CASE_ESCALATED = "case.escalated", _("Case escalated")
    CASE_OVERDUE = "case.overdue", _("Case overdue")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
