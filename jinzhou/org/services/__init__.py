"""Writes of the org chart: enterprises and API keys (api_keys.py). Callers import from here."""

from jinzhou.org.services.api_keys import (
    ENTERPRISE_FIELDS,
    KEY_PREFIX,
    PARTNER_USERNAME,
    check_api_key_owner,
    check_may_edit_enterprise,
    check_may_register_enterprise,
    create_enterprise,
    digest_of,
    is_partner_account,
    issue_api_key,
    new_raw_key,
    parse_scopes,
    partner_service_account,
    revoke_api_key,
    save_new_api_key,
    update_enterprise,
)

__all__ = [
    "ENTERPRISE_FIELDS",
    "KEY_PREFIX",
    "PARTNER_USERNAME",
    "check_api_key_owner",
    "check_may_edit_enterprise",
    "check_may_register_enterprise",
    "create_enterprise",
    "digest_of",
    "is_partner_account",
    "issue_api_key",
    "new_raw_key",
    "parse_scopes",
    "partner_service_account",
    "revoke_api_key",
    "save_new_api_key",
    "update_enterprise",
]
