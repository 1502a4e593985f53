"""The caller's own notifications (the inbox), read-only; marking read happens in the portal/admin."""

import django_filters
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from jinzhou.api.views import ApiGenericViewSet
from jinzhou.notifications.api.serializers import NotificationSerializer
from jinzhou.notifications.models import Notification
from jinzhou.notifications.selectors import notifications_for


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", help_text="Only unread ones.")
    created_since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = Notification
        fields = ["unread", "level"]


@method_decorator(name="list", decorator=extend_schema(summary="List my notifications"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read one of my notifications"))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiGenericViewSet):
    """The notifications addressed to the key's owner (someone else's are 404), newest first."""

    api_resource = "notifications"
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        return notifications_for(self.request.user).select_related("case").order_by("-created_at", "-id")
