"""Who a user is in the org chart: their roles, department, enterprise and industries.

Computed once per user object and cached on it, because every scope check of a request asks.
"""

from dataclasses import dataclass, field

from django.db.models import Aggregate, CharField, OuterRef, Subquery

from jinzhou.org.choices import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    department_id: int | None = None
    enterprise_id: int | None = None
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
        enterprise_id=facts["actor_enterprise_id"],
        industry_ids=frozenset(int(pk) for pk in filter(None, (facts["actor_industries"] or "").split(_SEPARATOR))),
        is_superuser=user.is_superuser,
    )
    user._jinzhou_actor = actor
    return actor


# Role names and ids never contain it (role names are the Chinese group names of org.choices.Role).
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
FACT_NAMES = ("actor_roles", "actor_department_id", "actor_enterprise_id", "actor_industries")


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
        "actor_roles": Subquery(memberships.values("user_id").annotate(j=_Joined("group__name")).values("j")),
        "actor_department_id": Subquery(profile.values("department_id")[:1]),
        "actor_enterprise_id": Subquery(profile.values("enterprise_id")[:1]),
        "actor_industries": Subquery(led.values("leader_id").annotate(j=_Joined("industry_id")).values("j")),
    }


def _facts(user_id: int) -> dict:
    from django.contrib.auth import get_user_model

    annotations = fact_annotations()
    return get_user_model().objects.filter(pk=user_id).annotate(**annotations).values(*annotations).get()


def display_name(user) -> str | None:
    """How a person is named to partners (API, webhooks): the full name, else the user name."""
    if user is None:
        return None
    return user.get_full_name() or user.get_username()
