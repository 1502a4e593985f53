"""How cases look in the API: every kind shares ``CaseSerializer``; kinds add their own fields."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from jinzhou.casework.choices import Light
from jinzhou.casework.models import Case
from jinzhou.casework.selectors import light_of
from jinzhou.org.api.serializers import DepartmentBriefSerializer

# What a list must load with each case for these fields (no query per row).
CASE_SELECT_RELATED = ("chain", "responsible_department")


class CaseSerializer(serializers.ModelSerializer):
    chain = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text="Chain code.")
    responsible_department = DepartmentBriefSerializer(read_only=True, allow_null=True)
    status_label = serializers.SerializerMethodField()
    light = serializers.SerializerMethodField(help_text="red overdue, yellow due soon, green, grey closed.")

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "kind",
            "title",
            "description",
            "status",
            "status_label",
            "is_open",
            "light",
            "priority",
            "source",
            "chain",
            "responsible_department",
            "reporter_enterprise",
            "due_at",
            "original_due_at",
            "report_due_at",
            "version",
            "parent",
            "created_at",
            "updated_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_status_label(self, case) -> str:
        return str(case.status_label)

    def get_light(self, case) -> Light:
        return light_of(case)


class SyncedCaseSerializer(CaseSerializer):
    """A case in the sync feed (the same fields; a name of its own, so that the feed's page schema,
    which differs from the list's, gets a component of its own)."""


class InputSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "date", "integer", "department", "departments", "user"])
    label = serializers.CharField()
    required = serializers.BooleanField()
    help_text = serializers.CharField(allow_blank=True)


class AvailableTransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField(help_text="The status the case moves to.")
    inputs = InputSerializer(many=True, help_text="The fields to send with the action.")


class TransitionRequestSerializer(serializers.Serializer):
    """``{"action": "...", ...}`` plus the inputs the action requires (see GET on the same URL):
    ``note``, ``resolution``, ``department`` (id), ``person`` (id), ``due_date`` (YYYY-MM-DD) or
    ``due_in_working_days``, and any other input the action declares there (e.g. a contract
    number or a date), by the name and kind GET lists."""

    # Inputs other than the fields below are the kind's own (see GET): plain text, numbers or dates.
    EXTRA_TYPES = (str, int, float)

    @classmethod
    def extra_inputs(cls, step, raw) -> dict:
        """The raw values of the inputs ``step`` declares that the fields below do not cover; the
        workflow service validates them (``inputs.clean_inputs``) with messages per field."""
        from jinzhou.casework.inputs import describe_inputs

        known = set(cls().fields)
        extra, errors = {}, {}
        for spec in describe_inputs(step):
            name = spec["name"]
            if name in known or name not in raw:
                continue
            value = raw[name]
            if isinstance(value, bool) or (value is not None and not isinstance(value, cls.EXTRA_TYPES)):
                errors[name] = [_("Enter text, a number or a date (YYYY-MM-DD).")]
            else:
                extra[name] = value
        if errors:
            raise serializers.ValidationError(errors)
        return extra

    action = serializers.CharField(max_length=50)
    note = serializers.CharField(required=False, allow_blank=True)
    resolution = serializers.CharField(required=False, allow_blank=True)
    department = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    person = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    due_date = serializers.DateField(required=False)
    due_in_working_days = serializers.IntegerField(required=False, min_value=1, max_value=365)
