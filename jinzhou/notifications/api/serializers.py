from rest_framework import serializers

from jinzhou.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True, allow_null=True, default=None)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "case",
            "case_reference",
            "step",
            "level",
            "title",
            "body",
            "url",
            "deadline",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields
