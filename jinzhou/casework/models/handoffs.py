"""Handoff rules: who is told when something happens to a case of a kind (one row per kind and event)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.casework import handoffs


class HandoffRule(models.Model):
    """Who is told of one event (``casework.handoffs.event_key``) on the cases of one kind.

    A kind and event without a row follow ``casework.handoffs.default_recipients``; the admin's list
    creates the missing rows with those defaults, so the office edits what is in force.
    """

    kind = models.CharField(_("kind of case"), max_length=30)
    event = models.CharField(_("event"), max_length=80)
    enabled = models.BooleanField(_("notify"), default=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Who changed who is told of what: an audit the office answers for, as for reminder policies.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "event"], name="handoff_rule_once_per_event")]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.event_label}"

    @property
    def spec(self):
        from jinzhou.casework.kinds import get_kind

        try:
            return get_kind(self.kind)
        except LookupError:
            return None

    @property
    def kind_label(self) -> str:
        spec = self.spec
        return str(spec.label) if spec else self.kind

    @property
    def event_label(self) -> str:
        return handoffs.event_label(self.spec, self.event)

    def clean(self) -> None:
        who = self.recipients
        if not isinstance(who, list) or not all(isinstance(w, str) and w in handoffs.RECIPIENT_CODES for w in who):
            raise ValidationError(
                {"recipients": _("Choose among: %(choices)s.") % {"choices": ", ".join(handoffs.RECIPIENT_CODES)}}
            )
