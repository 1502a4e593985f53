"""Admin: every notification with its deliveries (the office, for support; others their own), the
personal inbox page, the delivery log and the departments' chat robots (office only)."""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from jinzhou import params
from jinzhou.notifications.forms import EmailPreferenceForm
from jinzhou.notifications.models import ChatRobot, Delivery, Notification
from jinzhou.notifications.selectors import (
    deliveries_visible_to,
    notifications_for,
    notifications_visible_to,
)
from jinzhou.notifications.services import (
    mark_all_read,
    mark_read,
    muted_categories,
    retry_deliveries,
    set_muted_categories,
)
from jinzhou.org.selectors import actor_for

INBOX_PAGE_SIZE = 50


def _is_office(request: HttpRequest) -> bool:
    return actor_for(request.user).is_office


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("Unread")), ("yes", _("Read"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["channel", "robot", "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("robot__department")


class ReadOnlyForStaff:
    """Notifications are written by the system; every staff user may look at the ones in scope."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyForStaff, admin.ModelAdmin):
    list_display = ["title", "recipient", "case", "step", "level", "created_at", "read"]
    list_filter = [ReadFilter, "level", "step", "created_at"]
    list_select_related = ["recipient", "case"]
    search_fields = ["title", "recipient__username", "case__reference"]
    date_hierarchy = "created_at"
    fields = ["recipient", "case", "step", "deadline", "level", "title", "body", "url", "created_at", "read_at"]
    readonly_fields = fields
    inlines = [DeliveryInline]
    actions = ["mark_selected_read", "retry_failed_deliveries"]

    def get_queryset(self, request):
        return notifications_visible_to(request.user)

    @admin.display(description=_("read"), boolean=True, ordering="read_at")
    def read(self, obj: Notification) -> bool:
        return obj.is_read

    @admin.action(description=_("Mark selected notifications as read (your own)"))
    def mark_selected_read(self, request, queryset) -> None:
        changed = mark_read(queryset.values_list("pk", flat=True), actor=request.user)
        self.message_user(
            request, ngettext("%d notification marked as read.", "%d notifications marked as read.", changed) % changed
        )

    @admin.action(description=_("Retry the failed deliveries of the selected notifications"))
    def retry_failed_deliveries(self, request, queryset) -> None:
        count = retry_deliveries(Delivery.objects.filter(notification__in=queryset), actor=request.user)
        self.message_user(
            request,
            ngettext("%d failed delivery queued again.", "%d failed deliveries queued again.", count) % count,
            messages.SUCCESS if count else messages.WARNING,
        )

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("inbox/", wrap(self.inbox_view), name="notifications_notification_inbox"),
            path("inbox/read/", wrap(require_POST(self.inbox_read_view)), name="notifications_notification_read"),
            path("inbox/<int:pk>/open/", wrap(self.inbox_open_view), name="notifications_notification_open"),
            path("inbox/email/", wrap(self.email_settings_view), name="notifications_notification_email_settings"),
            *super().get_urls(),
        ]

    def inbox_view(self, request: HttpRequest) -> HttpResponse:
        """The signed-in user's own notifications, newest first, unread ones marked."""
        page = Paginator(
            notifications_for(request.user).select_related("case").order_by("-created_at", "-id"), INBOX_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("My notifications"),
            "opts": self.model._meta,
            "page": page,
        }
        return TemplateResponse(request, "admin/notifications/notification/inbox.html", context)

    def inbox_read_view(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("all"):
            mark_all_read(actor=request.user)
        else:
            mark_read(params.ids(request.POST.getlist("ids")), actor=request.user)
        return HttpResponseRedirect(reverse("admin:notifications_notification_inbox"))

    def email_settings_view(self, request: HttpRequest) -> HttpResponse:
        """The signed-in user's own choice of the kinds of case events they get no e-mail for."""
        if request.method == "POST":
            form = EmailPreferenceForm(request.POST)
            if form.is_valid():
                set_muted_categories(form.cleaned_data["muted"], actor=request.user)
                messages.success(request, gettext("Your notification settings are saved."))
                return HttpResponseRedirect(reverse("admin:notifications_notification_email_settings"))
        else:
            form = EmailPreferenceForm(initial={"muted": muted_categories(request.user)})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Notification settings"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/notifications/notification/email_settings.html", context)

    def inbox_open_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Mark one of the user's own notifications read and go where it points. Someone else's is a 404."""
        notification = get_object_or_404(notifications_for(request.user), pk=pk)
        mark_read([notification.pk], actor=request.user)
        target = notification.url or reverse("admin:notifications_notification_inbox")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            raise Http404
        return HttpResponseRedirect(target)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyForStaff, admin.ModelAdmin):
    list_display = ["notification", "channel", "robot", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["notification", "robot__department"]
    search_fields = ["notification__title", "last_error"]
    readonly_fields = [
        "notification",
        "channel",
        "robot",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    fields = readonly_fields
    actions = ["retry_selected"]

    def has_module_permission(self, request) -> bool:
        return _is_office(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_office(request)

    def get_queryset(self, request):
        return deliveries_visible_to(request.user)

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry_selected(self, request, queryset) -> None:
        count = retry_deliveries(queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%d failed delivery queued again.", "%d failed deliveries queued again.", count) % count,
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ChatRobot)
class ChatRobotAdmin(SimpleHistoryAdmin):
    """The office keeps the robots; a robot's URL and secret are credentials, so nobody else sees them."""

    list_display = ["__str__", "department", "kind", "active", "created_at"]
    list_filter = ["kind", "active"]
    list_select_related = ["department"]
    search_fields = ["name", "department__name"]
    autocomplete_fields = ["department"]
    fields = ["department", "kind", "name", "url", "secret", "active"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request) -> bool:
        return _is_office(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_office(request)

    def has_add_permission(self, request) -> bool:
        return _is_office(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_office(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_office(request)
