from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Source(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise report")
    DEPARTMENT = "department", pgettext_lazy("case source", "Department")
    PARTNER = "partner", _("Partner system")
    INSTRUCTION = "instruction", _("Leader's instruction")
    MEETING = "meeting", _("Meeting decision")


class Light(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    GREY = "grey", _("Closed")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    TRANSITION = "transition", _("Status change")
    COMMENT = "comment", _("Comment")
    ASSIGNMENT = "assignment", _("Assignment")
    CO_HANDLING = "co_handling", _("Co-handling")
    EXTENSION = "extension", _("Extension")
    ESCALATION = "escalation", _("Escalation")
    ATTACHMENT = "attachment", _("Attachment")
    PROGRESS = "progress", _("Progress report")
    LINK = "link", _("Link")
    EDITED = "edited", _("Edited")
    OVERDUE = "overdue", pgettext_lazy("timeline", "Overdue")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class EscalationLevel(models.IntegerChoices):
    """督办 notice levels, from a reminder to the most serious: 蓝色提醒, 黄色预警, 橙色警示, 红色督办."""

    BLUE = 1, _("Blue reminder")
    YELLOW = 2, _("Yellow warning")
    ORANGE = 3, _("Orange caution")
    RED = 4, _("Red supervision")


class EscalationTarget(models.TextChoices):
    DEPARTMENT_HEAD = "department_head", _("Head of the chain-leader department")
    TASK_FORCE_LEADER = "task_force_leader", _("Task-force leader")
    LEADING_GROUP = "leading_group", _("Leading group")


class LinkRelation(models.TextChoices):
    RELATES = "relates", _("Related to")
    DUPLICATES = "duplicates", _("Duplicates")
    BLOCKS = "blocks", _("Blocks")


class CoHandlingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for feedback")
    DONE = "done", _("Feedback given")
