"""招商: investment activities (trips, promotion events, receptions), leads, and projects (a case kind)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.casework.models import Case
from jinzhou.casework.selectors import CaseQuerySet
from jinzhou.org.choices import Provenance
from jinzhou.org.models import SampleMixin
from jinzhou.org.selectors import RestrictedQuerySet
from projects.choices import ActivityKind, LeaderLevel, LeadStatus, ProjectType


class ActivityQuerySet(RestrictedQuerySet):
    """Scope: ``projects.selectors.activity_scope_q`` (the same rows for "view" and "change")."""

    def _restrict(self, user, action: str):
        from projects.selectors import activity_scope_q

        return self.filter(activity_scope_q(user))


class InvestmentActivity(SampleMixin):
    """One batch (批次) of investment attraction: who led it, where, and which enterprises were met."""

    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    activity_kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    leader_name = models.CharField(_("led by"), max_length=60, blank=True)
    leader_level = models.CharField(_("leader level"), max_length=12, choices=LeaderLevel.choices)
    destination_province = models.CharField(_("destination province"), max_length=20, blank=True)
    destination_city = models.CharField(_("destination city"), max_length=30, blank=True)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("organising department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_activities",
    )
    industry = models.ForeignKey(
        "org.Industry",
        verbose_name=_("target industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_activities",
    )
    chains = models.ManyToManyField(
        "org.Chain", verbose_name=_("target chains"), blank=True, related_name="investment_activities"
    )
    enterprises = models.ManyToManyField(
        "org.Enterprise", verbose_name=_("enterprises met"), blank=True, related_name="investment_activities"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    date_provenance = models.CharField(
        _("date's provenance"), max_length=10, choices=Provenance.choices, default=Provenance.REAL,
        help_text=_("An inferred or sample date is left out of the period figures."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords(m2m_fields=[chains, enterprises])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment activity")
        verbose_name_plural = _("investment activities")
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["date", "title"], name="activity_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class LeadQuerySet(RestrictedQuerySet):
    """Scope: ``projects.selectors.lead_scope_q`` (the same rows for "view" and "change")."""

    def _restrict(self, user, action: str):
        from projects.selectors import lead_scope_q

        return self.filter(lead_scope_q(user))


class InvestmentLead(SampleMixin):
    """A lead (线索): an enterprise's interest, followed up until it becomes a project or is dropped."""

    title = models.CharField(_("title"), max_length=200)
    enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_leads",
    )
    activity = models.ForeignKey(
        InvestmentActivity,
        verbose_name=_("found at activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    industry = models.ForeignKey(
        "org.Industry", verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chain = models.ForeignKey(
        "org.Chain", verbose_name=_("chain"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    estimated_amount_yi = models.DecimalField(
        _("estimated amount (100M yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_leads",
    )
    status = models.CharField(_("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.NEW)
    project = models.ForeignKey(
        "projects.InvestmentProject",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


def name_key(title: str) -> str:
    """The project's name as compared for double counting: no spaces or brackets' width, case-folded."""
    table = str.maketrans({"（": "(", "）": ")"})
    return "".join((title or "").translate(table).split()).casefold()


class InvestmentProject(SampleMixin, Case):
    """A project moving 推介 → 在谈 → 签约 → 开工 → 竣工 → 投产; each stage's date is kept.

    ``Case.due_at`` is the planned date of the next stage, so the reminder sweep follows the plan."""

    enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("investing enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_projects",
    )
    project_type = models.CharField(_("project type"), max_length=20, choices=ProjectType.choices, default="new")
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    amount_yi = models.DecimalField(
        _("amount (100M yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    park = models.ForeignKey(
        "org.Park", verbose_name=_("park"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    pitched_on = models.DateField(_("pitched on"), null=True, blank=True, editable=False)
    negotiating_on = models.DateField(_("negotiating since"), null=True, blank=True, editable=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    producing_on = models.DateField(_("producing since"), null=True, blank=True, editable=False)
    drop_reason = models.TextField(_("reason dropped"), blank=True, editable=False)
    dates_provenance = models.CharField(
        _("stage dates' provenance"), max_length=10, choices=Provenance.choices, default=Provenance.REAL,
        help_text=_("Inferred or sample stage dates are left out of the period figures."),
    )  # fmt: skip

    # SampleMixin comes first in the bases; the case manager (scope, lights) must still be the default.
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        constraints = [
            # The same enterprise's same project is one new signing, however many times it is entered.
            models.UniqueConstraint(
                fields=["enterprise", "name_key"], condition=Q(project_type="new"), name="investment_new_signing_once"
            )
        ]

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.title)
        super().save(*args, **kwargs)
