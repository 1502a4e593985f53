"""Who a user is in the org chart: their roles, department, enterprise or institution, and industries.

Computed once per user object and cached on it, because every scope check of a request asks.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Aggregate, CharField, Count, OuterRef, Prefetch, QuerySet, Subquery

from jinzhou.org.choices import Role
from jinzhou.org.models import Chain, CultivationEntry, Enterprise, EnterpriseDesignation, Industry


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    department_id: int | None = None
    department_code: str | None = None
    enterprise_id: int | None = None
    # A university's or research institute's user: no role; what they see keys on this (projects' rules).
    institution_id: int | None = None
    industry_ids: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or bool(self.roles & {Role.OFFICE, Role.LEADING_GROUP})

    @property
    def is_office(self) -> bool:
        return self.is_superuser or Role.OFFICE in self.roles

    def has_role(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS = Actor(user_id=None)


def actor_for(user) -> Actor:
    """The org-chart facts of ``user`` (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_jinzhou_actor", None)
    if cached is not None:
        return cached
    return remember_actor(user, _facts(user.pk))


def remember_actor(user, facts: dict) -> Actor:
    """The actor of ``user`` from ``facts`` (the values of ``fact_annotations``), cached on the user.
    For a query that loads the user anyway (API key authentication), saving a round trip."""
    actor = Actor(
        user_id=user.pk,
        roles=frozenset(filter(None, (facts["actor_roles"] or "").split(_SEPARATOR))),
        department_id=facts["actor_department_id"],
        department_code=facts["actor_department_code"] or None,
        enterprise_id=facts["actor_enterprise_id"],
        institution_id=facts["actor_institution_id"],
        industry_ids=frozenset(int(pk) for pk in filter(None, (facts["actor_industries"] or "").split(_SEPARATOR))),
        is_superuser=user.is_superuser,
    )
    user._jinzhou_actor = actor
    return actor


# Role codes and ids never contain it (the codes are org.choices.Role's values, tied to groups by RoleGroup).
_SEPARATOR = "|"


class _Joined(Aggregate):
    """The values of a group joined into one string: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, '|')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s((%(expressions)s)::text, '|')", **extra
        )


# The names ``fact_annotations`` gives its values (prefixed so as not to clash with a model's own).
FACT_NAMES = (
    "actor_roles",
    "actor_department_id",
    "actor_department_code",
    "actor_enterprise_id",
    "actor_institution_id",
    "actor_industries",
)


def fact_annotations(user: str = "pk") -> dict:
    """Subqueries for a user's groups, profile and task forces, for ``annotate()`` on any query with
    the user's id in ``user``: every request asks for them (the admin, the portal and each API call),
    so they come in the query that loads the user, not in three more round trips."""
    from django.contrib.auth import get_user_model

    from jinzhou.org.models import TaskForce, UserProfile

    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef(user))
    profile = UserProfile.objects.filter(user_id=OuterRef(user))
    led = TaskForce.objects.filter(leader_id=OuterRef(user))
    return {
        # Roles by their stable code (org.RoleGroup), never by the group's renamable name.
        "actor_roles": Subquery(memberships.values("user_id").annotate(j=_Joined("group__role__code")).values("j")),
        "actor_department_id": Subquery(profile.values("department_id")[:1]),
        "actor_department_code": Subquery(profile.values("department__code")[:1]),
        "actor_enterprise_id": Subquery(profile.values("enterprise_id")[:1]),
        "actor_institution_id": Subquery(profile.values("institution_id")[:1]),
        "actor_industries": Subquery(led.values("leader_id").annotate(j=_Joined("industry_id")).values("j")),
    }


def _facts(user_id: int) -> dict:
    from django.contrib.auth import get_user_model

    annotations = fact_annotations()
    return get_user_model().objects.filter(pk=user_id).annotate(**annotations).values(*annotations).get()


def is_staff_of(user, department_or_code) -> bool:
    """Whether ``user`` is on the staff of the office (superusers included) or of the department given
    as a ``Department`` or its org-chart code (e.g. ``most``, the science bureau). The one answer to
    "the office or bureau X": no query, the department's code comes with ``actor_for``'s facts."""
    actor = actor_for(user)
    if actor.user_id is None:
        return False
    if actor.is_office:
        return True
    if actor.department_id is None:
        return False
    if isinstance(department_or_code, str):
        return actor.department_code == department_or_code
    return actor.department_id == getattr(department_or_code, "pk", department_or_code)


# What ``restrict`` asks about a row: may the user see it, may they change it.
ACTIONS = ("view", "change")


class RestrictedQuerySet(QuerySet):
    """The one way to ask a scoped model which rows a user may see or change (after NetBox's
    ``restrict``): ``Model.objects.restrict(user, "view")`` / ``restrict(user, "change")``. A scoped
    model's queryset subclasses this and implements ``_restrict`` with its rule (cases: ``visible_to``
    and ``editable_by``). "change" narrows the list a person may open for editing; the services still
    check each write."""

    def restrict(self, user, action: str = "view") -> QuerySet:
        if action not in ACTIONS:
            raise ValueError(f"restrict() takes one of {ACTIONS}, not {action!r}")
        return self._restrict(user, action)

    def _restrict(self, user, action: str) -> QuerySet:  # pragma: no cover - every subclass implements it
        raise NotImplementedError


def display_name(user) -> str | None:
    """How a person is named to partners (API, webhooks): the full name, else the user name.

    A Chinese name is written family name first and without a space (王 + 磊 → 王磊)."""
    if user is None:
        return None
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if _is_chinese(first + last):
        return f"{last}{first}"
    return user.get_full_name() or user.get_username()


# What ``person_label`` joins to load a user's unit with them (for ``select_related`` at the callers,
# prefixed with the path to the user, e.g. ``actor__profile__department``).
PERSON_RELATED = ("profile__department", "profile__enterprise", "profile__institution")


def person_related(path: str = "") -> tuple[str, ...]:
    """The ``select_related`` paths ``person_label`` needs for the user at ``path`` (no N+1)."""
    return tuple(f"{path}__{item}" if path else item for item in PERSON_RELATED)


def _load_profile(user) -> None:
    """Read a user's profile with its unit in one query, unless it came with the user already."""
    state = getattr(user, "_state", None)
    if state is None or user.pk is None or "profile" in state.fields_cache:
        return
    from jinzhou.org.models import UserProfile

    related = ("department", "enterprise", "institution")
    # Cached as Django caches a reverse one-to-one; None makes ``user.profile`` raise DoesNotExist.
    state.fields_cache["profile"] = UserProfile.objects.select_related(*related).filter(user_id=user.pk).first()


