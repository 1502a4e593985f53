from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """How serious a notification is; the escalation notices use the 督办 colours."""

    INFO = "info", _("Information")
    BLUE = "blue", _("Blue (reminder)")
    YELLOW = "yellow", _("Yellow (warning)")
    ORANGE = "orange", _("Orange")
    RED = "red", pgettext_lazy("notification level", "Red")


class Channel(models.TextChoices):
    """The external channels; the in-app copy is the Notification row itself and needs no delivery."""

    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Category(models.TextChoices):
    """The kinds of case events a user may choose not to receive by e-mail (the in-app copy stays).

    Reminders (催办), supervision notices (督办) and digests carry no category: they always go out."""

    TRANSITION = "transition", _("Status changes (assigned, returned, submitted, closed …)")
    COMMENT = "comment", _("Comments")
    ATTACHMENT = "attachment", _("Files attached")
    EXTENSION = "extension", _("Extension requests and decisions")
    CO_HANDLING = "co_handling", _("Co-handling (added, feedback)")
    PROGRESS = "progress", _("Progress reports")
    ESCALATION = "escalation", _("Supervision notices acknowledged")
