"""The sign-in lockout is keyed on the visitor's own address, also behind the reverse proxy of
docs/operations.md §4 (security review, issue 13, item 6).

Behind nginx every request comes from nginx's address; the client's is the last entry nginx appends to
X-Forwarded-For. ``DJANGO_TRUSTED_PROXY_COUNT`` (``settings.TRUSTED_PROXY_COUNT``) says how many such
proxies there are; without it the header is ignored, since any client can send one.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import build_world

SIGN_IN = reverse("portal:sign_in")
NGINX = "10.0.0.5"
PASSWORD = "pw-for-tests-only"


@pytest.fixture
def world(db):
    return build_world()


def sign_in(password: str, *, remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(SIGN_IN, {"username": "office", "password": password}, **headers)


def fail_five_times(**address) -> None:
    for _attempt in range(5):
        assert sign_in("wrong", **address).status_code in (200, 429)


def test_direct_five_failures_from_one_address_lock_only_that_address(world):
    fail_five_times(remote="203.0.113.5")

    assert sign_in(PASSWORD, remote="203.0.113.5").status_code == 429
    assert sign_in(PASSWORD, remote="198.51.100.7").status_code == 302


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another_client(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx's $proxy_add_x_forwarded_for: whatever the client sent, then the address nginx saw.
    fail_five_times(remote=NGINX, forwarded="203.0.113.5")

    locked = sign_in(PASSWORD, remote=NGINX, forwarded="203.0.113.5")
    other_client = sign_in(PASSWORD, remote=NGINX, forwarded="198.51.100.7")

    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    assert other_client.status_code == 302


def test_behind_the_proxy_a_forged_left_part_of_the_header_does_not_dodge_the_lockout(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(5):
        sign_in("wrong", remote=NGINX, forwarded=f"192.0.2.{attempt}, 203.0.113.5")

    assert sign_in(PASSWORD, remote=NGINX, forwarded="192.0.2.99, 203.0.113.5").status_code == 429


def test_two_proxies_take_the_address_the_outer_one_saw(world, settings):
    settings.TRUSTED_PROXY_COUNT = 2  # e.g. a cloud load balancer in front of nginx
    fail_five_times(remote=NGINX, forwarded="203.0.113.5, 10.0.0.1")

    assert sign_in(PASSWORD, remote=NGINX, forwarded="203.0.113.5, 10.0.0.1").status_code == 429
    assert sign_in(PASSWORD, remote=NGINX, forwarded="198.51.100.7, 10.0.0.1").status_code == 302


def test_without_a_trusted_proxy_a_forged_header_is_ignored(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        sign_in("wrong", remote="203.0.113.5", forwarded=f"192.0.2.{attempt}")

    # A new forged address does not open the lock: the key is still the connecting address.
    assert sign_in(PASSWORD, remote="203.0.113.5", forwarded="192.0.2.200").status_code == 429


def test_a_header_that_is_not_an_address_falls_back_to_the_connecting_address(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    fail_five_times(remote="203.0.113.5", forwarded="not-an-address")

    assert sign_in(PASSWORD, remote="203.0.113.5", forwarded="also junk").status_code == 429
    assert sign_in(PASSWORD, remote="198.51.100.7").status_code == 302
