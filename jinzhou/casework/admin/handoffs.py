"""Admin for handoff rules: who is told when something happens to a case of a kind.

The list shows every kind of case and event; the rows a kind has not stored yet are created with
their defaults when the list is opened (``services.handoffs.ensure_rules``), so the office edits
what is in force. Recipients are ticked in a fixed vocabulary (``casework.handoffs.RECIPIENTS``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.casework import handoffs
from jinzhou.casework.kinds import kind_choices
from jinzhou.casework.models import HandoffRule
from jinzhou.casework.services.handoffs import ensure_rules


class HandoffRuleForm(forms.ModelForm):
    recipients = forms.MultipleChoiceField(
        label=_("recipients"),
        choices=handoffs.RECIPIENTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Whoever did it is never told; someone named twice is told once."),
    )

    class Meta:
        model = HandoffRule
        fields = ["enabled", "recipients"]


class KindFilter(admin.SimpleListFilter):
    title = _("kind of case")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(HandoffRule)
class HandoffRuleAdmin(SimpleHistoryAdmin):
    form = HandoffRuleForm
    list_display = ["kind_label", "event_label", "enabled", "recipient_summary", "updated_at"]
    list_display_links = ["kind_label", "event_label"]
    list_filter = [KindFilter, "enabled"]
    search_fields = ["event"]
    readonly_fields = ["kind_label", "event_label", "updated_at", "updated_by"]
    fields = ["kind_label", "event_label", "enabled", "recipients", "updated_at", "updated_by"]
    list_per_page = 200

    @admin.display(description=_("kind of case"), ordering="kind")
    def kind_label(self, obj: HandoffRule) -> str:
        return obj.kind_label

    @admin.display(description=_("event"), ordering="event")
    def event_label(self, obj: HandoffRule) -> str:
        return obj.event_label

    @admin.display(description=_("recipients"))
    def recipient_summary(self, obj: HandoffRule) -> str:
        labels = dict(handoffs.RECIPIENTS)
        return "、".join(str(labels.get(code, code)) for code in obj.recipients or ()) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Every (kind, event) has its row already (created with its default); only the values change.
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        if self.has_change_permission(request):
            ensure_rules()
        return super().changelist_view(request, extra_context=extra_context)

    def save_model(self, request: HttpRequest, obj: HandoffRule, form, change: bool) -> None:
        obj.updated_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
