"""Writes of the org chart: enterprises (as the API creates and edits them) and API keys.

Atomic, keyword-only ``actor``; the audit history records the acting user on every saved row.
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.org.choices import API_ACCESS, API_RESOURCES, ROLE_GROUP_NAMES, Role
from jinzhou.org.exceptions import Refused
from jinzhou.org.models import ApiKey, Enterprise
from jinzhou.org.selectors import actor_for

KEY_PREFIX = "jzk"
PARTNER_USERNAME = "partner"
# Fields of an enterprise a partner or the office may set through the API.
ENTERPRISE_FIELDS = ("name", "short_name", "credit_code", "above_designated_size", "park", "description")


# --- enterprises ----------------------------------------------------------------------------------
def _require_office(actor, message: str) -> None:
    if not actor_for(actor).is_office:
        raise Refused(message)


def check_may_register_enterprise(actor) -> None:
    _require_office(actor, _("Only the leading-group office registers enterprises."))


def check_may_edit_enterprise(actor) -> None:
    _require_office(actor, _("Only the leading-group office edits enterprises."))


def create_enterprise(*, actor, chains=(), **fields) -> Enterprise:
    """Register an enterprise (the office's job); the credit code is checked by GB 32100-2015."""
    check_may_register_enterprise(actor)
    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    with transaction.atomic():
        enterprise = Enterprise(**fields)
        enterprise.full_clean()
        enterprise._history_user = actor
        enterprise.save()
        if chains:
            enterprise.chains.set(chains)
    return enterprise


def update_enterprise(enterprise: Enterprise, *, actor, chains=None, **changes) -> Enterprise:
    """Edit an enterprise's fields (the office only), validated as on creation."""
    check_may_edit_enterprise(actor)
    unknown = set(changes) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked._history_user = actor
        locked.save()
        if chains is not None:
            locked.chains.set(chains)
    return locked


# --- API keys -------------------------------------------------------------------------------------
def digest_of(raw_key: str) -> str:
    """The stored form of a key. A fast digest suffices: keys are 256 random bits (see ``ApiKey``)."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def parse_scopes(text: str) -> str:
    """Check a comma-separated scope list (``cases:read,*:write``) and return it normalised."""
    items = [item.strip() for item in (text or "").split(",") if item.strip()]
    if not items:
        raise ValidationError({"scopes": _("Give at least one scope, e.g. “cases:read”.")})
    bad = []
    for item in items:
        resource, _sep, access = item.partition(":")
        if access not in API_ACCESS or (resource != "*" and resource not in API_RESOURCES):
            bad.append(item)
    if bad:
        raise ValidationError(
            {
                "scopes": _("Unknown scope(s): %(bad)s. Use resource:read or resource:write; resources: %(known)s.")
                % {"bad": ", ".join(bad), "known": ", ".join(("*", *API_RESOURCES))}
            }
        )
    return ",".join(dict.fromkeys(items))


def new_raw_key() -> tuple[str, str]:
    """A fresh key and its visible prefix: ``jzk_<prefix>_<secret>``, 256 bits of randomness in all."""
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def is_partner_account(user) -> bool:
    """An account of a partner system: active, in the Partner system role (合作系统) and in no other
    role, not a superuser. Only such an account may own a key that a person did not make for themselves."""
    actor = actor_for(user)
    return actor.user_id is not None and actor.roles == {Role.PARTNER} and not actor.is_superuser


def check_api_key_owner(owner, *, creator) -> None:
    """A key acts as its owner: it reads their inbox and comments in their name. So a key is owned
    either by the person who creates it, for themselves, or by a partner-system account; ``creator``
    None is the command line, where no person is at hand, so only a partner account.
    Raises ``ValidationError({"user": …})`` saying why."""
    if creator is not None and owner.pk == creator.pk:
        return
    if is_partner_account(owner):
        return
    if creator is None:
        message = _(
            "A key acts as its owner, so a key for “%(owner)s” would see and do everything that person may, in "
            "their name. The command line makes keys for a partner-system account only (role 合作系统, and no "
            "other role): leave out --user for the account “partner”, or name another partner account."
        )
    else:
        message = _(
            "A key acts as its owner, so a key for “%(owner)s” would read their inbox and act in their name. "
            "Choose yourself or a partner-system account (role 合作系统, and no other role)."
        )
    raise ValidationError({"user": message % {"owner": owner.get_username()}})


def issue_api_key(*, actor, name: str, user, scopes: str, expires_at=None) -> tuple[ApiKey, str]:
    """Create a key for ``user``; returns it with the full secret, which is never shown again.
    ``actor`` None is the command line or the seed (see ``check_api_key_owner``)."""
    key = ApiKey(name=name, user=user, scopes=scopes, expires_at=expires_at)
    return key, save_new_api_key(key, actor=actor)


def save_new_api_key(key: ApiKey, *, actor) -> str:
    """Check and save a new, unsaved ``key`` (from ``issue_api_key`` or the admin's add form) with a
    fresh secret; returns the secret, which only its digest keeps."""
    if actor is not None:
        _require_office(actor, _("Only the leading-group office issues API keys."))
    check_api_key_owner(key.user, creator=actor)
    key.scopes = parse_scopes(key.scopes)
    key.prefix, raw = new_raw_key()
    key.digest = digest_of(raw)
    key.full_clean()
    key._history_user = actor
    key.save()
    return raw


def revoke_api_key(key: ApiKey, *, actor) -> ApiKey:
    """Stop a key from authenticating, at once and for good (the row stays for the record)."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key._history_user = actor
        key.save(update_fields=["revoked_at"])
    return key


def partner_service_account():
    """The default owner of partner keys: user ``partner`` in the Partner system role, without a password.

    Its scope is what ``visible_to`` gives that role (the cases it reported or takes part in). A
    system that must read more (a statistics system) gets a read-only key that a member of the office
    makes for themselves in the admin (see ``check_api_key_owner``).
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User.objects.filter(username=PARTNER_USERNAME).first()
    if user is None:
        user = User(username=PARTNER_USERNAME, is_staff=False, is_active=True)
        user.set_unusable_password()
        user.save()
    if not user.groups.filter(role__code=Role.PARTNER).exists():
        user.groups.add(role_group(Role.PARTNER))
    return user


def role_group(role: Role):
    """The auth group holding ``role`` (by its stable code); created with the org chart's name when a
    flushed database lacks it."""
    from django.contrib.auth.models import Group

    from jinzhou.org.models import RoleGroup

    tie = RoleGroup.objects.select_related("group").filter(code=role).first()
    if tie is not None:
        return tie.group
    group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[Role(role)])
    RoleGroup.objects.create(group=group, code=role)
    return group
