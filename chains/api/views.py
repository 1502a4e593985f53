"""The chain catalogue (industries, sub-fields, chains with their map and lights) and the chains'
cases (bottlenecks, chain tasks,
the chains' operation reports). Writes go through ``chains.services`` and ``casework.services``."""

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins

from chains import services as chain_services
from chains.api.serializers import (
    BottleneckCreateSerializer,
    BottleneckSerializer,
    BottleneckUpdateSerializer,
    ChainReportFiguresSerializer,
    ChainReportSerializer,
    ChainSerializer,
    ChainTaskCreateSerializer,
    ChainTaskSerializer,
    IndustrySerializer,
    SubFieldSerializer,
)
from chains.filtersets import (
    BottleneckFilterSet,
    ChainFilterSet,
    ChainReportFilterSet,
    ChainTaskFilterSet,
    SubFieldFilterSet,
)
from chains.models import Bottleneck, ChainReport, ChainTask
from jinzhou.api.authentication import api_key_of
from jinzhou.api.etags import if_match_version
from jinzhou.api.views import ApiGenericViewSet
from jinzhou.casework import services
from jinzhou.casework.api.views import CaseViewSetMixin, light_counts
from jinzhou.casework.choices import Source
from jinzhou.org.models import Chain, ChainNode, ChainOwner, Industry, SubField


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiGenericViewSet):
    """The chain catalogue, readable with the resource's read scope."""


@method_decorator(name="list", decorator=extend_schema(summary="List industries"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read an industry"))
class IndustryViewSet(ReadOnlyViewSet):
    api_resource = "industries"
    queryset = Industry.objects.select_related("cluster").order_by("order", "code", "id")
    serializer_class = IndustrySerializer


@method_decorator(name="list", decorator=extend_schema(summary="List sub-fields"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read a sub-field"))
class SubFieldViewSet(ReadOnlyViewSet):
    api_resource = "subfields"
    queryset = SubField.objects.select_related("industry").order_by("industry__order", "order", "code", "id")
    serializer_class = SubFieldSerializer
    filterset_class = SubFieldFilterSet


@method_decorator(name="list", decorator=extend_schema(summary="List chains with their map and lights"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read a chain"))
class ChainViewSet(ReadOnlyViewSet):
    """Chains with their leader department, owners, map nodes, and the caller's cases counted by light."""

    api_resource = "chains"
    queryset = (
        Chain.objects.select_related("industry", "subfield", "leader_department")
        .prefetch_related(
            Prefetch("ownerships", ChainOwner.objects.select_related("enterprise")),
            Prefetch("nodes", ChainNode.objects.prefetch_related("enterprises")),
        )
        .order_by("industry__order", "subfield__order", "order", "code", "id")
    )
    serializer_class = ChainSerializer
    filterset_class = ChainFilterSet

    def get_serializer(self, *args, **kwargs):
        # The light counts of the chains on the page (or the one chain), in one query for all of them.
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None:
            chains = instance if isinstance(instance, list | tuple) else [instance]
            context = self.get_serializer_context()
            context["light_counts"] = light_counts(self.request.user, [chain.pk for chain in chains])
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)


def _source_of(request) -> str | None:
    # A bottleneck that arrives with an API key comes from a partner system; a session is a person.
    return Source.PARTNER if api_key_of(request) is not None else None


@method_decorator(name="list", decorator=extend_schema(summary="List bottlenecks"))
class BottleneckViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Bottlenecks (堵点/断点/卡脖子): partners report them; their status moves by /cases/{id}/transitions/."""

    api_resource = "bottlenecks"
    model = Bottleneck
    write_checks = {"create": chain_services.check_may_report}
    serializer_class = BottleneckSerializer
    filterset_class = BottleneckFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("affected_enterprises")

    @extend_schema(summary="Read a bottleneck")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Report a bottleneck",
        request=BottleneckCreateSerializer,
        responses={
            201: OpenApiResponse(BottleneckSerializer, description="The new bottleneck (a draft, or submitted).")
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = BottleneckCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        source = _source_of(request)
        if source:
            data["source"] = source
        case = chain_services.report_bottleneck(actor=request.user, **data)
        return self.detail_response(case, status=201)

    @extend_schema(
        summary="Edit a bottleneck (its reporter while it is a draft; the office at any time)",
        request=BottleneckUpdateSerializer,
        responses={200: BottleneckSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        serializer = BottleneckUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = if_match_version(request, case.version)
        updated = services.update_case(case, actor=request.user, version=version, **serializer.validated_data)
        return self.detail_response(updated)


@method_decorator(name="list", decorator=extend_schema(summary="List chain tasks"))
class ChainTaskViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Chain tasks (督办事项) assigned to chain-leader departments with a deadline."""

    api_resource = "tasks"
    model = ChainTask
    write_checks = {"create": chain_services.check_may_assign_tasks}
    serializer_class = ChainTaskSerializer
    filterset_class = ChainTaskFilterSet

    @extend_schema(summary="Read a chain task")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Assign a chain task (the leading group, its office, or the chain's task-force leader)",
        request=ChainTaskCreateSerializer,
        responses={201: ChainTaskSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = ChainTaskCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = chain_services.create_chain_task(actor=request.user, **serializer.validated_data)
        return self.detail_response(task, status=201)


@method_decorator(name="list", decorator=extend_schema(summary="List chain operation reports"))
class ChainReportViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """The chains' operation reports (产业链运行监测), one per chain and month or quarter, opened by the
    schedule. The chain-leader department fills in the figures (PATCH, with If-Match); submitting and
    the office's review move by /cases/{id}/transitions/ (submit, approve, return)."""

    api_resource = "chain-reports"
    model = ChainReport
    serializer_class = ChainReportSerializer
    filterset_class = ChainReportFilterSet
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("capacities__enterprise")

    @extend_schema(summary="Read a chain operation report")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Fill in a report's figures (the chain-leader department, while it is to be filled in or returned)",
        request=ChainReportFiguresSerializer,
        responses={200: ChainReportSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        serializer = ChainReportFiguresSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "capacities" in data:
            data["capacities"] = [{**row, "enterprise": row["enterprise"].pk} for row in data["capacities"]]
        version = if_match_version(request, report.version)
        current = {name: getattr(report, name) for name in FIGURE_FIELDS}
        updated = chain_services.save_figures(report, actor=request.user, version=version, **{**current, **data})
        return self.detail_response(updated)


FIGURE_FIELDS = ("output_value", "above_scale_enterprises", "investment_in_progress", "bottlenecks_solved", "narrative")
