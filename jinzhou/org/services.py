"""Writes of the org chart: enterprises (as the API creates and edits them) and API keys.

Atomic, keyword-only ``actor``; the audit history records the acting user on every saved row.
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.org.choices import API_ACCESS, API_RESOURCES
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


def create_enterprise(*, actor, chains=(), **fields) -> Enterprise:
    """Register an enterprise (the office's job); the credit code is checked by GB 32100-2015."""
    _require_office(actor, _("Only the leading-group office registers enterprises."))
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
    _require_office(actor, _("Only the leading-group office edits enterprises."))
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


def issue_api_key(*, actor, name: str, user, scopes: str, expires_at=None) -> tuple[ApiKey, str]:
    """Create a key for ``user``; returns it with the full secret, which is never shown again."""
    if actor is not None:
        _require_office(actor, _("Only the leading-group office issues API keys."))
    scopes = parse_scopes(scopes)
    prefix, raw = new_raw_key()
    key = ApiKey(name=name, user=user, scopes=scopes, expires_at=expires_at, prefix=prefix, digest=digest_of(raw))
    key.full_clean()
    key._history_user = actor
    key.save()
    return key, raw


def revoke_api_key(key: ApiKey, *, actor) -> ApiKey:
    """Stop a key from authenticating, at once and for good (the row stays for the record)."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key._history_user = actor
        key.save(update_fields=["revoked_at"])
    return key


def partner_service_account():
    """The default owner of partner keys: user ``partner`` in the Partner system role, without a password.

    Its scope is what ``visible_to`` gives that role (the cases it reported or takes part in); a key
    that must read more is issued to a user with that scope (``create_api_key --user``).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from jinzhou.org.choices import Role

    User = get_user_model()
    user = User.objects.filter(username=PARTNER_USERNAME).first()
    if user is None:
        user = User(username=PARTNER_USERNAME, is_staff=False, is_active=True)
        user.set_unusable_password()
        user.save()
    if not user.groups.filter(name=Role.PARTNER.value).exists():
        group, _created = Group.objects.get_or_create(name=Role.PARTNER.value)
        user.groups.add(group)
    return user
