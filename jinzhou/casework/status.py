"""The protected status field.

A case's status changes only through ``casework.services.transition``. The field's descriptor
refuses any other assignment once a value is loaded, and ``CaseQuerySet.update`` refuses to write
it, so a form, a serializer, the admin or a stray ``save()`` cannot move a case behind the
workflow's back (and its timeline, audit and reminders). The services open a short window with
``status_writes_allowed()`` around the one assignment they make.
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


class _StatusDescriptor(DeferredAttribute):
    def __set__(self, instance, value) -> None:
        data = instance.__dict__
        name = self.field.attname
        # The first assignment comes from the model's constructor (a new case or a row from the DB).
        if name in data and data[name] != value and not _ALLOWED.get():
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
