"""One demonstration account per role (and a university's, which has none), with the password from
``settings.DEMO_PASSWORD``.

The password is public (it is in the docs and printed by the command), so these accounts must never
exist on a production server: the seed refuses to create them in production mode (``DJANGO_DEBUG=0``,
``settings.DEMO_USERS_ALLOWED`` off); ``make run`` and debug mode allow them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from jinzhou.org.choices import Role
from jinzhou.org.models import ApiKey, Department, Enterprise, Institution, TaskForce, UserProfile
from jinzhou.org.roles import grant_role_permissions
from jinzhou.org.services import role_group
from seeds.upsert import Upserter
from seeds.validation import SeedDataError

# The demo partner system's API key (owned by the partner service account, every scope).
DEMO_KEY_NAME = "demo partner"
DEMO_KEY_SCOPES = "*:read,*:write"
# The task-force leader leads the industry that holds the titanium chains (中信钛业's TiO2 chain).
TITANIUM_CHAIN = "MT-01"
# The chain-leader account heads this bureau, so that escalations addressed to it reach someone.
HEADED_DEPARTMENT = "miit"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    # None for a university's or institute's user: no role, their scope keys on the profile's institution.
    role: Role | None
    title: str
    phone: str
    # A demo person's name (family name, given name), so that pages show people as people do:
    # 王磊（工信局）. Invented for the demonstration, like the title's （示例）.
    name: tuple[str, str] = ("", "")
    department: str | None = None
    enterprise: str | None = None
    institution: str | None = None


# Phone numbers are placeholders in Jinzhou's area code (0416), not real lines.
DEMO_ACCOUNTS = (
    DemoAccount(
        "office", Role.OFFICE, "领导小组办公室工作人员（示例）", "0416-0000001", name=("李", "娜"), department="office"
    ),
    DemoAccount(
        "leader",
        Role.LEADING_GROUP,
        "领导小组成员（示例）",
        "0416-0000002",
        name=("赵", "刚"),
        department="leading-group",
    ),
    # A vice mayor belongs to no bureau; TaskForce.leader, not a department, gives this account its scope.
    DemoAccount(
        "taskforce", Role.TASK_FORCE_LEADER, "产业专班班长、分管副市长（示例）", "0416-0000003", name=("周", "建国")
    ),
    DemoAccount(
        "chainlead",
        Role.CHAIN_LEADER,
        "工信局链长单位联络员（示例）",
        "0416-0000004",
        name=("王", "磊"),
        department="miit",
    ),
    DemoAccount(
        "enterprise",
        Role.CHAIN_OWNER,
        "链主企业联络员（示例）",
        "0416-0000005",
        name=("刘", "洋"),
        enterprise="中信钛业",
    ),
    # The alliances' two sides: the science-and-technology bureau, and a lead member (盟主) of an alliance.
    DemoAccount(
        "kejiju",
        Role.CHAIN_LEADER,
        "科技局产学研联盟联络员（示例）",
        "0416-0000006",
        name=("陈", "静"),
        department="most",
    ),
    DemoAccount(
        "rhein",
        Role.CHAIN_OWNER,
        "联盟盟主企业联络员（示例）",
        "0416-0000007",
        name=("孙", "伟"),
        enterprise="莱茵动力(锦州)有限公司",
    ),
    # A university's team applying to 揭榜挂帅 in the portal: no role and no admin, only the portal.
    DemoAccount(
        "daxue",
        None,
        "辽宁工业大学科研处联络员（示例）",
        "0416-0000008",
        name=("马", "丽"),
        institution="辽宁工业大学",
    ),
)


@dataclass(frozen=True)
class DemoUserRow:
    username: str
    role: str
    organisation: str
    password: str


def check_demo_users_allowed() -> None:
    if not settings.DEMO_USERS_ALLOWED:
        raise SeedDataError(
            _(
                "Refusing to create demo users in production mode (DJANGO_DEBUG=0): "
                "accounts with a published password must never exist on a production server."
            )
        )
    if not settings.DEMO_PASSWORD:
        raise SeedDataError(_("DEMO_PASSWORD is empty; set it to create the demo users."))


def seed_demo_users(up: Upserter) -> list[DemoUserRow]:
    check_demo_users_allowed()
    password = settings.DEMO_PASSWORD
    rows, users = [], {}
    for account in DEMO_ACCOUNTS:
        user = _user(up, account, password)
        users[account.username] = user
        department = Department.objects.get(code=account.department) if account.department else None
        enterprise = Enterprise.objects.get(name=account.enterprise) if account.enterprise else None
        institution = Institution.objects.get(name=account.institution) if account.institution else None
        up.upsert(
            UserProfile,
            _("demo user %(username)s") % {"username": account.username},
            {"user_id": user.pk},
            {
                "department_id": department.pk if department else None,
                "enterprise_id": enterprise.pk if enterprise else None,
                "institution_id": institution.pk if institution else None,
                "title": account.title,
                "phone": account.phone,
            },
        )
        organisation = str(department or enterprise or institution or "")
        if account.role == Role.TASK_FORCE_LEADER:
            task_force = TaskForce.objects.get(industry__chains__code=TITANIUM_CHAIN)
            up.update(task_force, str(task_force), {"leader_id": user.pk})
            organisation = task_force.name
        role = account.role.value if account.role else "-"
        rows.append(DemoUserRow(account.username, role, organisation, password))

    bureau = Department.objects.get(code=HEADED_DEPARTMENT)
    up.update(bureau, str(bureau), {"head_id": users["chainlead"].pk})
    return rows


def _user(up: Upserter, account: DemoAccount, password: str):
    User = get_user_model()
    user = User.objects.filter(username=account.username).first()
    created = user is None
    if created:
        user = User(username=account.username)
    # A demo account is reset to exactly its role, whatever someone did to it since.
    family, given = account.name
    wanted = {
        # Staff use the admin; a user without a role has nothing there and works in the portal only.
        "is_staff": account.role is not None,
        "is_active": True,
        "is_superuser": False,
        "last_name": family,
        "first_name": given,
    }
    changed = created or any(getattr(user, attr) != value for attr, value in wanted.items())
    for attr, value in wanted.items():
        setattr(user, attr, value)
    # Re-hashing an unchanged password would still rewrite the row (a new salt), so check first.
    if created or not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.save()
    groups = {_role_group(account.role)} if account.role else set()
    memberships_changed = set(user.groups.all()) != groups
    if memberships_changed:
        user.groups.set(groups)
    outcome = "created" if created else "updated" if changed or memberships_changed else "unchanged"
    up.record(User._meta.model_name, outcome)
    return user


def _role_group(role: Role) -> Group:
    created = not Group.objects.filter(role__code=role).exists()
    group = role_group(role)
    if created:
        # The data migration normally creates the groups; a flushed database needs them and their rights back.
        grant_role_permissions()
    return group


@dataclass(frozen=True)
class DemoKey:
    prefix: str
    key: str | None  # None when the key existed already: only its digest is stored, so it cannot be shown


def seed_demo_key() -> DemoKey:
    """The demo partner key, created once. A second seed keeps it (its secret cannot be shown again);
    to get a new one, revoke or delete it in the admin, or run ``create_api_key``."""
    from jinzhou.org.services import issue_api_key, partner_service_account

    check_demo_users_allowed()
    owner = partner_service_account()
    existing = ApiKey.objects.usable().filter(name=DEMO_KEY_NAME, user=owner).first()
    if existing:
        return DemoKey(existing.prefix, None)
    key, raw = issue_api_key(actor=None, name=DEMO_KEY_NAME, user=owner, scopes=DEMO_KEY_SCOPES)
    return DemoKey(key.prefix, raw)
