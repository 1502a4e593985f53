"""Admin for reminder policies (one per kind of case) and the record of the reminder sweeps.

The policies' list shows when the last sweep ran and how long it took; saving a policy recomputes the
next reminder of the open cases of its kind (``services.reminders.save_policy``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.casework.kinds import kind_choices
from jinzhou.casework.models import ReminderPolicy, SweepRun
from jinzhou.casework.services.reminders import save_policy
from jinzhou.org.selectors import person_label


class ReminderPolicyForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind of case"), choices=())

    class Meta:
        model = ReminderPolicy
        fields = [
            "kind",
            "enabled",
            "before_days",
            "on_due_day",
            "overdue_every",
            "ladder",
            "remind_reports",
            "report_before_days",
            "remind_co_handlers",
            "recipients",
            "remind_at",
            "work_start",
            "work_end",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = list(kind_choices())
        if self.instance.kind and self.instance.kind not in dict(choices):
            choices.append((self.instance.kind, self.instance.kind))
        self.fields["kind"].choices = choices


def last_sweep() -> SweepRun | None:
    return SweepRun.objects.filter(finished_at__isnull=False).order_by("-started_at", "-id").first()


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(SimpleHistoryAdmin):
    form = ReminderPolicyForm
    list_display = [
        "kind_label",
        "enabled",
        "before_days",
        "on_due_day",
        "overdue_every",
        "ladder_summary",
        "updated_at",
    ]
    readonly_fields = ["updated_at", "updated_by_label"]
    fieldsets = [
        (None, {"fields": ["kind", "enabled"]}),
        (_("Before the deadline"), {"fields": ["before_days", "on_due_day"]}),
        (_("Overdue"), {"fields": ["overdue_every", "ladder"]}),
        (
            _("Progress reports and co-handlers"),
            {"fields": ["remind_reports", "report_before_days", "remind_co_handlers"]},
        ),
        (_("Recipients"), {"fields": ["recipients"]}),
        (_("Quiet hours"), {"fields": ["remind_at", "work_start", "work_end"]}),
        (None, {"fields": ["updated_at", "updated_by_label"]}),
    ]

    @admin.display(description=_("updated by"))
    def updated_by_label(self, obj: ReminderPolicy) -> str:
        return person_label(obj.updated_by) or "—"

    @admin.display(description=_("kind of case"), ordering="kind")
    def kind_label(self, obj: ReminderPolicy) -> str:
        return obj.kind_label

    @admin.display(description=_("escalation ladder"))
    def ladder_summary(self, obj: ReminderPolicy) -> str:
        from jinzhou.casework.choices import EscalationLevel

        rungs = sorted(obj.ladder or [], key=lambda rung: rung.get("days", 0))
        return "；".join(
            gettext("%(days)s days → %(level)s") % {"days": r.get("days"), "level": EscalationLevel(r["level"]).label}
            for r in rungs
            if r.get("level") in EscalationLevel.values
        )

    def save_model(self, request: HttpRequest, obj: ReminderPolicy, form, change: bool) -> None:
        moved = save_policy(obj, actor=request.user)
        messages.info(
            request,
            gettext("The next reminder of %(count)d open cases was recomputed.") % {"count": moved},
        )

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {**(extra_context or {}), "last_sweep": last_sweep()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "duration_seconds",
        "cases_claimed",
        "notifications_written",
        "escalations_written",
        "error",
    ]
    date_hierarchy = "started_at"

    @admin.display(description=_("duration (s)"), ordering="duration")
    def duration_seconds(self, obj: SweepRun) -> str:
        return f"{obj.duration.total_seconds():.3f}" if obj.duration is not None else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
