"""How cases look in the API: every kind shares ``CaseSerializer``; kinds add their own fields."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from jinzhou.casework.choices import Light
from jinzhou.casework.models import Case
from jinzhou.casework.selectors import light_of
from jinzhou.org.api.serializers import DepartmentBriefSerializer

# What a list must load with each case for these fields (no query per row), and of those rows only
# the columns the fields show: a chain's description or a department's notes would otherwise be
# fetched and decoded fifty times a page for nothing.
CASE_SELECT_RELATED = ("chain", "responsible_department")
CASE_RELATED_ONLY = {"chain": ("code",), "responsible_department": ("code", "name")}


def case_related_defer() -> list[str]:
    """``defer()`` arguments leaving of the joined rows only what ``CaseSerializer`` shows."""
    from jinzhou.casework.models import Case

    deferred = []
    for relation, keep in CASE_RELATED_ONLY.items():
        related = Case._meta.get_field(relation).related_model
        deferred += [
            f"{relation}__{field.name}"
            for field in related._meta.concrete_fields
            if not field.primary_key and field.name not in keep
        ]
    return deferred


def _iso(value, tz):
    # What DRF's DateTimeField gives (ISO 8601 in the current time zone, "Z" for UTC), without its
    # per-call time zone lookup.
    if value is None:
        return None
    text = timezone.localtime(value, tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _department(department):
    return None if department is None else {"id": department.id, "code": department.code, "name": department.name}


# The shared case fields, read straight off the instance. DRF's generic walk (get_attribute and
# to_representation per field, with their checks) cost more than the page's SQL on a list of 50;
# ``test_fast_fields_match_drf`` holds these to what the declared fields would give.
FAST_FIELDS = {
    "id": lambda case, tz: case.id,
    "reference": lambda case, tz: case.reference,
    "kind": lambda case, tz: case.kind,
    "title": lambda case, tz: case.title,
    "description": lambda case, tz: case.description,
    "status": lambda case, tz: case.status,
    "status_label": lambda case, tz: str(case.status_label),
    "is_open": lambda case, tz: case.is_open,
    "light": lambda case, tz: light_of(case),
    "priority": lambda case, tz: case.priority,
    "source": lambda case, tz: case.source,
    "chain": lambda case, tz: None if case.chain_id is None else case.chain.code,
    "responsible_department": lambda case, tz: _department(case.responsible_department),
    "reporter_enterprise": lambda case, tz: case.reporter_enterprise_id,
    "due_at": lambda case, tz: _iso(case.due_at, tz),
    "original_due_at": lambda case, tz: _iso(case.original_due_at, tz),
    "report_due_at": lambda case, tz: _iso(case.report_due_at, tz),
    "version": lambda case, tz: case.version,
    "parent": lambda case, tz: case.parent_id,
    "created_at": lambda case, tz: _iso(case.created_at, tz),
    "updated_at": lambda case, tz: _iso(case.updated_at, tz),
    "closed_at": lambda case, tz: _iso(case.closed_at, tz),
}


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

    def to_representation(self, instance):
        # A list serialises every row with one instance of this serializer: the plan (which field
        # takes the shortcut) and the time zone are worked out once for the page, not per row.
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [(field, FAST_FIELDS.get(field.field_name)) for field in self._readable_fields]
            self._tz = timezone.get_current_timezone()
        tz = self._tz
        data = {}
        for field, fast in plan:
            if fast is not None:
                data[field.field_name] = fast(instance, tz)
                continue
            # A kind's own fields take DRF's way, as ModelSerializer.to_representation does it.
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[field.field_name] = None if check is None else field.to_representation(attribute)
        return data

    def get_status_label(self, case) -> str:
        return str(case.status_label)

    def get_light(self, case) -> Light:
        return light_of(case)


def _case_columns() -> tuple[str, ...]:
    # The columns CaseSerializer's fields read, for a list of it alone (the cases of every kind, and
    # their sync feed): each shown column, the joined rows' shown columns, and ``warn_at``, which
    # ``light_of`` reads when the light is not annotated. A kind's list shows more, loads the kind's
    # every column, and only narrows the joins (``case_related_defer``).
    concrete = {field.name for field in Case._meta.concrete_fields if not field.primary_key}
    columns = []
    for name in CaseSerializer.Meta.fields:
        if name in CASE_RELATED_ONLY:
            columns += [f"{name}__{column}" for column in CASE_RELATED_ONLY[name]]
        elif name in concrete:
            columns.append(name)
    return (*columns, "warn_at")


CASE_COLUMNS = _case_columns()


class SyncedCaseSerializer(CaseSerializer):
    """A case in the sync feed (the same fields; a name of its own, so that the feed's page schema,
    which differs from the list's, gets a component of its own)."""


class InputChoiceSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to send.")
    label = serializers.CharField(help_text="What it means, in the request's language.")


class InputSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["text", "date", "integer", "decimal", "department", "departments", "user"],
        help_text="text; date (YYYY-MM-DD); integer; decimal (a non-negative number, as a number or a string); "
        "department or user (an id); departments (a list of ids).",
    )
    label = serializers.CharField()
    required = serializers.BooleanField(
        help_text="Whether the action is refused without it. An input in a `one_of` group is not required "
        "by itself: its group is."
    )
    help_text = serializers.CharField(allow_blank=True)
    choices = InputChoiceSerializer(
        many=True, help_text="The only values accepted, when the input has a fixed set; empty when any value is."
    )


class AvailableTransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField(help_text="The status the case moves to.")
    inputs = InputSerializer(many=True, help_text="The fields to send with the action.")
    one_of = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Groups of inputs of which exactly one must be sent, e.g. "
        '`[["due_date", "due_in_working_days"]]`: a deadline as a date or as a number of working days.',
    )


class TransitionRequestSerializer(serializers.Serializer):
    """``{"action": "...", ...}`` plus the inputs the action requires (see GET on the same URL):
    ``note``, ``resolution``, ``department`` (id), ``person`` (id, on the staff of ``department``),
    ``due_date`` (YYYY-MM-DD) or ``due_in_working_days`` (exactly one of the two when GET lists them
    in ``one_of``), and any other input the action declares there (e.g. a contract number, an
    amount, a date, or one of an input's ``choices``), by the name and kind GET lists."""

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
    person = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="A user on the staff of `department`: the responsible person.",
    )
    due_date = serializers.DateField(
        required=False, help_text="The deadline as a date; send this or `due_in_working_days`, not both."
    )
    due_in_working_days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        help_text="The deadline as a number of working days from today; send this or `due_date`, not both.",
    )
