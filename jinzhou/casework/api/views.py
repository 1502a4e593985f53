"""Cases of every kind in one list, their detail, the sync feed, and transitions.

Scope is ``Case.objects.visible_to(user)``: a case outside it is 404. Status changes go through
``services.transition`` only, with the version from ``If-Match``.
"""

from django.db.models import Count
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from jinzhou.api.etags import if_match_version, version_etag
from jinzhou.api.pagination import SyncCursorPagination
from jinzhou.api.views import ApiGenericViewSet
from jinzhou.casework import services
from jinzhou.casework.api.records import CommentSerializer, TimelineEventSerializer
from jinzhou.casework.api.serializers import (
    CASE_COLUMNS,
    CASE_SELECT_RELATED,
    AvailableTransitionSerializer,
    CaseSerializer,
    SyncedCaseSerializer,
    TransitionRequestSerializer,
    case_related_defer,
)
from jinzhou.casework.filtersets import CaseFilterSet
from jinzhou.casework.inputs import describe_inputs, describe_one_of
from jinzhou.casework.models import Case


def light_counts(user, chain_ids) -> dict[int, dict[str, int]]:
    """{chain id: {light: count}} of the user's visible cases on these chains, in one query."""
    rows = (
        Case.objects.visible_to(user)
        .filter(chain_id__in=list(chain_ids))
        .with_light()
        .values("chain_id", "light")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["chain_id"], {})[row["light"]] = row["n"]
    return counts


class CaseViewSetMixin:
    # What every case endpoint shares: scope, the light, ETags. (A comment, not a docstring: the
    # schema takes a view's docstring as its description.)

    model = Case
    sends_etag = True
    # The columns the serializer reads, when they are known in advance (see CASE_COLUMNS).
    load_only: tuple[str, ...] | None = None

    def get_queryset(self):
        cases = self.model.objects.visible_to(self.request.user).with_light().select_related(*CASE_SELECT_RELATED)
        cases = cases.only(*self.load_only) if self.load_only else cases.defer(*case_related_defer())
        return cases.order_by("-created_at", "-id")

    def get_object(self):
        # The kind instance through the service's scope check: 404 outside scope, as everywhere.
        case = services.get_case_for(self.request.user, self.kwargs["pk"], model=self.model)
        self.check_object_permissions(self.request, case)
        return case

    def detail_response(self, case, status=200) -> Response:
        fresh = self.get_queryset().get(pk=case.pk)
        data = self.get_serializer(fresh).data
        headers = {"ETag": version_etag(fresh.version)}
        if status == 201:
            headers["Location"] = self.request.build_absolute_uri(f"{fresh.pk}/")
        return Response(data, status=status, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_object())


@method_decorator(name="list", decorator=extend_schema(summary="List cases of every kind"))
class CaseViewSet(CaseViewSetMixin, mixins.ListModelMixin, ApiGenericViewSet):
    """Cases of every kind (bottlenecks, chain tasks, …) in the caller's scope; a case outside it is 404."""

    api_resource = "cases"
    serializer_class = CaseSerializer
    load_only = CASE_COLUMNS
    filterset_class = CaseFilterSet
    if_match_actions = ("fire_transition",)

    @extend_schema(summary="Read a case")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Sync cases: everything changed since a moment, page by page",
        description="Ordered by (updated_at, id). Start with ?updated_since=…, then pass each page's "
        "next_cursor as ?cursor=… until has_more is false; keep the last next_cursor and pass it "
        "(alone) next time to get only what changed since. A case changed during the sync comes "
        "again later with its new content; none is skipped. Rows appear a couple of seconds after "
        "they change.",
        responses={200: SyncedCaseSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=SyncCursorPagination)
    def sync(self, request):
        return self.list(request)

    def get_serializer_class(self):
        return SyncedCaseSerializer if self.action == "sync" else super().get_serializer_class()

    @extend_schema(
        summary="Actions open to the caller now",
        responses={200: AvailableTransitionSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None, filterset_class=None)
    def transitions(self, request, pk=None):
        case = self.get_object()
        open_actions = [
            {
                "action": step.action,
                "label": str(step.label),
                "target": step.target,
                "inputs": describe_inputs(step),
                "one_of": describe_one_of(step),
            }
            for step in services.available_transitions(case, request.user)
        ]
        return Response(AvailableTransitionSerializer(open_actions, many=True).data)

    @extend_schema(
        summary="Fire an action (a workflow transition)",
        request=TransitionRequestSerializer,
        responses={200: OpenApiResponse(CaseSerializer, description="The case after the action.")},
        filters=False,
    )
    @transitions.mapping.post
    def fire_transition(self, request, pk=None):
        case = self.get_object()
        serializer = TransitionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        step = data.pop("action")
        declared = case.spec.workflow.transition(step)
        if declared is not None:
            data.update(TransitionRequestSerializer.extra_inputs(declared, request.data))
        version = if_match_version(request, case.version)
        updated = services.transition(case, step, actor=request.user, version=version, **data)
        return self.detail_response(updated)

    @extend_schema(
        summary="A case's timeline: who did what and when, oldest first",
        description="The same events the webhooks send as data.event, for every event of the case.",
        responses={200: TimelineEventSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="events", filterset_class=None)
    def events(self, request, pk=None):
        case = self.get_object()
        page = self.paginate_queryset(case.events.select_related("actor").order_by("at", "id"))
        return self.get_paginated_response(TimelineEventSerializer(page, many=True).data)

    @extend_schema(
        summary="A case's comments, oldest first",
        responses={200: CommentSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="comments", filterset_class=None)
    def comments(self, request, pk=None):
        case = self.get_object()
        page = self.paginate_queryset(case.comments.select_related("author").order_by("created_at", "id"))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        summary="Comment on a case",
        description="Everyone who sees the case reads it; subscriptions to case.commented receive it.",
        request=CommentSerializer,
        responses={201: CommentSerializer},
        filters=False,
    )
    @comments.mapping.post
    def add_comment(self, request, pk=None):
        case = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.add_comment(case, actor=request.user, text=serializer.validated_data["text"])
        return Response(CommentSerializer(comment).data, status=201)
