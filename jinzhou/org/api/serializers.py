from rest_framework import serializers

from jinzhou.api.fields import code_list
from jinzhou.org.models import Chain, Department, Enterprise, Park


class DepartmentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name"]


class EnterpriseBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "kind", "parent", "is_sample", "provenance"]


class EnterpriseSerializer(serializers.ModelSerializer):
    """An enterprise; the credit code is checked by GB 32100-2015 (its check character included)."""

    chains = code_list(Chain.objects.all(), required=False, help_text="Chain codes.")
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "short_name",
            "credit_code",
            "above_designated_size",
            "park",
            "chains",
            "description",
            "is_sample",
            "provenance",
        ]
        read_only_fields = ["is_sample", "provenance"]
