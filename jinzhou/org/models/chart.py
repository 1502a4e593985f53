"""The org chart: departments, people, enterprises, institutions and parks (the chain catalogue and
its task forces are in ``catalogue.py``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jinzhou.org.choices import DepartmentKind, InstitutionKind, ParkKind, Provenance
from jinzhou.org.validators import normalize_credit_code, validate_credit_code

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9\- ]{5,19}$", _("Enter a phone number of digits, optionally with +, spaces or dashes.")
)


class SampleMixin(models.Model):
    """Rows that the source article does not name are seeded as samples and shown as such."""

    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Filled in for demonstration; not an official record.")
    )
    source_note = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where this record comes from.")
    )
    provenance = models.CharField(
        _("provenance"),
        max_length=10,
        choices=Provenance.choices,
        default=Provenance.REAL,
        help_text=_("Named in the source article, inferred from it, or a sample. A sample is also marked “sample”."),
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_marks = (obj.__dict__.get("is_sample"), obj.__dict__.get("provenance"))
        return obj

    def save(self, *args, **kwargs) -> None:
        # One mark, two forms: ``is_sample`` is "provenance is sample", kept for the filters that ask only
        # that. Whichever of the two was changed (a form may show either) decides; a new row ticked as a
        # sample is a sample.
        was_sample, was = getattr(self, "_loaded_marks", (False, Provenance.REAL))
        if self.provenance == was and self.is_sample != was_sample:
            if self.is_sample:
                self.provenance = Provenance.SAMPLE
            elif self.provenance == Provenance.SAMPLE:
                self.provenance = Provenance.REAL
        self.is_sample = self.provenance == Provenance.SAMPLE
        super().save(*args, **kwargs)
        self._loaded_marks = (self.is_sample, self.provenance)


class Department(SampleMixin):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
        help_text=_("Receives escalations addressed to the department."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Park(SampleMixin):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ParkKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("managing department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parks",
    )
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Enterprise(SampleMixin):
    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100-2015, including its check character."),
    )
    above_designated_size = models.BooleanField(_("above designated size"), default=False)
    park = models.ForeignKey(
        Park, verbose_name=_("park"), null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprises"
    )
    chains = models.ManyToManyField("Chain", verbose_name=_("chains"), blank=True, related_name="enterprises")
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[chains])

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        super().clean()
        if self.credit_code:
            self.credit_code = normalize_credit_code(self.credit_code)

    def save(self, *args, **kwargs) -> None:
        # An empty code is "unknown" (NULL), so that several enterprises without one do not collide.
        self.credit_code = normalize_credit_code(self.credit_code) or None
        super().save(*args, **kwargs)


class Institution(SampleMixin):
    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    city = models.CharField(_("city"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserProfile(models.Model):
    """What the org chart knows of a user: where they work and how to reach them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("For users who act on behalf of an enterprise."),
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("For users who act on behalf of a university or research institute."),
    )
    title = models.CharField(_("title"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")
        constraints = [
            # A person acts for one unit: their scope and how pages name them follow from it.
            models.CheckConstraint(
                condition=Q(department__isnull=True, enterprise__isnull=True)
                | Q(department__isnull=True, institution__isnull=True)
                | Q(enterprise__isnull=True, institution__isnull=True),
                name="profile_at_most_one_unit",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        super().clean()
        units = [self.department_id, self.enterprise_id, self.institution_id]
        if sum(unit is not None for unit in units) > 1:
            message = _("A user works for one unit: choose a department, an enterprise or an institution, not several.")
            raise ValidationError({name: message for name, unit in zip(UNIT_FIELDS, units, strict=True) if unit})

    @property
    def unit(self):
        """The department, enterprise or institution the user works for, or ``None``."""
        return self.department or self.enterprise or self.institution


# A profile's unit fields, at most one of them filled (``profile_at_most_one_unit``).
UNIT_FIELDS = ("department", "enterprise", "institution")


class ApiKeyQuerySet(models.QuerySet):
    def usable(self, now=None) -> "ApiKeyQuerySet":
        """Keys that authenticate now: not revoked, not expired, owned by an active user."""
        from django.utils import timezone

        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    """A partner system's key for the REST API. It acts as its owner (``user``), narrowed to its scopes.

    Only a SHA-256 digest of the key is stored. A slow password hash (PBKDF2, Argon2) protects
    low-entropy secrets that people choose; these keys are 256 random bits made by the server, so a
    fast digest cannot be brute-forced and keeps the per-request check to one indexed lookup.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("Which partner system uses this key."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_("The key sees and does only what this user may see and do, within its scopes."),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    scopes = models.CharField(
        _("scopes"),
        max_length=500,
        help_text=_("Comma-separated, e.g. “cases:read,bottlenecks:write”; “*” stands for every resource."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(item.strip() for item in self.scopes.split(",") if item.strip())

    def allows(self, resource: str, access: str) -> bool:
        """Whether the key's scopes grant ``access`` ("read" or "write") on ``resource``."""
        scopes = self.scope_set
        return f"{resource}:{access}" in scopes or f"*:{access}" in scopes
