"""The alliance (产学研联盟) and what it is made of: members, joint projects.

An alliance is itself a case kind (``LM``), not a registry row whose steps are separate cases. Its
lifecycle (application → city review → provincial approval → typical selection → dissolution) is one
record's status, with one timeline, one set of attachments (each step's documents) and one audit
history, and the admin's buttons, the API and the matrix tests read the same workflow declaration.
The states reached once the province has approved (``provincial``, ``typical``) are terminal, so an
approved alliance is not counted as open work by the dashboards and the reminder sweep, while the later
steps (typical selection, dissolution) are still transitions from those states, as a bottleneck's
``reopen`` is from ``closed``. Annual evaluations are cases of their own (``PG``), one per year.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alliances.choices import MemberRole
from jinzhou.casework.models import Case
from jinzhou.org.models import SampleMixin


def contract_path(instance: "Alliance", filename: str) -> str:
    # A random name on disk; the sanitised original name is kept in ``contract_document_name``.
    return f"alliances/contracts/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Alliance(Case, SampleMixin):
    """An industry–university–research alliance; ``title`` is its name.

    ``Case.chain`` stays empty on purpose: the case scope opens a case on a chain to the chain's
    leader department and task-force leader, but alliances are the science-and-technology bureau's
    business (and the lead enterprise's). The chain the alliance serves is ``industry_chain``.
    """

    # Named so that ``Case.alliance`` stays free: an evaluation's ``alliance`` field inherits Case's names.
    case_ptr = models.OneToOneField(
        Case, on_delete=models.CASCADE, parent_link=True, primary_key=True, related_name="alliance_record"
    )
    industry_chain = models.ForeignKey(
        "org.Chain",
        verbose_name=_("chain served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alliances",
    )
    lead_enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("lead member (盟主)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_alliances",
        help_text=_("Its users see and update the alliance and submit its self-assessments."),
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A user of the lead member; reminded of the self-assessment deadline."),
    )
    # The binding contract (具有法律约束力的契约).
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_expires_on = models.DateField(_("contract expires on"), null=True, blank=True)
    contract_document = models.FileField(
        _("contract document"), upload_to=contract_path, max_length=200, blank=True, editable=False
    )
    contract_document_name = models.CharField(_("contract file name"), max_length=200, blank=True, editable=False)
    market_goals = models.TextField(_("market goals"), blank=True)
    shared_platforms = models.TextField(_("shared labs and platforms"), blank=True, help_text=_("One per line."))
    # Each step's date, set by the workflow's effects (the timeline has who and when it was recorded).
    applied_on = models.DateField(_("applied on"), null=True, blank=True, editable=False)
    recommended_on = models.DateField(_("recommended by the city on"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("approved by the province on"), null=True, blank=True, editable=False)
    approval_document = models.CharField(_("approval document number"), max_length=100, blank=True, editable=False)
    typical_batch = models.CharField(_("typical alliance batch"), max_length=60, blank=True, editable=False)
    typical_selected_on = models.DateField(_("selected as typical on"), null=True, blank=True, editable=False)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True, editable=False)
    # The standing results of the annual evaluations (kept in step by the 会评 effect).
    grade_a = models.BooleanField(_("grade A"), default=False, editable=False)
    removal_flagged = models.BooleanField(_("flagged for removal"), default=False, editable=False)
    removal_flagged_year = models.PositiveSmallIntegerField(
        _("flagged for removal in"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    @property
    def name(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.chain_id:
            errors["chain"] = _("An alliance names the chain it serves as “chain served”.")
        if self.lead_enterprise_id is None and not self.is_sample:
            errors["lead_enterprise"] = _("An alliance needs its lead member.")
        if self.contract_signed_on and self.contract_expires_on and self.contract_expires_on < self.contract_signed_on:
            errors["contract_expires_on"] = _("The contract cannot expire before it is signed.")
        if self.contact_person_id:
            from jinzhou.org.models import UserProfile

            if not UserProfile.objects.filter(
                user_id=self.contact_person_id, enterprise_id=self.lead_enterprise_id or -1
            ).exists():
                errors["contact_person"] = _("The contact person must be a user of the lead member.")
        if errors:
            raise ValidationError(errors)


class AllianceMember(models.Model):
    """A member (enterprise, university or institute) with its role and its dates."""

    alliance = models.ForeignKey(Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="members")
    enterprise = models.ForeignKey(
        "org.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alliance_memberships",
    )
    institution = models.ForeignKey(
        "org.Institution",
        verbose_name=_("university or institute"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alliance_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        ordering = ["left_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(enterprise__isnull=False, institution__isnull=True))
                | (models.Q(enterprise__isnull=True, institution__isnull=False)),
                name="alliancemember_one_party",
            ),
            # One current membership per party; a party that left may join again later.
            models.UniqueConstraint(
                fields=["alliance", "enterprise"],
                condition=models.Q(left_on__isnull=True, enterprise__isnull=False),
                name="alliancemember_enterprise_once",
            ),
            models.UniqueConstraint(
                fields=["alliance", "institution"],
                condition=models.Q(left_on__isnull=True, institution__isnull=False),
                name="alliancemember_institution_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def party(self):
        return self.enterprise or self.institution

    @property
    def party_kind(self) -> str:
        if self.enterprise_id:
            return str(_("Enterprise"))
        return self.institution.get_kind_display() if self.institution else ""

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def clean(self) -> None:
        super().clean()
        if bool(self.enterprise_id) == bool(self.institution_id):
            raise ValidationError(_("A member is either an enterprise or a university/institute."))
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A member cannot leave before it joined.")})


class JointProject(models.Model):
    """A project the members carry out together, e.g. a provincial major S&T project (省科技重大专项)."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="joint_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    programme = models.CharField(
        _("programme"), max_length=100, blank=True, help_text=_("e.g. 辽宁省科技重大专项 or 揭榜挂帅.")
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)
    # Any case (a 揭榜挂帅 challenge, a chain task), without depending on the app that defines its kind.
    case = models.ForeignKey(
        Case,
        verbose_name=_("linked case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alliance_projects",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
