"""Issuing keys: the command, the seed's demo key, and the admin that shows a key once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from jinzhou.org.choices import Role
from jinzhou.org.models import ApiKey
from jinzhou.org.services import digest_of

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue()


def works(raw: str, url: str = "/api/v1/industries/") -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client.get(url).status_code


def test_create_api_key_prints_the_key_alone_on_the_last_line(world):
    output = command("--name", "省平台", "--scopes", "*:read,*:write", "--user", "office")
    raw = output.strip().splitlines()[-1]
    key = ApiKey.objects.get(name="省平台")
    assert key.digest == digest_of(raw) and key.user == world.office and key.scopes == "*:read,*:write"
    assert works(raw) == 200


def test_create_api_key_without_user_uses_the_partner_account(db):
    raw = command("--name", "热线", "--scopes", "cases:read").strip().splitlines()[-1]
    key = ApiKey.objects.get(digest=digest_of(raw))
    assert key.user.username == "partner" and not key.user.has_usable_password()
    assert list(key.user.groups.values_list("name", flat=True)) == [Role.PARTNER.value]
    assert works(raw, "/api/v1/cases/") == 200 and works(raw, "/api/v1/industries/") == 403


def test_create_api_key_refuses_unknown_scopes_and_users(world):
    with pytest.raises(CommandError, match="Unknown scope"):
        command("--name", "x", "--scopes", "cases:delete")
    with pytest.raises(CommandError, match="nobody"):
        command("--name", "x", "--scopes", "cases:read", "--user", "nobody")


def test_seed_creates_the_demo_key_once(db, settings):
    settings.DEMO_USERS_ALLOWED = True
    settings.LANGUAGE_CODE = "en"
    out = StringIO()
    call_command("seed_jinzhou", "--demo-users", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "Demo partner API key" in line)
    raw = line.rsplit(" ", 1)[-1]
    assert works(raw, "/api/v1/chains/") == 200
    again = StringIO()
    call_command("seed_jinzhou", "--demo-users", stdout=again)
    assert "exists already and cannot be shown again" in again.getvalue()
    assert ApiKey.objects.filter(name="demo partner").count() == 1
    assert works(raw, "/api/v1/chains/") == 200


def test_the_admin_shows_a_new_key_once_then_only_its_prefix(world, client):
    client.force_login(world.office)
    response = client.post(
        "/admin/org/apikey/add/",
        {
            "name": "统计系统",
            "user": world.leader.pk,
            "scopes": "cases:read",
            "expires_at_0": "",
            "expires_at_1": "",
            "revoked_at_0": "",
            "revoked_at_1": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="统计系统")
    shown = [str(message) for message in response.context["messages"]]
    raw = next(part for message in shown for part in message.split() if part.startswith("jzk_"))
    assert digest_of(raw) == key.digest and works(raw, "/api/v1/cases/") == 200
    listing = client.get("/admin/org/apikey/").content.decode()
    assert key.prefix in listing and raw not in listing
    assert raw not in client.get(f"/admin/org/apikey/{key.pk}/change/").content.decode()


def test_only_the_office_sees_keys_in_the_admin(world, client):
    client.force_login(world.chainlead)
    assert client.get("/admin/org/apikey/").status_code == 403
