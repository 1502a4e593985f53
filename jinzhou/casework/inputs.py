"""Validation of what a transition requires (``Input``), with messages a clerk understands.

Inputs arrive from admin forms, portal forms and JSON alike, so values may be strings, numbers,
dates or model instances; each is turned into one clean Python value or a per-field error.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EscalationLevel, EscalationTarget
from jinzhou.casework.workflows import Input, Transition

MAX_WORKING_DAYS = 365


def end_of_day(day: dt.date) -> dt.datetime:
    """A deadline given as a date ends with that day, in the city's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def deadline_from(*, due_date=None, due_in_working_days=None, today: dt.date | None = None) -> dt.datetime:
    """Turn a date, or a count of working days from today, into an aware deadline."""
    from jinzhou.casework.deadlines import add_working_days

    today = today or timezone.localdate()
    if due_in_working_days not in (None, "") and due_date not in (None, ""):
        # The two are one input (``one_of`` in the API's list of actions): both at once is ambiguous.
        raise ValidationError({"due_date": _("Give either a date or a number of working days, not both.")})
    if due_in_working_days not in (None, ""):
        try:
            days = int(due_in_working_days)
        except (TypeError, ValueError):
            raise ValidationError({"due_in_working_days": _("Enter a whole number of working days.")}) from None
        if not 1 <= days <= MAX_WORKING_DAYS:
            raise ValidationError(
                {"due_in_working_days": _("Enter between 1 and %(max)d working days.") % {"max": MAX_WORKING_DAYS}}
            )
        return end_of_day(add_working_days(today, days))
    try:
        day = _as_date(due_date)
    except ValidationError as exc:
        raise ValidationError({"due_date": exc.messages}) from None
    if day is None:
        raise ValidationError({"due_date": _("Give a deadline: a date, or a number of working days.")})
    if day < today:
        raise ValidationError({"due_date": _("The deadline %(date)s has already passed.") % {"date": day.isoformat()}})
    return end_of_day(day)


def clean_progress(percent, text: str) -> tuple[int, str]:
    """A progress report's percentage (0–100) and text, or every problem at once, by field."""
    errors = {}
    try:
        percent = int(percent)
        if not 0 <= percent <= 100:
            raise ValueError
    except (TypeError, ValueError):
        errors["percent"] = [_("Enter a percentage between 0 and 100.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Describe the progress.")]
    if errors:
        raise ValidationError(errors)
    return percent, text


def parse_amount(value, field: str) -> Decimal:
    """A non-negative amount, given as a number or as text (full-width digits and commas allowed)."""
    text = str(value or "").strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError({field: _("Enter the amount as a number, e.g. 500 or 350.5.")}) from None
    if amount < 0 or not amount.is_finite():
        raise ValidationError({field: _("The amount cannot be negative.")})
    return amount.quantize(Decimal("0.01"))


def max_ids() -> int:
    """How many ids one list input may hold (``MAX_IDS_PER_LIST``), in forms, services and the API."""
    return settings.MAX_IDS_PER_LIST


def check_id_count(items, field: str) -> None:
    """Refuse a list of ids longer than ``max_ids()`` before any of them is looked up."""
    if len(items) > max_ids():
        raise ValidationError(
            {field: _("Give at most %(max)d items (%(count)d given).") % {"max": max_ids(), "count": len(items)}}
        )


def check_member(person, department, field: str = "person") -> None:
    """A responsible person must be on the staff of the responsible department: the relation
    ``responsible`` gives them that department's rights on the case."""
    from jinzhou.org.models import UserProfile

    if person is None or department is None:
        return
    person, department = _user(person), _department(department)
    if not UserProfile.objects.filter(user_id=person.pk, department_id=department.pk).exists():
        raise ValidationError(
            {
                field: _("%(person)s is not on the staff of %(department)s: choose someone from that department.")
                % {"person": person.get_full_name() or person.get_username(), "department": department}
            }
        )


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            parsed = parse_date(value.strip())
        except ValueError:
            parsed = None
        if parsed:
            return parsed
    raise ValidationError(_("Enter a date as YYYY-MM-DD."))


def _department(value):
    from jinzhou.org.models import Department

    if isinstance(value, Department):
        return value
    try:
        return Department.objects.get(pk=int(value))
    except (TypeError, ValueError, Department.DoesNotExist):
        raise ValidationError(_("Choose an existing department.")) from None


