"""How the projects' records look in the API. Cases extend ``CaseSerializer``; writes have their own
input serializers, whose values go to ``projects.services``."""

from rest_framework import serializers

from jinzhou.api.fields import code_list, id_list
from jinzhou.casework.api.serializers import CaseSerializer
from jinzhou.casework.choices import Priority
from jinzhou.org.api.serializers import DepartmentBriefSerializer, EnterpriseBriefSerializer
from jinzhou.org.models import Chain, Department, Enterprise, Industry, Institution, Park
from projects.choices import ActivityKind, AwardCategory, LeaderLevel, PrizeLevel, ProjectType
from projects.models import (
    AwardApplication,
    Challenge,
    ChallengeApplication,
    InvestmentActivity,
    InvestmentProject,
    Programme,
)

CHAIN = serializers.SlugRelatedField(slug_field="code", queryset=Chain.objects.all(), required=False, allow_null=True)


class InstitutionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name"]


# --- challenges --------------------------------------------------------------------------------------
class ChallengeSerializer(CaseSerializer):
    programme = serializers.SlugRelatedField(slug_field="name", read_only=True)
    proposing_enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)

    class Meta(CaseSerializer.Meta):
        model = Challenge
        fields = [
            *CaseSerializer.Meta.fields,
            "programme",
            "technical_problem",
            "target_indicators",
            "proposing_enterprise",
            "funding_wan",
            "window_opens_on",
            "applications_due_at",
            "contract_number",
            "contract_amount_wan",
            "contract_start",
            "contract_end",
            "award_reason",
            "rectification_note",
            "outcome_note",
            "is_sample",
            "provenance",
        ]
        read_only_fields = fields


class ChallengeCreateSerializer(serializers.Serializer):
    """A draft challenge; the science and technology bureau (or the office) drafts it."""

    programme = serializers.SlugRelatedField(slug_field="name", queryset=Programme.objects.all())
    title = serializers.CharField(max_length=200)
    technical_problem = serializers.CharField()
    target_indicators = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    chain = CHAIN
    proposing_enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    funding_wan = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, default=Priority.NORMAL)


class ChallengeApplicationSerializer(serializers.ModelSerializer):
    challenge = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    challenge_id = serializers.IntegerField(read_only=True)
    lead_enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)
    lead_institution = InstitutionBriefSerializer(read_only=True, allow_null=True)
    partner_enterprises = EnterpriseBriefSerializer(many=True, read_only=True)
    partner_institutions = InstitutionBriefSerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ChallengeApplication
        fields = [
            "id",
            "challenge",
            "challenge_id",
            "lead_enterprise",
            "lead_institution",
            "partner_enterprises",
            "partner_institutions",
            "team",
            "plan",
            "budget_wan",
            "status",
            "status_label",
            "eligibility_note",
            "selected",
            "award_reason",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class ChallengeApplicationCreateSerializer(serializers.Serializer):
    """Apply (揭榜) to a published challenge while its window is open. An enterprise's key applies for
    its own enterprise; the bureau's key may register a lead enterprise or institution."""

    challenge = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    team = serializers.CharField()
    plan = serializers.CharField()
    budget_wan = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    lead_enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    lead_institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    partner_enterprises = id_list(Enterprise.objects.all(), required=False, default=list)
    partner_institutions = id_list(Institution.objects.all(), required=False, default=list)


# --- investment --------------------------------------------------------------------------------------
class InvestmentActivitySerializer(serializers.ModelSerializer):
    department = DepartmentBriefSerializer(read_only=True, allow_null=True)
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    chains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    enterprises = EnterpriseBriefSerializer(many=True, read_only=True)

    class Meta:
        model = InvestmentActivity
        fields = [
            "id",
            "date",
            "title",
            "activity_kind",
            "leader_name",
            "leader_level",
            "destination_province",
            "destination_city",
            "department",
            "industry",
            "chains",
            "enterprises",
            "outcome",
            "is_sample",
            "provenance",
            "date_provenance",
            "updated_at",
        ]
        read_only_fields = fields


class InvestmentActivityCreateSerializer(serializers.Serializer):
    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    activity_kind = serializers.ChoiceField(choices=ActivityKind.choices)
    leader_level = serializers.ChoiceField(choices=LeaderLevel.choices)
    leader_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    destination_province = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    destination_city = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, allow_null=True
    )
    industry = serializers.SlugRelatedField(
        slug_field="code", queryset=Industry.objects.all(), required=False, allow_null=True
    )
    chains = code_list(Chain.objects.all(), required=False, default=list)
    enterprises = id_list(Enterprise.objects.all(), required=False, default=list)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class InvestmentProjectSerializer(CaseSerializer):
    enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)
    park = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)

    class Meta(CaseSerializer.Meta):
        model = InvestmentProject
        fields = [
            *CaseSerializer.Meta.fields,
            "enterprise",
            "project_type",
            "amount_yi",
            "park",
            "pitched_on",
            "negotiating_on",
            "signed_on",
            "started_on",
            "completed_on",
            "producing_on",
            "drop_reason",
            "is_sample",
            "provenance",
            "dates_provenance",
        ]
        read_only_fields = fields


class InvestmentProjectCreateSerializer(serializers.Serializer):
    """A project at the pitched stage (推介); the next stage's planned date is its deadline."""

    title = serializers.CharField(max_length=200)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), allow_null=True)
    project_type = serializers.ChoiceField(choices=ProjectType.choices, required=False, default=ProjectType.NEW)
    amount_yi = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    chain = CHAIN
    park = serializers.SlugRelatedField(slug_field="name", queryset=Park.objects.all(), required=False, allow_null=True)
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, allow_null=True
    )
    due_date = serializers.DateField(required=False)
    due_in_working_days = serializers.IntegerField(required=False, min_value=1, max_value=365)
    description = serializers.CharField(required=False, allow_blank=True, default="")


# --- award and IP applications -----------------------------------------------------------------------
class AwardApplicationSerializer(CaseSerializer):
    applicant_enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)
    applicant_institution = InstitutionBriefSerializer(read_only=True, allow_null=True)
    prize = serializers.ChoiceField(
        choices=PrizeLevel.choices, allow_blank=True, read_only=True, help_text="Empty until a prize is won."
    )

    class Meta(CaseSerializer.Meta):
        model = AwardApplication
        fields = [
            *CaseSerializer.Meta.fields,
            "category",
            "year",
            "applicant_enterprise",
            "applicant_institution",
            "prize",
            "award_level",
            "result_note",
            "is_sample",
            "provenance",
        ]
        read_only_fields = fields


class AwardApplicationCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=AwardCategory.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    applicant_enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    applicant_institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
