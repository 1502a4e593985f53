"""Admin for partner webhooks: subscriptions (with their signing secret) and the delivery log,
from which any delivery can be sent again."""

import json

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jinzhou.webhooks import services
from jinzhou.webhooks.choices import EventType
from jinzhou.webhooks.models import Subscription, WebhookAttempt, WebhookDelivery


class SubscriptionForm(forms.ModelForm):
    # A URL typed without a scheme is meant to be https; the model still allows only http(s).
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The partner's endpoint; each event is POSTed to it as JSON."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("event types"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Subscription
        fields = ["name", "owner", "url", "event_types", "is_active"]


@admin.register(Subscription)
class SubscriptionAdmin(SimpleHistoryAdmin):
    """A partner's endpoint. The secret is generated on creation and shown here for the partner."""

    form = SubscriptionForm
    list_display = ["name", "owner", "url", "event_type_list", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url", "owner__username"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["secret", "created_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        # The secret exists only once the subscription is saved.
        return self.readonly_fields if obj is not None else []

    @admin.display(description=_("event types"))
    def event_type_list(self, obj: Subscription) -> str:
        labels = dict(EventType.choices)
        return ", ".join(str(labels.get(value, value)) for value in obj.event_types)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["number", "attempted_at", "status_code", "error", "response", "duration_ms", "requested_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_fields(self, request, obj=None):
        # What the far end answered is shown to superusers only: a status and the error are enough to
        # run the subscriptions, and an answer is whatever the URL's server chose to send.
        if request.user.is_superuser:
            return self.fields
        return [name for name in self.fields if name != "response"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every message, each attempt, and a way to send any of them again."""

    list_display = [
        "message_id",
        "subscription",
        "event_type",
        "case_reference",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event_type", "subscription"]
    search_fields = ["message_id", "event__case__reference"]
    list_select_related = ["subscription", "event__case"]
    date_hierarchy = "created_at"
    fields = [
        "message_id",
        "subscription",
        "event_type",
        "case_reference",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
        "formatted_body",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscription", "event__case")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing here is edited: the log is read, and redelivered from the list's action.
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("case"), ordering="event__case__reference")
    def case_reference(self, obj: WebhookDelivery) -> str:
        return obj.event.case.reference

    @admin.display(description=_("body"))
    def formatted_body(self, obj: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, ensure_ascii=False, indent=2))

    @admin.action(description=_("Redeliver the selected messages"), permissions=["change"])
    def redeliver(self, request, queryset) -> None:
        deliveries = list(queryset)
        for delivery in deliveries:
            services.redeliver(delivery, actor=request.user)
        self.message_user(
            request,
            _("%(count)d message(s) queued for redelivery, with the same webhook-id and body.")
            % {"count": len(deliveries)},
        )
