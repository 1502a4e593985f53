"""The one ``Case`` table every kind of case shares, and what hangs off it directly."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.casework.choices import CoHandlingStatus, LinkRelation, Priority, Source
from jinzhou.casework.selectors import CaseQuerySet
from jinzhou.casework.status import RELOADING, StatusField, refuse_new_case_with_status

User = settings.AUTH_USER_MODEL


# The cases the kept tallies do not hold (``casework.tallies``): open, or closed without a closing
# time at or after their creation. Written out here for the partial index; casework.tallies reuses it.
LIVE = models.Q(is_open=True) | models.Q(closed_at__isnull=True) | models.Q(closed_at__lt=models.F("created_at"))
# The columns the dashboards read of those cases (``casework.figures``), beside chain and department.
LIVE_READS = (
    "id",
    "is_open",
    "kind",
    "status",
    "created_at",
    "closed_at",
    "due_at",
    "original_due_at",
    "handed_in_at",
    "report_due_at",
    "warn_at",
    "reporter",
    "responsible_person",
    "assigned_by",
    "reporter_enterprise",
)


class Case(models.Model):
    """What every case has. Kind-specific fields live in kind models that inherit from it
    (``chains.Bottleneck``, ``chains.ChainTask``, …), so lists, lights, dashboards and the reminder
    sweep stay single queries over this table."""

    kind = models.CharField(_("kind"), max_length=30, db_index=True, editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = StatusField(_("status"), db_index=True)
    is_open = models.BooleanField(_("open"), default=True, editable=False)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.DEPARTMENT)
    chain = models.ForeignKey(
        "org.Chain", verbose_name=_("chain"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    reporter = models.ForeignKey(
        User, verbose_name=_("reporter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("reporting enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_cases",
    )
    enterprises = models.ManyToManyField(
        "org.Enterprise",
        verbose_name=_("participating enterprises"),
        blank=True,
        related_name="cases",
        help_text=_("Enterprises that take part in the case; their users can see it."),
    )
    responsible_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_cases",
    )
    responsible_person = models.ForeignKey(
        User,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        User, verbose_name=_("assigned by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True, editable=False)
    # Deadlines: due_at moves with approved extensions; original_due_at is kept for assessment (考核).
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True, editable=False)
    original_due_at = models.DateTimeField(_("original deadline"), null=True, blank=True, editable=False)
    warn_at = models.DateTimeField(_("yellow from"), null=True, blank=True, editable=False)
    # A periodic duty (e.g. a chain task's progress report): missing it is itself late.
    report_due_at = models.DateTimeField(_("next report due"), null=True, blank=True, editable=False)
    next_reminder_at = models.DateTimeField(_("next reminder at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent case"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        User, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # When the case last stepped into a waiting state (``Workflow.waiting_states``: handed in for the
    # office's decision), written by ``services.transition`` with the timeline event's time: the
    # on-time rate reads it instead of searching the timeline per case (docs/metrics.md).
    handed_in_at = models.DateTimeField(_("handed in at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["next_reminder_at", "handed_in_at"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The reminder sweep reads only open cases whose next reminder has come.
            models.Index(fields=["next_reminder_at"], name="case_open_reminder_idx", condition=models.Q(is_open=True)),
            # The lists' order (open first, earliest deadline first): a page of 100 is read from
            # the index instead of sorting the whole table (133 ms → a few ms at 100,000 cases).
            # It also serves "open and due before …" (red lights, overdue lists), and the deadline
            # hierarchy of the lists, open and closed cases apart (admin/date_hierarchy.py).
            models.Index(
                models.F("is_open").desc(),
                models.F("due_at").asc(),  # ascending is NULLS LAST on PostgreSQL, as the lists order
                models.F("id").desc(),
                name="case_list_order_idx",
            ),
            # The open cases, a few thousand whatever the table, with every column the lists of open
            # work test (我的待办's sections, the admin home's queue, the lights): read from the index
            # alone instead of one table page per case (~7 µs a case at 1,000,000 cases). ``is_open``
            # too: the light's conditions name it (``NOT is_open``), and without it every row was read.
            models.Index(
                fields=["due_at"],
                include=[
                    "id",
                    "is_open",
                    "kind",
                    "status",
                    "report_due_at",
                    "warn_at",
                    "responsible_person",
                    "responsible_department",
                    "reporter",
                    "reporter_enterprise",
                    "assigned_by",
                    "chain",
                ],
                condition=models.Q(is_open=True),
                name="case_open_cover_idx",
            ),
            models.Index(fields=["kind", "status"], name="case_kind_status_idx"),
            models.Index(fields=["updated_at", "id"], name="case_sync_idx"),
            # The period's edges and "anything closed after now?" of the dashboards (casework.figures).
            # Covering: the edges' counts are read from the index alone (135,000 cases closed in
            # six days of the 1,000,000 seeded: 400 ms from the rows).
            models.Index(
                fields=["closed_at"],
                include=[
                    "id",
                    "is_open",
                    "created_at",
                    "original_due_at",
                    "handed_in_at",
                    "chain",
                    "responsible_department",
                ],
                name="case_closed_at_idx",
            ),
            # The cases the tallies leave out (open, or closed without a usable closing time), which
            # the dashboards count live: a few thousand of a million (``casework.tallies.LIVE``).
            # Covering what the lights, rates, trends and scopes read of them: read from the index
            # alone (1.5 MB at 1,000,000 cases), not from the ~8,500 pages the open cases lie on.
            models.Index(
                fields=["chain", "responsible_department"],
                include=[*LIVE_READS],
                name="case_live_idx",
                condition=LIVE,
            ),
            # A department's or task force's closed cases outside its chains and department that it
            # sees as reporter, responsible person or assigner, found inside these indexes (the ids
            # included) without reading the many rows of its own chains (casework.figures).
            *(
                models.Index(fields=[tie, "chain", "responsible_department"], include=["id"], name=name)
                for tie, name in (
                    ("reporter", "case_reporter_scope_idx"),
                    ("responsible_person", "case_person_scope_idx"),
                    ("assigned_by", "case_assigner_scope_idx"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def refresh_from_db(self, *args, **kwargs) -> None:
        # Reloading shows what the database holds; that is not a status change.
        self.__dict__[RELOADING] = True
        try:
            super().refresh_from_db(*args, **kwargs)
        finally:
            del self.__dict__[RELOADING]

    def save(self, *args, **kwargs) -> None:
        refuse_new_case_with_status(self)
        super().save(*args, **kwargs)

    @property
    def spec(self):
        from jinzhou.casework.kinds import get_kind

        return get_kind(self.kind)

    @property
    def status_label(self) -> str:
        return self.spec.workflow.state(self.status).label

    def allows(self, operation: str) -> bool:
        """Whether the case's current state allows ``operation`` (``Workflow.allows``): the state half
        of every ``may_<operation>`` of the services."""
        return self.spec.workflow.allows(self.status, operation)

    def after_edit(self, changed: list[str]) -> None:
        """Called by ``update_case`` before saving, with the names of the fields that changed, so a
        kind can keep derived values (e.g. a chain task's next report date) in step."""

    def as_kind(self) -> "Case":
        """The kind model instance (e.g. a Bottleneck) for this case."""
        model = self.spec.model
        if isinstance(self, model):
            return self
        return model.objects.get(pk=self.pk)


class ReferenceSequence(models.Model):
    """The last number issued per prefix and year. Numbers are never reused, even if a case is deleted."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="refseq_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class CoHandling(models.Model):
    """A co-handling (协办) department on a case, with its own sub-deadline and feedback."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="co_handlings")
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="co_handlings"
    )
    due_at = models.DateTimeField(_("sub-deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CoHandlingStatus.choices, default=CoHandlingStatus.PENDING
    )
    feedback = models.TextField(_("feedback"), blank=True)
    feedback_by = models.ForeignKey(
        User, verbose_name=_("feedback by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-handling department")
        verbose_name_plural = _("co-handling departments")
        constraints = [models.UniqueConstraint(fields=["case", "department"], name="cohandling_unique")]

    def __str__(self) -> str:
        return f"{self.case.reference} · {self.department}"


class CaseLink(models.Model):
    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, verbose_name=_("linked case"), on_delete=models.CASCADE, related_name="links_in")
    relation = models.CharField(
        _("relation"), max_length=12, choices=LinkRelation.choices, default=LinkRelation.RELATES
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case", "relation"], name="caselink_unique"),
            models.CheckConstraint(condition=~models.Q(from_case=models.F("to_case")), name="caselink_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} {self.relation} {self.to_case_id}"
