from rest_framework import serializers

from jinzhou.api.fields import code_list
from jinzhou.org.models import Chain, Department, Enterprise, EnterpriseDesignation, Park


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


class EnterpriseDesignationSerializer(serializers.ModelSerializer):
    """A designation the enterprise holds (主体培育), with its year and the list or document that named it."""

    class Meta:
        model = EnterpriseDesignation
        fields = ["designation", "level", "year", "source"]


class EnterpriseSerializer(serializers.ModelSerializer):
    """An enterprise; the credit code is checked by GB 32100 (both check characters, the registration
    authority and organisation type). Its designations are read-only here: the office records them."""

    chains = code_list(Chain.objects.all(), required=False, help_text="Chain codes.")
    designations = EnterpriseDesignationSerializer(many=True, read_only=True)
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
            "designations",
            "is_sample",
            "provenance",
        ]
        read_only_fields = ["is_sample", "provenance"]
