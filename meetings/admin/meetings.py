"""The office's admin of meetings: a meeting with its decisions recorded in one step (an inline row
per decision, all written by ``meetings.services.record_decisions`` in the admin's one transaction),
its minutes, and on its page 会议议定事项落实情况 and what is left open from the previous meeting of
the same kind (遗留事项)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.casework.display import light_badge
from jinzhou.casework.forms import PeopleChoiceField, PersonChoiceField, active_users
from jinzhou.org.selectors import person_label, person_related
from meetings.admin.forms import DecisionRowForm, MinutesForm
from meetings.models import Decision, Meeting, MeetingMinutes
from meetings.selectors import decision_tasks, open_items, progress_of
from meetings.services import add_minutes, may_record_meeting, record_decisions


def cases_url(ids) -> str:
    """The admin's list of all cases narrowed to exactly ``ids`` (the cases behind one number)."""
    base = reverse("admin:casework_case_changelist")
    return f"{base}?{urlencode({'id__in': ','.join(str(pk) for pk in ids) or '0'})}"


def task_url(task) -> str:
    return reverse("admin:chains_chaintask_change", args=[task.pk])


class NewRowsOnly(admin.TabularInline):
    """Rows that are only added here: what is recorded shows on the page (落实情况, the files)."""

    extra = 3
    can_delete = False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).none()

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_record_meeting(request.user) and super().has_add_permission(request, obj)


class DecisionInline(NewRowsOnly):
    model = Decision
    form = DecisionRowForm
    verbose_name = _("new decision")
    verbose_name_plural = _("new decisions (each becomes a tracked task)")
    fields = ["text", "chain", "department", "co_departments", "due_in_working_days", "due_date", "bottleneck"]

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        kwargs["form"] = type("DecisionRowForm", (DecisionRowForm,), {"actor": request.user})
        return super().get_formset(request, obj, **kwargs)


class MinutesInline(NewRowsOnly):
    model = MeetingMinutes
    form = MinutesForm
    extra = 1
    verbose_name = _("file of the minutes")
    verbose_name_plural = _("minutes (会议纪要): add files")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "title", "chair_label", "decision_count", "is_sample"]
    list_filter = ["kind", "chains", "is_sample"]
    date_hierarchy = "date"
    search_fields = ["title", "summary", "decisions__text"]
    # People are chosen by name and unit (王磊（工信局）), never by login: a plain choice over the active
    # users (a few hundred at most), not the user admin's autocomplete, which shows the login.
    autocomplete_fields = ["departments", "chains", "enterprises"]
    list_select_related = ["chair", *person_related("chair")]
    exclude = ["created_by", "provenance"]  # is_sample says it; SampleMixin keeps the two in step
    inlines = [DecisionInline, MinutesInline]
    change_form_template = "admin/meetings/meeting/change_form.html"

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "chair":
            kwargs["form_class"] = PersonChoiceField
            kwargs["queryset"] = active_users().select_related(*person_related())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "attendees":
            kwargs["form_class"] = PeopleChoiceField
            kwargs["queryset"] = active_users().select_related(*person_related())
            kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest):
        scope = Meeting.objects.restrict(request.user, "view").values("pk")
        return super().get_queryset(request).filter(pk__in=scope).annotate(decision_total=Count("decisions"))

    @admin.display(description=_("chaired by"), ordering="chair")
    def chair_label(self, obj: Meeting) -> str:
        return person_label(obj.chair)

    @admin.display(description=_("decided items"), ordering="decision_total")
    def decision_count(self, obj: Meeting) -> int:
        return obj.decision_total

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        rows = [row for row in formset.forms if row.has_changed() and getattr(row, "cleaned_data", None)]
        if formset.model is Decision:
            checked = [row.row for row in rows if hasattr(row, "row")]
            made = record_decisions(form.instance, actor=request.user, rows=checked)
        else:
            made = [add_minutes(form.instance, actor=request.user, upload=row.cleaned_data["file"]) for row in rows]
        # What the admin's history message lists (``construct_change_message``).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = made, [], []

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.progress_context(object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def progress_context(self, object_id) -> dict:
        meeting = Meeting.objects.filter(pk=object_id).first()
        if meeting is None:
            return {}
        progress = progress_of(decision_tasks([meeting.pk]))
        previous, left_open = open_items(meeting)
        for decision in (*progress.decisions, *left_open):
            decision.url = task_url(decision.task)
            decision.badge = light_badge(decision.light)
        return {
            "progress": progress,
            "total_links": {name: cases_url(ids) for name, ids in progress.totals.items()},
            "previous_meeting": previous,
            "left_open": left_open,
            "minutes_files": list(meeting.minutes.all()),
        }
