"""Coordination meetings (调度会) with their decisions and the state of the cases they are tracked as.
Scoped by ``Meeting.objects.restrict(user, "view")`` (404 outside it); the office records a meeting
with its decisions in one call (``meetings.services.record_meeting``, one transaction)."""

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from jinzhou.api.etags import content_etag
from jinzhou.api.views import ApiGenericViewSet
from meetings import services
from meetings.api.serializers import MeetingCreateSerializer, MeetingSerializer
from meetings.filtersets import MeetingFilterSet
from meetings.models import Decision, Meeting
from meetings.selectors import decided_tasks


@method_decorator(name="list", decorator=extend_schema(summary="List coordination meetings (调度会)"))
class MeetingViewSet(mixins.ListModelMixin, ApiGenericViewSet):
    """Meetings the caller attended (or their unit did), whose decisions their department holds, or
    all of them for the office and the leading group; each decision with its case's state and light."""

    api_resource = "meetings"
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    sends_etag = True
    write_checks = {"create": services.check_may_record}

    def get_queryset(self):
        decisions = Decision.objects.prefetch_related(decided_tasks()).order_by("number", "id")
        return (
            Meeting.objects.restrict(self.request.user, "view")
            .select_related("chair", "chair__profile")
            .prefetch_related("attendees", "departments", "chains", "enterprises", Prefetch("decisions", decisions))
            .order_by("-date", "-id")
        )

    @extend_schema(summary="Read a coordination meeting with its decisions")
    def retrieve(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_object()).data
        return Response(data, headers={"ETag": content_etag(data)})

    @extend_schema(
        summary="Record a meeting with its decisions in one step (the leading-group office)",
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = MeetingCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["decisions"] = [dict(row) for row in data.get("decisions", [])]
        meeting = services.record_meeting(actor=request.user, **data)
        body = self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": content_etag(body)})
