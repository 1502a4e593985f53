"""A case's records in the API: its timeline (who did what, when) and its comments.

The timeline event has the shape of a webhook's ``data.event``, so a partner that missed a delivery
reads the same thing here. Comments are written through ``services.add_comment`` (which records the
timeline event, and so the ``case.commented`` webhook).
"""

from rest_framework import serializers

from jinzhou.casework.events import timeline_event_data
from jinzhou.org.selectors import display_name


class TimelineEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="transition, comment, overdue, escalation, edited, …")
    action = serializers.CharField(help_text="The workflow action, for a transition; else empty.")
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True, help_text="The comment, the action's note or the notice's reason.")
    details = serializers.DictField(source="data", help_text="What else the event recorded (e.g. a new deadline).")
    actor = serializers.SerializerMethodField(help_text="Who acted; null when the system did.")
    at = serializers.DateTimeField()

    def get_actor(self, event) -> str | None:
        return display_name(event.actor)

    def to_representation(self, event) -> dict:
        # The fields above describe the shape (the OpenAPI schema); the one builder fills it.
        return timeline_event_data(event, moment=self.fields["at"].to_representation)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = serializers.SerializerMethodField()
    text = serializers.CharField(max_length=10_000, help_text="The comment; everyone who sees the case reads it.")
    created_at = serializers.DateTimeField(read_only=True)

    def get_author(self, comment) -> str | None:
        return display_name(comment.author)
