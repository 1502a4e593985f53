from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from jinzhou.api.etags import check_if_match, content_etag
from jinzhou.api.views import ApiGenericViewSet
from jinzhou.org import services
from jinzhou.org.api.serializers import DepartmentSerializer, EnterpriseSerializer
from jinzhou.org.filtersets import DepartmentFilterSet, EnterpriseFilterSet
from jinzhou.org.models import Department, Enterprise


@method_decorator(name="list", decorator=extend_schema(summary="List departments"))
@method_decorator(name="retrieve", decorator=extend_schema(summary="Read a department"))
class DepartmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiGenericViewSet):
    """Departments of the org chart (bureaus, counties, zones, the leading group and its office)."""

    api_resource = "departments"
    queryset = Department.objects.order_by("kind", "name", "id")
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet


@method_decorator(name="list", decorator=extend_schema(summary="List enterprises"))
class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiGenericViewSet):
    """Enterprises; the office creates and edits them (the credit code is validated)."""

    api_resource = "enterprises"
    queryset = Enterprise.objects.prefetch_related("chains", "designations").order_by("name", "id")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    sends_etag = True
    write_checks = {
        "create": services.check_may_register_enterprise,
        "partial_update": services.check_may_edit_enterprise,
    }

    @extend_schema(summary="Read an enterprise")
    def retrieve(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_object()).data
        return Response(data, headers={"ETag": content_etag(data)})

    @extend_schema(summary="Register an enterprise")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = services.create_enterprise(actor=request.user, **serializer.validated_data)
        data = self.get_serializer(enterprise).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": content_etag(data)})

    @extend_schema(summary="Edit an enterprise")
    def partial_update(self, request, *args, **kwargs):
        enterprise = self.get_object()
        check_if_match(request, content_etag(self.get_serializer(enterprise).data))
        serializer = self.get_serializer(enterprise, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        enterprise = services.update_enterprise(enterprise, actor=request.user, **serializer.validated_data)
        fresh = Enterprise.objects.prefetch_related("chains", "designations").get(pk=enterprise.pk)
        data = self.get_serializer(fresh).data
        return Response(data, headers={"ETag": content_etag(data)})
