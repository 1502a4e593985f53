"""The index follows every write: a saved or deleted case (any kind), comment, progress report,
enterprise, meeting or decision re-indexes its object after commit (``search.services.schedule``).
Receivers, not calls in each service, because the admin's own saves and the seeds write too, and the
engine may not name this app (the layers rule); bulk writes (seed_demo) are followed by a rebuild."""

from django.db.models.signals import post_delete, post_save

from chains.models import ProgressReport
from jinzhou.casework.models import Case, Comment
from jinzhou.org.models import Enterprise
from meetings.models import Decision, Meeting
from search.models import EntryKind
from search.services import schedule


def _case_saved(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Case):
        schedule(EntryKind.CASE, instance.pk)


def _record_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Comment):
        schedule(EntryKind.CASE, instance.case_id)
    elif isinstance(instance, ProgressReport):
        schedule(EntryKind.CASE, instance.task_id)
    elif isinstance(instance, Enterprise):
        schedule(EntryKind.ENTERPRISE, instance.pk)
    elif isinstance(instance, Meeting):
        schedule(EntryKind.MEETING, instance.pk)
    elif isinstance(instance, Decision):
        schedule(EntryKind.MEETING, instance.meeting_id)


def connect() -> None:
    # A kind's save sends post_save with the kind as sender (multi-table inheritance): listen to all.
    post_save.connect(_case_saved, dispatch_uid="search_case_saved")
    for model in (Comment, ProgressReport, Enterprise, Meeting, Decision):
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"search_saved_{model.__name__}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"search_deleted_{model.__name__}")
