from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading group meeting")
    TASK_FORCE = "task_force", _("Task force coordination meeting")
    CHAIN_LEADERS = "chain_leaders", _("Chain leaders' meeting")
    MONTHLY = "monthly", _("Monthly coordination meeting")
    SPECIAL = "special", _("Special coordination meeting")
