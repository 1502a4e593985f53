"""Alliances and their annual evaluations. Scope is ``Case.objects.visible_to(user)`` (404 outside it);
writes go through ``alliances.services``; statuses move by /cases/{id}/transitions/ like every case."""

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action

from alliances import services as alliance_services
from alliances.api.serializers import (
    AllianceCreateSerializer,
    AllianceEvaluationCreateSerializer,
    AllianceEvaluationSerializer,
    AllianceSerializer,
    AllianceUpdateSerializer,
    ReviewScoresSerializer,
    SelfAssessmentSerializer,
)
from alliances.filtersets import AllianceEvaluationFilterSet, AllianceFilterSet
from alliances.models import Alliance, AllianceEvaluation, AllianceMember
from jinzhou.api.etags import if_match_version
from jinzhou.api.views import ApiGenericViewSet
from jinzhou.casework import services
from jinzhou.casework.api.views import CaseViewSetMixin


@method_decorator(name="list", decorator=extend_schema(summary="List alliances"))
class AllianceViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """产学研 alliances with their lead member, members, joint projects, steps and standing results."""

    api_resource = "alliances"
    model = Alliance
    serializer_class = AllianceSerializer
    filterset_class = AllianceFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("industry_chain", "lead_enterprise")
            .prefetch_related(
                Prefetch("members", AllianceMember.objects.select_related("enterprise", "institution")),
                "joint_projects",
            )
        )

    @extend_schema(summary="Read an alliance")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Apply to form an alliance (the bureau, the office, or the lead member for itself)",
        request=AllianceCreateSerializer,
        responses={201: OpenApiResponse(AllianceSerializer, description="The new alliance (a draft, or applied).")},
    )
    def create(self, request, *args, **kwargs):
        serializer = AllianceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alliance = alliance_services.register_alliance(actor=request.user, **serializer.validated_data)
        return self.detail_response(alliance, status=201)

    @extend_schema(
        summary="Update an alliance's record (the bureau, the office, or its lead member)",
        request=AllianceUpdateSerializer,
        responses={200: AllianceSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        alliance = self.get_object()
        serializer = AllianceUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = if_match_version(request, alliance.version)
        updated = alliance_services.update_alliance(
            alliance, actor=request.user, version=version, **serializer.validated_data
        )
        return self.detail_response(updated)


@method_decorator(name="list", decorator=extend_schema(summary="List alliance evaluations"))
class AllianceEvaluationViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Annual evaluations: the lead member's self-assessment by a deadline, then 初评, 复评 and 会评."""

    api_resource = "alliance-evaluations"
    model = AllianceEvaluation
    serializer_class = AllianceEvaluationSerializer
    filterset_class = AllianceEvaluationFilterSet
    if_match_actions = ("self_assessment", "review_scores")

    @extend_schema(summary="Read an alliance evaluation")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Ask an alliance for its self-assessment of a year (the bureau or the office)",
        request=AllianceEvaluationCreateSerializer,
        responses={201: AllianceEvaluationSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = AllianceEvaluationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        alliance = services.get_case_for(request.user, data.pop("alliance"), model=Alliance)
        evaluation = alliance_services.open_evaluation(alliance, actor=request.user, **data)
        return self.detail_response(evaluation, status=201)

    @extend_schema(
        summary="Record the self-assessment (the lead member); submit it with the action “submit”",
        request=SelfAssessmentSerializer,
        responses={200: AllianceEvaluationSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path="self-assessment", filterset_class=None, pagination_class=None)
    def self_assessment(self, request, pk=None):
        evaluation = self.get_object()
        serializer = SelfAssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = if_match_version(request, evaluation.version)
        updated = alliance_services.record_self_assessment(
            evaluation,
            actor=request.user,
            report=serializer.validated_data["report"],
            scores=serializer.validated_data["scores"],
            version=version,
        )
        return self.detail_response(updated)

    @extend_schema(
        summary="Record the reviewers' scores (the bureau, during 初评 and 复评)",
        request=ReviewScoresSerializer,
        responses={200: AllianceEvaluationSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path="review-scores", filterset_class=None, pagination_class=None)
    def review_scores(self, request, pk=None):
        evaluation = self.get_object()
        serializer = ReviewScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = if_match_version(request, evaluation.version)
        updated = alliance_services.record_review_scores(
            evaluation,
            actor=request.user,
            scores=serializer.validated_data["scores"],
            note=serializer.validated_data["note"],
            version=version,
        )
        return self.detail_response(updated)
