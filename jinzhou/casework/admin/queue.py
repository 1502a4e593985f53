"""The visitor's queue (待办) at the top of the admin's home page: a count per entry, each linking to
the list of exactly those cases (``?queue=<name>`` on the list of all cases, the same rule as the
count: ``jinzhou.casework.selectors.queue_q``)."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jinzhou.casework.selectors import QUEUE, office_queue
from jinzhou.org.selectors import actor_for

QUEUE_LABELS = {
    "accept": _("To accept (待受理)"),
    "assign": _("To assign (待交办)"),
    "review": _("To review for closing (待审核办结)"),
    "extension": _("Extensions to decide (待审批延期)"),
    "overdue": _("Overdue (逾期)"),
    "report_late": _("Progress report late (逾期未报进展)"),
    "unacknowledged": _("Notices not acknowledged (督办未签收)"),
}
# Only the office accepts and assigns reports; for anyone else these entries are always empty.
OFFICE_ONLY = frozenset({"accept", "assign"})


def queue_names(user) -> list[str]:
    """The entries of the queue that can apply to ``user``."""
    is_office = actor_for(user).is_office
    return [name for name in QUEUE if is_office or name not in OFFICE_ONLY]


def queue_entries(user) -> list[dict]:
    """The entries that apply to ``user``: label, count and the link to the list they count."""
    if not user.has_perm("casework.view_case"):
        return []
    counts = office_queue(user)
    url = reverse("admin:casework_case_changelist")
    return [
        {"name": name, "label": QUEUE_LABELS[name], "count": counts[name], "url": f"{url}?queue={name}"}
        for name in queue_names(user)
    ]


def install_queue(site: AdminSite) -> None:
    """Give the home page of ``site`` the visitor's queue (``casework_queue`` in its context)."""
    original = site.index
    if getattr(original, "adds_casework_queue", False):
        return

    def index(request: HttpRequest, extra_context=None):
        return original(request, {"casework_queue": queue_entries(request.user), **(extra_context or {})})

    index.adds_casework_queue = True  # type: ignore[attr-defined]
    site.index = index  # type: ignore[method-assign]
