"""The one field for a list of related rows in a request body (``affected_enterprises``, ``chains``, …).

DRF's ``many=True`` relations look every item up with its own query and accept lists of any length:
200,000 ids took 47 seconds. ``IdListField`` refuses a list longer than ``MAX_IDS_PER_LIST`` before
looking anything up, and resolves the rest in one query. Every writable many-relation of the API's
serializers is one of these (``tests/api/test_input_limits.py`` walks them); the schema shows the cap
as ``maxItems``.
"""

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jinzhou.casework.inputs import max_ids

# An id is a positive bigint; anything else cannot be a row and does not reach the database.
MAX_ID = 2**63 - 1
# Longer than any code of the catalogue (chains, industries): such a code cannot be a row.
MAX_CODE_LENGTH = 100


class IdListField(serializers.ManyRelatedField):
    default_error_messages = {
        "max_length": _("Give at most {max} items ({count} given)."),
        "does_not_exist": _("These do not exist: {values}."),
        "incorrect_type": _("Each item must be {kind}."),
    }

    def __init__(self, child_relation, **kwargs) -> None:
        super().__init__(child_relation, **kwargs)
        # Checked first thing in to_internal_value; listed here too so that the schema shows maxItems.
        self.validators.append(MaxLengthValidator(max_ids))

    def _lookup(self) -> str:
        return getattr(self.child_relation, "slug_field", None) or "pk"

    def _key(self, item):
        if self._lookup() == "pk":
            if isinstance(item, bool) or not isinstance(item, int | str):
                self.fail("incorrect_type", kind=_("an id (a whole number)"))
            try:
                key = int(item)
            except ValueError:
                self.fail("incorrect_type", kind=_("an id (a whole number)"))
            return key if 0 < key <= MAX_ID else None
        if not isinstance(item, str):
            self.fail("incorrect_type", kind=_("a code (text)"))
        return item if len(item) <= MAX_CODE_LENGTH else None

    def to_internal_value(self, data):
        if isinstance(data, str | dict) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        data = list(data)
        if not self.allow_empty and not data:
            self.fail("empty")
        if len(data) > max_ids():
            self.fail("max_length", max=max_ids(), count=len(data))
        keys = [self._key(item) for item in data]
        lookup = self._lookup()
        wanted = {key for key in keys if key is not None}
        rows = self.child_relation.get_queryset().filter(**{f"{lookup}__in": wanted}) if wanted else []
        found = {getattr(row, lookup): row for row in rows}
        missing = [str(item) for item, key in zip(data, keys, strict=True) if key not in found]
        if missing:
            self.fail("does_not_exist", values=", ".join(dict.fromkeys(missing)))
        return list({id(found[key]): found[key] for key in keys}.values())


def id_list(queryset, **kwargs) -> IdListField:
    """A list of ids of rows of ``queryset`` (``"affected_enterprises": [3, 7]``)."""
    return IdListField(serializers.PrimaryKeyRelatedField(queryset=queryset), **kwargs)


def code_list(queryset, slug_field: str = "code", **kwargs) -> IdListField:
    """A list of codes of rows of ``queryset`` (``"chains": ["MT-01", "NE-01"]``)."""
    return IdListField(serializers.SlugRelatedField(slug_field=slug_field, queryset=queryset), **kwargs)
