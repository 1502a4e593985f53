"""The chain catalogue: 6 industrial clusters (六大产业集群) above 7 industries → 25 sub-fields → 33 chains,
their task forces, leaders, owners and maps. It is part of the org chart
("专班班长 + 产业链链长 + 产业链链主": a vice mayor's task force
per industry, a chain-leader department and chain-owner enterprises per chain), so it stands on the
ground floor with the departments and enterprises, and the case engine and every kind can use it.

The tables keep the names they had when the catalogue lived in the ``chains`` app (``db_table``, and
``table_name`` for their histories): the move (migration ``org.0004``) changed no row.
Bottlenecks and chain tasks (the chains' cases) live in ``chains/models/cases.py``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.org.choices import Provenance, Segment
from jinzhou.org.models.chart import SampleMixin


class IndustryCluster(SampleMixin):
    """An industrial cluster (产业集群, the article's 六大产业集群): a grouping above the industries."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("industrial cluster")
        verbose_name_plural = _("industrial clusters")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Industry(SampleMixin):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    cluster = models.ForeignKey(
        IndustryCluster,
        verbose_name=_("industrial cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="industries",
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(table_name="chains_historicalindustry")

    class Meta:
        db_table = "chains_industry"
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class SubField(SampleMixin):
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="subfields"
    )
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(table_name="chains_historicalsubfield")

    class Meta:
        db_table = "chains_subfield"
        verbose_name = _("sub-field")
        verbose_name_plural = _("sub-fields")
        ordering = ["industry__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["industry", "name"], name="subfield_unique_name")]

    def __str__(self) -> str:
        return self.name


class Chain(SampleMixin):
    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Stable identifier used by the API and partners.")
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    subfield = models.ForeignKey(SubField, verbose_name=_("sub-field"), on_delete=models.PROTECT, related_name="chains")
    # Denormalised from the sub-field so that scope checks and counts by industry are one join shorter.
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="chains", editable=False
    )
    leader_department = models.ForeignKey(
        "Department",
        verbose_name=_("chain-leader department"),
        on_delete=models.PROTECT,
        related_name="led_chains",
    )
    leader_provenance = models.CharField(
        _("chain leader's provenance"),
        max_length=10,
        choices=Provenance.choices,
        default=Provenance.REAL,
        help_text=_("The article names no chain's leader department: a seeded one is inferred."),
    )
    owners = models.ManyToManyField(
        "Enterprise",
        verbose_name=_("chain owners"),
        through="ChainOwner",
        blank=True,
        related_name="owned_chains",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(table_name="chains_historicalchain")

    class Meta:
        db_table = "chains_chain"
        verbose_name = _("chain")
        verbose_name_plural = _("chains")
        ordering = ["industry__order", "subfield__order", "order", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.industry_id = self.subfield.industry_id
        super().save(*args, **kwargs)

    @property
    def owner_enterprises(self) -> list:
        """The owners read through ``ownerships`` (prefetch it with its enterprise: one query for both)."""
        return [ownership.enterprise for ownership in self.ownerships.all()]


class ChainOwner(models.Model):
    """A chain-owner enterprise (链主) of a chain; a chain may have several."""

    chain = models.ForeignKey(Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="ownerships")
    enterprise = models.ForeignKey(
        "Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="chain_ownerships"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.REAL)
    # Which enterprises lead a chain as its owners (链主) is part of the public catalogue: keep who changed it.
    history = HistoricalRecords()

    class Meta:
        db_table = "chains_chainowner"
        verbose_name = _("chain owner")
        verbose_name_plural = _("chain owners")
        constraints = [models.UniqueConstraint(fields=["chain", "enterprise"], name="chainowner_unique")]

    def __str__(self) -> str:
        return f"{self.chain} · {self.enterprise}"


class TaskForce(SampleMixin):
    """An industry's task force (产业专班), led by the vice mayor in charge (专班班长)."""

    industry = models.OneToOneField(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="task_force"
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    leader_name = models.CharField(_("leader"), max_length=40, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=60, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_task_forces",
    )
    history = HistoricalRecords(table_name="chains_historicaltaskforce")

    class Meta:
        db_table = "chains_taskforce"
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        ordering = ["industry__order"]

    def __str__(self) -> str:
        return self.name


class _ChainsHistory(HistoricalRecords):
    """History whose many-to-many history tables also keep their ``chains_`` names: simple-history
    derives those from the app label and has no ``table_name`` for them, and renaming a table would
    break the previous release while it still serves during a deploy (docs/operations.md §7)."""

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        options["db_table"] = f"chains_{self.get_history_model_name(through_model).lower()}"
        return options


class ChainNode(models.Model):
    """A link of the chain map (产业链图谱): what the chain needs up, mid or downstream, who supplies it,
    and whether it is a missing link to attract investment for (补链)."""

    chain = models.ForeignKey(Chain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="nodes")
    segment = models.CharField(_("segment"), max_length=12, choices=Segment.choices)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    enterprises = models.ManyToManyField(
        "Enterprise",
        verbose_name=_("enterprises"),
        blank=True,
        related_name="chain_nodes",
        db_table="chains_chainnode_enterprises",
    )
    is_missing_link = models.BooleanField(
        _("missing link"), default=False, help_text=_("A gap in the chain: a target for investment attraction.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = _ChainsHistory(m2m_fields=[enterprises], table_name="chains_historicalchainnode")

    class Meta:
        db_table = "chains_chainnode"
        verbose_name = _("chain map node")
        verbose_name_plural = _("chain map nodes")
        ordering = ["chain", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["chain", "segment", "name"], name="chainnode_unique")]

    def __str__(self) -> str:
        return f"{self.chain} · {self.get_segment_display()} · {self.name}"
