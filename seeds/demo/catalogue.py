"""What the demo draws on: the seeded catalogue, and the shape of each workflow."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jinzhou.org.choices import DepartmentKind, Role
from jinzhou.org.models import Chain, Department, Enterprise, UserProfile
from seeds.demo.mix import DETOURS


class CatalogueMissing(Exception):
    """There are no chains or departments to attach cases to."""


@dataclass
class DemoResult:
    cases: int = 0
    events: int = 0
    rows: int = 0
    seconds: float = 0.0
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_light: Counter = field(default_factory=Counter)
    closed_late: int = 0
    first_id: int | None = None

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Chain:
    id: int
    name: str
    industry: str
    leader_department_id: int


@dataclass
class _Catalogue:
    chains: list[_Chain]
    handling_departments: list[int]
    department_names: dict[int, str]
    enterprises: dict[int, list[tuple[int, str]]]
    office_user: int | None
    department_users: dict[int, int]
    enterprise_users: dict[int, int]


def load_catalogue(using: str = "default") -> _Catalogue:
    """The chains, departments, enterprises and users the demo cases refer to, in a stable order."""
    chains = [
        _Chain(row["id"], row["name"], row["industry__name"], row["leader_department_id"])
        for row in Chain.objects.using(using)
        .order_by("code")
        .values("id", "name", "industry__name", "leader_department_id")
    ]
    if not chains:
        raise CatalogueMissing(_("There are no chains to attach demo cases to: run seed_jinzhou first."))
    departments = list(Department.objects.using(using).order_by("code").values_list("id", "name", "kind"))
    handling = [
        pk for pk, _name, kind in departments if kind not in (DepartmentKind.LEADING_GROUP, DepartmentKind.OFFICE)
    ]
    enterprises: dict[int, list[tuple[int, str]]] = {}
    for chain_id, enterprise_id, name, short_name in (
        Enterprise.chains.through.objects.using(using)
        .order_by("chain__code", "enterprise__name")
        .values_list("chain_id", "enterprise_id", "enterprise__name", "enterprise__short_name")
    ):
        enterprises.setdefault(chain_id, []).append((enterprise_id, short_name or name))
    office = (
        UserProfile.objects.using(using)
        .filter(user__groups__role__code=Role.OFFICE, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    department_users: dict[int, int] = {}
    enterprise_users: dict[int, int] = {}
    for user_id, department_id, enterprise_id in (
        UserProfile.objects.using(using)
        .filter(user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", "department_id", "enterprise_id")
    ):
        if department_id:
            department_users.setdefault(department_id, user_id)
        if enterprise_id:
            enterprise_users.setdefault(enterprise_id, user_id)
    return _Catalogue(
        chains=chains,
        handling_departments=handling or [pk for pk, _name, _kind in departments],
        department_names={pk: name for pk, name, _kind in departments},
        enterprises=enterprises,
        office_user=office,
        department_users=department_users,
        enterprise_users=enterprise_users,
    )


def department_id(code: str, using: str = "default") -> int:
    """The id of the department with this code (``seed_demo --open-for``)."""
    found = Department.objects.using(using).filter(code=code).values_list("id", flat=True).first()
    if found is None:
        raise CatalogueMissing(_("There is no department with the code %(code)s.") % {"code": code})
    return found


def _weighted(pairs) -> tuple[list, list[float]]:
    values = [value for value, _weight in pairs]
    total = sum(weight for _value, weight in pairs)
    cumulative, running = [], 0.0
    for _value, weight in pairs:
        running += weight / total
        cumulative.append(running)
    return values, cumulative


def shortest_paths(workflow) -> dict[str, tuple]:
    """For each state, the transitions of the shortest path to it from the initial state."""
    paths = {workflow.initial: ()}
    queue = deque([workflow.initial])
    while queue:
        state = queue.popleft()
        for step in workflow.transitions:
            if step.action in DETOURS or state not in step.sources or step.target in paths:
                continue
            paths[step.target] = (*paths[state], step)
            queue.append(step.target)
    return paths


def closed_share(age_days: float) -> float:
    """How likely a case of this age is closed: none in its first days, most of the oldest."""
    return 0.0 if age_days < 5 else min(0.9, (age_days - 5) / 400)


def realistic_closed_share(age_days: float, cases: int) -> float:
    """The realistic mix (years of daily use): most recent cases open, few of the last quarter, almost
    none older; with many cases, no age keeps more than a share that leaves a few thousand open."""
    shape = 0.9 if age_days < 30 else 0.3 if age_days < 90 else 0.02
    return 1.0 - min(shape, REALISTIC_OPEN_CAP / max(1, cases))


# With N cases no age keeps more than REALISTIC_OPEN_CAP / N of them open: ~4,000 open at 100,000.
REALISTIC_OPEN_CAP = 9000


def red_share(age_days: float) -> float:
    """How likely an open case with a deadline is overdue: rarely a young one, often one open for months."""
    return 0.06 + 0.3 * min(1.0, max(0.0, age_days - 20) / 200)


# "HH:MM:" for each minute of a day and "SS" for each second: formatting a timestamp from these is
# several times faster than str(datetime), which matters at a few million timestamps a run.