def unit_label(user) -> str:
    """The short name of the department, enterprise or institution a user works for, or "". Reads
    ``user.profile`` and its unit: select them with the user (``person_related``) where many
    people are labelled; a lone user (the one signed in, named in every page's header) has their
    profile and unit read in one query here."""
    _load_profile(user)
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return ""
    unit = profile.unit
    if unit is None:
        return ""
    return getattr(unit, "short_name", "") or unit.name


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def person_label(user) -> str:
    """How a person appears on every page: the full name (else the user name, ``display_name``) and,
    in full-width parentheses, their unit, e.g. 王磊（工信局）. Never the login where a name exists.
    "" for no one."""
    if user is None:
        return ""
    name = display_name(user)
    unit = unit_label(user)
    return f"{name}（{unit}）" if unit else name


def cultivation_summary() -> list:
    """主体培育 by industry and chain: each industry and each of its chains with ``n_designations`` (the
    designations its enterprises hold) and ``n_entries`` (its 培育库 rows), counted as distinct rows,
    as the admin lists filtered the same way show them. Two queries."""
    chains = Chain.objects.annotate(
        n_designations=Count("enterprises__designations", distinct=True),
        n_entries=Count("cultivation_entries", distinct=True),
    ).order_by("order", "code")
    return list(
        Industry.objects.annotate(
            n_designations=Count("chains__enterprises__designations", distinct=True),
            n_entries=Count("chains__cultivation_entries", distinct=True),
        ).prefetch_related(Prefetch("chains", queryset=chains, to_attr="counted_chains"))
    )


def chain_cultivation(chain) -> dict:
    """A chain's 主体培育: its enterprises that hold a designation (each with its designations, newest
    first) and its cultivation list (培育库). Three queries."""
    designations = EnterpriseDesignation.objects.order_by("-year", "designation", "level")
    designated = (
        Enterprise.objects.filter(chains=chain, designations__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("designations", queryset=designations))
        .order_by("name")
    )
    entries = CultivationEntry.objects.filter(chain=chain).select_related("enterprise", "department")
    return {"designated": list(designated), "entries": list(entries)}
