"""``GET /api/v1/reports/circular?period=2026-11``: the circular's figures as JSON (the same as the
Word document and the workbook print), for the office and the leading group; a bad or missing period
is a problem+json 400 naming the forms a period takes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from circulars.api.serializers import CircularFiguresSerializer
from circulars.selectors import figures_for, may_read_circulars
from jinzhou.api.views import ApiViewMixin
from jinzhou.casework.periods import parse_period


class CircularView(ApiViewMixin, APIView):
    # The figures are counts of cases: a key reads them with the scope cases:read.
    api_resource = "cases"

    @extend_schema(
        summary="The circular's figures for a period (office and leading group)",
        parameters=[
            OpenApiParameter(
                "period",
                str,
                required=True,
                description="A month (2026-11), a quarter (2026-Q4), a year (2026) or a range (2026-10-01..2026-11-30)",
            )
        ],
        responses={200: CircularFiguresSerializer},
    )
    def get(self, request):
        if not may_read_circulars(request.user):
            raise PermissionDenied(_("Only the leading-group office and the leading group may read circulars."))
        value = request.query_params.get("period", "")
        if not value.strip():
            raise ValidationError({"period": [_("Give a period, e.g. 2026-11.")]})
        try:
            period = parse_period(value)
        except ValidationError as error:
            raise ValidationError({"period": error.messages}) from None
        return Response(CircularFiguresSerializer(figures_for(request.user, period)).data)
