"""Reminder policies (one per kind of case, editable in the admin) and the record of each sweep."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.casework import reminder_steps
from jinzhou.casework.choices import EscalationLevel, EscalationTarget

MAX_DAYS = 60


def default_before_days() -> list[int]:
    return list(reminder_steps.DEFAULT_BEFORE_DAYS)


def default_report_before_days() -> list[int]:
    return list(reminder_steps.DEFAULT_REPORT_BEFORE_DAYS)


def default_ladder() -> list[dict]:
    return [dict(rung) for rung in reminder_steps.DEFAULT_LADDER]


def default_recipients() -> dict:
    return {key: list(value) for key, value in reminder_steps.DEFAULT_RECIPIENTS.items()}


class ReminderPolicy(models.Model):
    """When the cases of one kind are reminded (催办), who is told, and how they climb the escalation ladder."""

    kind = models.CharField(_("kind of case"), max_length=30, unique=True)
    enabled = models.BooleanField(_("reminders on"), default=True)
    before_days = models.JSONField(
        _("remind before the deadline (working days)"),
        default=default_before_days,
        blank=True,
        help_text=_("A list of working days before the deadline, e.g. [3, 1]."),
    )
    on_due_day = models.BooleanField(_("remind on the due day"), default=True)
    overdue_every = models.PositiveSmallIntegerField(
        _("repeat while overdue (every N working days)"),
        default=1,
        help_text=_("0 sends one overdue reminder only."),
    )
    ladder = models.JSONField(
        _("escalation ladder"),
        default=default_ladder,
        blank=True,
        help_text=_(
            'Rungs as a list, e.g. [{"days": 1, "level": 2, "target": "department_head"}]: after "days" working days '
            'overdue a notice of "level" (1 blue, 2 yellow, 3 orange, 4 red) goes to "target" '
            "(department_head, task_force_leader or leading_group)."
        ),
    )
    remind_reports = models.BooleanField(_("remind missing progress reports"), default=True)
    report_before_days = models.JSONField(
        _("remind before a progress report is due (working days)"), default=default_report_before_days, blank=True
    )
    remind_co_handlers = models.BooleanField(_("remind co-handlers of their sub-deadlines"), default=True)
    recipients = models.JSONField(
        _("recipients per step"),
        default=default_recipients,
        help_text=_(
            "For each step (before, due_day, overdue, ladder, report) a list of: assignee, department, assigner, "
            "escalation_target. Co-handlers are always reminded of their own sub-deadlines."
        ),
    )
    remind_at = models.TimeField(_("reminder time"), default=dt.time(9))
    work_start = models.TimeField(_("working hours from"), default=dt.time(9))
    work_end = models.TimeField(_("working hours until"), default=dt.time(18))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Who changed when and how the cases of a kind are reminded: an audit the office answers for.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind_label

    @property
    def kind_label(self) -> str:
        from jinzhou.casework.kinds import get_kind

        try:
            return str(get_kind(self.kind).label)
        except LookupError:
            return self.kind

    def clean(self) -> None:
        errors: dict[str, list] = {}
        for name in ("before_days", "report_before_days"):
            problem = _day_list_problem(getattr(self, name))
            if problem:
                errors[name] = [problem]
        problem = _ladder_problem(self.ladder)
        if problem:
            errors["ladder"] = [problem]
        problem = _recipients_problem(self.recipients)
        if problem:
            errors["recipients"] = [problem]
        if self.work_start and self.work_end and self.work_start >= self.work_end:
            errors["work_end"] = [_("Working hours must end after they start.")]
        if self.overdue_every is not None and self.overdue_every > MAX_DAYS:
            errors["overdue_every"] = [_("Enter at most %(max)d working days.") % {"max": MAX_DAYS}]
        if errors:
            raise ValidationError(errors)

    def rules(self) -> reminder_steps.Rules:
        """The policy as the plain values the arithmetic in ``casework.reminder_steps`` works on."""
        return reminder_steps.Rules(
            before_days=tuple(int(n) for n in self.before_days or ()),
            on_due_day=self.on_due_day,
            overdue_every=self.overdue_every,
            ladder=tuple(
                reminder_steps.Rung(days=int(r["days"]), level=int(r["level"]), target=r["target"])
                for r in self.ladder or ()
            ),
            report_before_days=tuple(int(n) for n in self.report_before_days or ()),
            remind_at=self.remind_at,
            work_start=self.work_start,
            work_end=self.work_end,
            enabled=self.enabled,
            remind_reports=self.remind_reports,
            remind_co_handlers=self.remind_co_handlers,
            recipients={key: list(value) for key, value in (self.recipients or {}).items()},
        )


def _is_day_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_DAYS


def _day_list_problem(value) -> str | None:
    if not isinstance(value, list) or not all(_is_day_count(n) for n in value):
        return _("Enter a list of whole numbers of working days between 1 and %(max)d, e.g. [3, 1].") % {
            "max": MAX_DAYS
        }
    if len(set(value)) != len(value):
        return _("Each number of days may appear only once.")
    return None


def _ladder_problem(value) -> str | None:
    if not isinstance(value, list):
        return _('Enter the rungs as a list, e.g. [{"days": 1, "level": 2, "target": "department_head"}].')
    seen: set[int] = set()
    for position, rung in enumerate(value, start=1):
        if not isinstance(rung, dict) or set(rung) != {"days", "level", "target"}:
            return _('Rung %(n)d: give exactly "days", "level" and "target".') % {"n": position}
        if not _is_day_count(rung["days"]):
            return _("Rung %(n)d: days overdue must be a whole number between 1 and %(max)d.") % {
                "n": position,
                "max": MAX_DAYS,
            }
        if rung["days"] in seen:
            return _("Rung %(n)d: another rung already starts at %(days)d working days overdue.") % {
                "n": position,
                "days": rung["days"],
            }
        seen.add(rung["days"])
        if rung["level"] not in EscalationLevel.values:
            return _("Rung %(n)d: level must be 1 (blue), 2 (yellow), 3 (orange) or 4 (red).") % {"n": position}
        if rung["target"] not in EscalationTarget.values:
            return _("Rung %(n)d: target must be one of %(choices)s.") % {
                "n": position,
                "choices": ", ".join(EscalationTarget.values),
            }
    return None


def _recipients_problem(value) -> str | None:
    if not isinstance(value, dict):
        return _('Enter an object such as {"before": ["assignee", "department"]}.')
    unknown = sorted(set(value) - set(reminder_steps.STEP_KINDS))
    if unknown:
        return _("Unknown step %(steps)s; the steps are %(choices)s.") % {
            "steps": ", ".join(unknown),
            "choices": ", ".join(reminder_steps.STEP_KINDS),
        }
    for step, who in value.items():
        if not isinstance(who, list) or not all(
            isinstance(w, str) and w in reminder_steps.RECIPIENT_CHOICES for w in who
        ):
            return _("Step %(step)s: recipients must be a list of %(choices)s.") % {
                "step": step,
                "choices": ", ".join(reminder_steps.RECIPIENT_CHOICES),
            }
        if step != "ladder" and reminder_steps.ESCALATION_TARGET in who:
            return _("Step %(step)s: only the ladder has an escalation target.") % {"step": step}
    return None


class SweepRun(models.Model):
    """One run of the reminder sweep: when, how long, and what it wrote."""

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    cases_claimed = models.PositiveIntegerField(_("cases claimed"), default=0)
    notifications_written = models.PositiveIntegerField(_("notifications written"), default=0)
    escalations_written = models.PositiveIntegerField(_("escalations written"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}"
