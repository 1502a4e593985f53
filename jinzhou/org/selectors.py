"""Who a user is in the org chart: their roles, department, enterprise and industries.

Computed once per user object and cached on it, because every scope check of a request asks.
"""

from dataclasses import dataclass, field

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
    from chains.models import TaskForce
    from jinzhou.org.models import UserProfile

    roles = frozenset(user.groups.values_list("name", flat=True))
    profile = UserProfile.objects.filter(user=user).values("department_id", "enterprise_id").first() or {}
    industries = frozenset(TaskForce.objects.filter(leader=user).values_list("industry_id", flat=True))
    actor = Actor(
        user_id=user.pk,
        roles=roles,
        department_id=profile.get("department_id"),
        enterprise_id=profile.get("enterprise_id"),
        industry_ids=industries,
        is_superuser=user.is_superuser,
    )
    user._jinzhou_actor = actor
    return actor


def forget_actor(user) -> None:
    """Drop the cached facts, e.g. after a test or the admin changed the user's groups."""
    user.__dict__.pop("_jinzhou_actor", None)
