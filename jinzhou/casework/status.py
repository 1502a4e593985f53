"""The protected status field.

A case's status changes only through ``casework.services.transition``. The field's descriptor
refuses any other assignment once a value is loaded, ``CaseQuerySet.update`` and ``bulk_update``
refuse to write it, and ``Case.save`` refuses to insert a new case with a status, so a form, a
serializer, the admin or a stray ``save()`` cannot move a case behind the workflow's back (and its
timeline, audit and reminders). Only the engine's services open a short window with
``status_writes_allowed()``: ``transition`` around the one assignment it makes, ``open_case`` and
``import_case`` around the insert of a new case (``tests/casework/test_status_guard.py`` holds this).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models.query_utils import DeferredAttribute

_ALLOWED: ContextVar[bool] = ContextVar("casework_status_writes_allowed", default=False)


class StatusWriteError(AttributeError):
    """Raised when code outside the workflow service tries to change a case's status."""


@contextmanager
def status_writes_allowed() -> Iterator[None]:
    token = _ALLOWED.set(True)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def status_writes_are_allowed() -> bool:
    return _ALLOWED.get()


# Set on an instance while ``Case.refresh_from_db`` copies the database's values onto it: showing
# what the database holds is not a status change, and it opens no window for anyone else.
RELOADING = "_casework_status_reloading"


def refuse_new_case_with_status(instance) -> None:
    """``Case.save``'s check: a case is inserted with a status only by ``open_case`` or ``import_case``."""
    if instance._state.adding and instance.status and not _ALLOWED.get():
        raise StatusWriteError(
            f"A {type(instance).__name__} is created only by casework.services.open_case() "
            "(or import_case() for a case recorded elsewhere), not with a status of its own."
        )


class _StatusDescriptor(DeferredAttribute):
    def __set__(self, instance, value) -> None:
        data = instance.__dict__
        name = self.field.attname
        # The first assignment comes from the model's constructor (a new case or a row from the DB).
        if name in data and data[name] != value and not _ALLOWED.get() and not data.get(RELOADING):
            raise StatusWriteError(
                f"{type(instance).__name__}.{name} can only be changed by casework.services.transition()."
            )
        data[name] = value


class StatusField(models.CharField):
    descriptor_class = _StatusDescriptor

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
