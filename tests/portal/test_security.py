"""The portal's security: CSP on every response, CSRF on every form, lockout after 5 failed
sign-ins, sessions that end with the browser, and the language switch."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chains.models import Bottleneck
from tests.world import case_in_state

SIGN_IN = reverse("portal:sign_in")


def sign_in(client, username: str, password: str):
    return client.post(SIGN_IN, {"username": username, "password": password})


@pytest.mark.parametrize("url", ["/portal/sign-in/", "/admin/login/", "/healthz"])
def test_every_response_carries_a_content_security_policy(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_signed_in_pages_carry_it_too(client, world):
    client.force_login(world.chainlead)
    assert "default-src 'self'" in client.get(reverse("portal:todos"))["Content-Security-Policy"]


def test_sign_in_with_the_right_password_goes_to_my_todos(client, world):
    response = sign_in(client, "chainlead", "pw-for-tests-only")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:todos")


def test_five_failed_sign_ins_lock_the_account_even_for_the_right_password(client, world):
    for _attempt in range(4):
        failed = sign_in(client, "chainlead", "wrong")
        assert failed.status_code == 200
        assert failed.context["form"].errors
    # The fifth failure locks the account at once, and the right password no longer opens it.
    assert sign_in(client, "chainlead", "wrong").status_code == 429

    locked = sign_in(client, "chainlead", "pw-for-tests-only")

    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked by these failures.
    assert sign_in(Client(), "otherlead", "pw-for-tests-only").status_code == 302


def test_four_failures_then_success_resets_the_count(client, world):
    for _attempt in range(4):
        sign_in(client, "chainlead", "wrong")
    assert sign_in(client, "chainlead", "pw-for-tests-only").status_code == 302
    client.logout()
    for _attempt in range(4):
        sign_in(client, "chainlead", "wrong")
    assert sign_in(client, "chainlead", "pw-for-tests-only").status_code == 302


def test_csrf_is_enforced_on_portal_forms(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.chainlead)
    url = reverse("portal:panel", args=[case.pk, "comment"])

    assert client.post(url, {"comment-text": "无令牌"}).status_code == 403
    assert not case.comments.exists()

    client.get(reverse("portal:case", args=[case.pk]))  # sets the CSRF cookie, as the page does
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post(url, {"comment-text": "有令牌", "csrfmiddlewaretoken": token}).status_code == 302
    assert case.comments.get().text == "有令牌"


def test_csrf_is_enforced_on_sign_in(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(SIGN_IN, {"username": "x", "password": "y"}).status_code == 403


def test_every_portal_form_carries_the_csrf_token(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)
    html = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    # Every form that posts carries the token; a GET form (the header's search) must not, or the token
    # would land in the address bar and the server logs.
    posting = re.findall(r"<form[^>]*method=\"post\"", html, flags=re.IGNORECASE)
    searching = re.findall(r"<form[^>]*method=\"get\"", html, flags=re.IGNORECASE)
    assert len(posting) == html.count('name="csrfmiddlewaretoken"') > 3
    assert len(posting) + len(searching) == html.count("<form")


def test_sessions_end_with_the_browser_and_after_a_working_day():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_chinese_first_with_an_english_switch(client, world):
    client.force_login(world.chainlead)
    assert 'lang="zh-hans"' in client.get(reverse("portal:todos")).content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": reverse("portal:todos")})

    html = client.get(reverse("portal:todos")).content.decode()
    assert 'lang="en"' in html
    assert "My to-dos" in html
