"""Read-only: the targets of a year with their progress (the leading group and the office: the city's
figures), and the published annual assessments (everyone with API access)."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assessment.api.serializers import AssessmentSerializer, TargetProgressSerializer
from assessment.choices import AssessmentStatus
from assessment.models import Assessment, AssessmentRow, Target
from assessment.selectors import target_progress
from jinzhou.api.views import ApiGenericViewSet
from jinzhou.org.selectors import actor_for


class TargetProgressViewSet(ApiGenericViewSet):
    """The year's targets, each with its actual counted from the records, behind schedule first."""

    api_resource = "targets"
    serializer_class = TargetProgressSerializer
    pagination_class = None
    queryset = Target.objects.none()  # the rows are ``target_progress``'s; this names the model for the schema

    @extend_schema(
        summary="List a year's targets with their progress (目标完成情况)",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="The year (default: this year)."),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Records up to this day (default: today)."),
        ],
        responses=TargetProgressSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        today = timezone.localdate()
        try:
            year = int(request.query_params.get("year") or today.year)
            as_of = dt.date.fromisoformat(
                request.query_params.get("as_of") or min(today, dt.date(year, 12, 31)).isoformat()
            )
        except ValueError:
            raise ValidationError({"year": [_("Give a year (2026) and a day (2026-07-02).")]}) from None
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": [_("Give a year (2026) and a day (2026-07-02).")]})
        rows = target_progress(year, as_of=as_of) if actor_for(request.user).sees_everything else []
        return Response(self.get_serializer(rows, many=True).data)


@method_decorator(name="list", decorator=extend_schema(summary="List the published annual assessments"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read a published annual assessment"))
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiGenericViewSet):
    """Published assessments only, with their figures as published."""

    api_resource = "assessments"
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        rows = AssessmentRow.objects.select_related("department").order_by("rank", "department__name")
        return (
            Assessment.objects.filter(status=AssessmentStatus.PUBLISHED)
            .select_related("scheme")
            .prefetch_related(Prefetch("rows", rows))
            .order_by("-year")
        )