def _departments(value) -> list:
    from jinzhou.org.models import Department

    items = list(value) if isinstance(value, list | tuple) else [value]
    check_id_count(items, "departments")
    found, ids = [], []
    for item in items:
        if isinstance(item, Department):
            found.append(item)
            continue
        try:
            ids.append(int(item))
        except (TypeError, ValueError):
            raise ValidationError(_("Choose an existing department.")) from None
    # One query for the whole list, however long (it is capped above).
    by_id = Department.objects.in_bulk([pk for pk in ids if 0 < pk < 2**63])
    if len(by_id) != len(set(ids)):
        raise ValidationError(_("Choose an existing department."))
    return found + [by_id[pk] for pk in dict.fromkeys(ids)]


def _user(value):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if isinstance(value, User):
        return value
    try:
        return User.objects.get(pk=int(value), is_active=True)
    except (TypeError, ValueError, User.DoesNotExist):
        raise ValidationError(_("Choose an existing, active user.")) from None


def _clean_one(spec: Input, data: dict):
    if spec.kind == "deadline":
        if data.get("due_date") in (None, "") and data.get("due_in_working_days") in (None, ""):
            if spec.required:
                raise ValidationError({"due_date": _("Give a deadline: a date, or a number of working days.")})
            return None
        return deadline_from(due_date=data.get("due_date"), due_in_working_days=data.get("due_in_working_days"))
    value = data.get(spec.name)
    if value in (None, "", []):
        if spec.required:
            raise ValidationError({spec.name: _("%(field)s is required for this step.") % {"field": spec.label}})
        return None
    try:
        if spec.kind == "text":
            text = str(value).strip()
            if not text:
                raise ValidationError(_("%(field)s cannot be blank.") % {"field": spec.label})
            if spec.choices and text not in dict(spec.choices):
                raise ValidationError(
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(f"{value} ({label})" for value, label in spec.choices)}
                )
            return text
        if spec.kind == "decimal":
            return parse_amount(value, spec.name)
        if spec.kind == "date":
            return _as_date(value)
        if spec.kind == "department":
            return _department(value)
        if spec.kind == "departments":
            return _departments(value)
        if spec.kind == "user":
            return _user(value)
    except ValidationError as exc:
        raise ValidationError({spec.name: exc.messages}) from None
    raise ValueError(f"unknown input kind {spec.kind!r}")


def clean_inputs(transition: Transition, data: dict) -> dict:
    """Validate ``data`` against the transition's inputs; all errors at once, keyed by field."""
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for spec in transition.inputs:
        try:
            cleaned[spec.name] = _clean_one(spec, data)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    for spec in transition.inputs:
        if spec.member_of and spec.name not in errors and spec.member_of not in errors:
            try:
                check_member(cleaned.get(spec.name), cleaned.get(spec.member_of), spec.name)
            except ValidationError as exc:
                errors.setdefault(spec.name, []).extend(exc.message_dict[spec.name])
    if errors:
        raise ValidationError(errors)
    return cleaned


def describe_one_of(transition: Transition) -> list[list[str]]:
    """Groups of inputs of which exactly one must be sent: a required deadline is ``due_date`` or
    ``due_in_working_days``. Each input of a group is itself listed with ``required: False``."""
    return [
        ["due_date", "due_in_working_days"] for spec in transition.inputs if spec.kind == "deadline" and spec.required
    ]


def describe_inputs(transition: Transition) -> list[dict]:
    """The inputs as data, for forms and for the API's list of open actions."""
    described = []
    for spec in transition.inputs:
        if spec.kind == "deadline":
            described.append(
                {
                    "name": "due_date",
                    "kind": "date",
                    "label": str(spec.label),
                    "required": False,
                    "help_text": str(_("Either a date or a number of working days.")),
                    "choices": [],
                }
            )
            described.append(
                {
                    "name": "due_in_working_days",
                    "kind": "integer",
                    "label": str(_("Deadline in working days")),
                    "required": False,
                    "help_text": str(_("Either a date or a number of working days.")),
                    "choices": [],
                }
            )
            continue
        described.append(
            {
                "name": spec.name,
                "kind": spec.kind,
                "label": str(spec.label),
                "required": spec.required,
                "help_text": str(spec.help_text),
                "choices": [{"value": value, "label": str(label)} for value, label in spec.choices],
            }
        )
    return described


def check_notice(*, level, target, reason: str, actor) -> None:
    """What a notice must say, before any case is touched (a bulk issue checks it once for all cases).
    A person says why; the reminder ladder (actor=None) gives its own reason."""
    errors = {}
    if level not in EscalationLevel.values:
        errors["level"] = _("Choose a level: blue reminder, yellow warning, orange caution or red supervision.")
    if target not in EscalationTarget.values:
        errors["target"] = _("Choose who the notice is addressed to.")
    if actor is not None and not (reason or "").strip():
        errors["reason"] = _("Give the reason for the supervision notice.")
    if errors:
        raise ValidationError(errors)
