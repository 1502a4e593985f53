"""Issuing keys: the command, the seed's demo key, and the admin that shows a key once.

A key acts as its owner, so it is owned by the person who creates it for themselves or by a
partner-system account (issue 13, item 4); the admin shows a new key once, in the page itself and
never in a cookie or the session (item 10)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.test import APIClient

from jinzhou.org.choices import Role
from jinzhou.org.models import ApiKey
from jinzhou.org.services import digest_of, issue_api_key

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue()


def works(raw: str, url: str = "/api/v1/industries/") -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client.get(url).status_code


def partner_account(username: str = "provincial") -> User:
    user = User.objects.create_user(username)
    user.groups.add(Group.objects.get(role__code=Role.PARTNER))
    return user


def test_create_api_key_prints_the_key_alone_on_the_last_line(world):
    provincial = partner_account()
    output = command("--name", "省平台", "--scopes", "*:read,*:write", "--user", "provincial")
    raw = output.strip().splitlines()[-1]
    key = ApiKey.objects.get(name="省平台")
    assert key.digest == digest_of(raw) and key.user == provincial and key.scopes == "*:read,*:write"
    assert works(raw) == 200


@pytest.mark.parametrize("owner", ["chainlead", "office", "enterprise"])
def test_create_api_key_refuses_a_person_as_owner_and_says_why(world, owner):
    with pytest.raises(CommandError, match="partner-system account") as refused:
        command("--name", "冒名", "--scopes", "*:read", "--user", owner)
    assert owner in str(refused.value) and "act" in str(refused.value)
    assert not ApiKey.objects.filter(name="冒名").exists()


def test_a_partner_account_with_a_second_role_is_a_person_too(world):
    chainlead = world.chainlead
    chainlead.groups.add(Group.objects.get(role__code=Role.PARTNER))
    with pytest.raises(CommandError, match="partner-system account"):
        command("--name", "冒名", "--scopes", "*:read", "--user", "chainlead")


def test_the_service_lets_the_office_issue_keys_for_itself_or_a_partner_only(world):
    provincial = partner_account()
    issue_api_key(actor=world.office, name="自用", user=world.office, scopes="*:read")
    issue_api_key(actor=world.office, name="省平台", user=provincial, scopes="*:read")
    with pytest.raises(ValidationError) as refused:
        issue_api_key(actor=world.office, name="冒名", user=world.chainlead, scopes="*:read")
    assert "chainlead" in refused.value.message_dict["user"][0]
    assert not ApiKey.objects.filter(name="冒名").exists()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        issue_api_key(actor=world.office, name="冒名", user=world.chainlead, scopes="*:read")
    assert "密钥以其所有者的身份操作" in refused.value.message_dict["user"][0]


def test_create_api_key_without_user_uses_the_partner_account(db):
    raw = command("--name", "热线", "--scopes", "cases:read").strip().splitlines()[-1]
    key = ApiKey.objects.get(digest=digest_of(raw))
    assert key.user.username == "partner" and not key.user.has_usable_password()
    assert list(key.user.groups.values_list("role__code", flat=True)) == [Role.PARTNER]
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


def add_key(client, owner, name: str = "统计系统"):
    return client.post(
        "/admin/org/apikey/add/",
        {
            "name": name,
            "user": owner.pk,
            "scopes": "cases:read",
            "expires_at_0": "",
            "expires_at_1": "",
            "revoked_at_0": "",
            "revoked_at_1": "",
        },
    )


def test_the_admin_shows_a_new_key_once_in_the_page_and_never_in_a_cookie(world, client, admin_user):
    client.force_login(admin_user)
    response = add_key(client, admin_user)
    assert response.status_code == 200  # the page itself, not a redirect that carries a message
    key = ApiKey.objects.get(name="统计系统")
    page = response.content.decode()
    raw = next(word for word in page.replace("<", " ").replace(">", " ").split() if word.startswith("jzk_"))
    assert digest_of(raw) == key.digest and works(raw, "/api/v1/cases/") == 200
    assert "no-store" in response["Cache-Control"]
    # Nothing of the key travels in a cookie (the messages cookie is signed, not encrypted) or the session.
    secret = raw.rsplit("_", 1)[-1]
    assert all(secret not in morsel.value for morsel in response.cookies.values())
    assert all(secret not in morsel.value for morsel in client.cookies.values())
    assert secret not in str(dict(client.session))
    listing = client.get("/admin/org/apikey/")
    assert key.prefix in listing.content.decode() and raw not in listing.content.decode()
    assert secret not in str([str(message) for message in listing.context["messages"]])
    assert raw not in client.get(f"/admin/org/apikey/{key.pk}/change/").content.decode()


def test_the_admin_refuses_a_key_owned_by_someone_else_and_says_why(world, client, settings, admin_user):
    settings.LANGUAGE_CODE = "en"
    client.force_login(admin_user)
    response = add_key(client, world.chainlead, name="冒名")
    assert response.status_code == 200 and not ApiKey.objects.filter(name="冒名").exists()
    [error] = response.context["adminform"].form.errors["user"]
    assert "chainlead" in error and "partner-system account" in error
    partner = partner_account()
    assert add_key(client, partner, name="省平台").status_code == 200
    assert ApiKey.objects.get(name="省平台").user == partner


def test_the_owner_of_a_key_cannot_be_changed_afterwards(world, client, admin_user):
    client.force_login(admin_user)
    add_key(client, admin_user)
    key = ApiKey.objects.get(name="统计系统")
    response = client.post(
        f"/admin/org/apikey/{key.pk}/change/",
        {"name": "统计系统", "user": world.chainlead.pk, "scopes": "cases:read", "expires_at_0": "", "expires_at_1": "",
         "revoked_at_0": "", "revoked_at_1": ""},
    )  # fmt: skip
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.user == admin_user


def test_only_system_administrators_see_keys_in_the_admin(world, client, admin_user):
    for user in (world.chainlead, world.office):
        client.force_login(user)
        assert client.get("/admin/org/apikey/").status_code == 403
        assert client.get("/admin/org/apikey/add/").status_code == 403
    client.force_login(admin_user)
    assert client.get("/admin/org/apikey/").status_code == 200


def test_the_admin_add_form_proposes_the_maker_as_owner(world, client, admin_user):
    client.force_login(admin_user)
    form = client.get("/admin/org/apikey/add/").context["adminform"].form
    assert form.initial["user"] == admin_user.pk
