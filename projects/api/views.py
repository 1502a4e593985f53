"""揭榜挂帅 challenges and their applications, investment activities and projects, and award / IP
applications. Cases are scoped by ``Case.objects.visible_to(user)`` (404 outside it) and move by
/cases/{id}/transitions/ like every case; the other rows by their selectors. Writes go through
``projects.services``."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.response import Response

from jinzhou.api.views import ApiGenericViewSet
from jinzhou.casework.api.serializers import CASE_SELECT_RELATED, case_related_defer
from jinzhou.casework.api.views import CaseViewSetMixin
from jinzhou.casework.exceptions import CaseNotFound
from projects import services
from projects.api.serializers import (
    AwardApplicationCreateSerializer,
    AwardApplicationSerializer,
    ChallengeApplicationCreateSerializer,
    ChallengeApplicationSerializer,
    ChallengeCreateSerializer,
    ChallengeSerializer,
    InvestmentActivityCreateSerializer,
    InvestmentActivitySerializer,
    InvestmentProjectCreateSerializer,
    InvestmentProjectSerializer,
)
from projects.filtersets import (
    AwardApplicationFilterSet,
    ChallengeApplicationFilterSet,
    ChallengeFilterSet,
    InvestmentActivityFilterSet,
    InvestmentProjectFilterSet,
)
from projects.models import AwardApplication, Challenge, ChallengeApplication, InvestmentActivity, InvestmentProject
from projects.selectors import challenge_for, challenges_visible_to, published_challenges


@method_decorator(name="list", decorator=extend_schema(summary="List challenges (揭榜挂帅)"))
class ChallengeViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Challenges: a key technical problem published for teams to take on; awarded, run through
    milestones (sub-cases, ``parent``) and accepted or failed."""

    api_resource = "challenges"
    model = Challenge
    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilterSet

    def get_queryset(self):
        # Published challenges are public to those who apply: the projects' one rule, wider than the
        # case scope (the portal and the admin read it too).
        cases = challenges_visible_to(self.request.user).with_light()
        cases = cases.select_related(*CASE_SELECT_RELATED, "programme", "proposing_enterprise")
        return cases.defer(*case_related_defer()).order_by("-created_at", "-id")

    def get_object(self):
        case = challenge_for(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, case)
        return case

    @extend_schema(summary="Read a challenge")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Draft a challenge (the science and technology bureau or the office)",
        request=ChallengeCreateSerializer,
        responses={201: OpenApiResponse(ChallengeSerializer, description="The new challenge, a draft.")},
    )
    def create(self, request, *args, **kwargs):
        serializer = ChallengeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = services.create_challenge(actor=request.user, **serializer.validated_data)
        return self.detail_response(challenge, status=201)


@method_decorator(name="list", decorator=extend_schema(summary="List applications to challenges (揭榜申请)"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read an application to a challenge"))
class ChallengeApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiGenericViewSet):
    """Applications: the caller's own, those of the challenges their bureau runs, those of their
    task force's industries, or, for an expert, those given to them to score."""

    api_resource = "challenge-applications"
    serializer_class = ChallengeApplicationSerializer
    filterset_class = ChallengeApplicationFilterSet

    def get_queryset(self):
        return (
            ChallengeApplication.objects.restrict(self.request.user, "view")
            .select_related("challenge", "lead_enterprise", "lead_institution")
            .prefetch_related("partner_enterprises", "partner_institutions")
            .order_by("-submitted_at", "-id")
        )

    @extend_schema(
        summary="Apply to a published challenge while its window is open",
        request=ChallengeApplicationCreateSerializer,
        responses={201: ChallengeApplicationSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = ChallengeApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # A published challenge is public (发榜); any other is reached only within the caller's scope.
        challenge = published_challenges().filter(pk=data.pop("challenge")).first()
        if challenge is None:
            raise CaseNotFound(_("No such challenge is taking applications."))
        application = services.submit_application(challenge, actor=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data, status=201)


@method_decorator(name="list", decorator=extend_schema(summary="List investment activities (招商活动)"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read an investment activity"))
class InvestmentActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiGenericViewSet):
    """Activity batches (trips, promotion events, receptions): who led them, where, the enterprises met."""

    api_resource = "investment-activities"
    serializer_class = InvestmentActivitySerializer
    write_checks = {"create": services.check_may_record_activity}
    filterset_class = InvestmentActivityFilterSet

    def get_queryset(self):
        return (
            InvestmentActivity.objects.restrict(self.request.user, "view")
            .select_related("department", "industry")
            .prefetch_related("chains", "enterprises")
            .order_by("-date", "-id")
        )

    @extend_schema(
        summary="Record an activity (the office, a department or a task-force leader)",
        request=InvestmentActivityCreateSerializer,
        responses={201: InvestmentActivitySerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = InvestmentActivityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.record_activity(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=activity.pk)).data, status=201)


@method_decorator(name="list", decorator=extend_schema(summary="List investment projects (招商项目)"))
class InvestmentProjectViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Projects moving 推介 → 在谈 → 签约 → 开工 → 竣工 → 投产, each stage's date kept."""

    api_resource = "investment-projects"
    model = InvestmentProject
    serializer_class = InvestmentProjectSerializer
    filterset_class = InvestmentProjectFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise", "park")

    @extend_schema(summary="Read an investment project")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Enter a project (the commerce bureau, the responsible department or the office)",
        request=InvestmentProjectCreateSerializer,
        responses={201: InvestmentProjectSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = InvestmentProjectCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.create_investment_project(actor=request.user, **serializer.validated_data)
        return self.detail_response(project, status=201)


@method_decorator(name="list", decorator=extend_schema(summary="List award nominations and IP topics (申报)"))
class AwardApplicationViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Provincial S&T award nominations and IP research topics: city review, recommendation, result."""

    api_resource = "applications"
    model = AwardApplication
    serializer_class = AwardApplicationSerializer
    filterset_class = AwardApplicationFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("applicant_enterprise", "applicant_institution")

    @extend_schema(summary="Read an award nomination or IP topic")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Submit a nomination or IP topic (the applicant enterprise, or the reviewing department)",
        request=AwardApplicationCreateSerializer,
        responses={201: AwardApplicationSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = AwardApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.submit_award_application(actor=request.user, **serializer.validated_data)
        return self.detail_response(application, status=201)
