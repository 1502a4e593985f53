import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from jinzhou.org.models import ApiKey
from jinzhou.org.services import digest_of, new_raw_key
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _api_settings(settings):
    # Rows are synced as soon as they are saved (the settle lag has its own test), and the cache
    # that holds throttle counters starts empty in every test.
    settings.API_SYNC_SETTLE_SECONDS = 0
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def key_for():
    """``key_for(user, "cases:read")`` → the raw key of a new key owned by ``user``, whoever they are.

    Written straight to the table, so that the API's scope can be tested as each role sees it; who may
    own a key when it is issued (``issue_api_key``, the admin, the command) is tested in test_keys.py."""

    def make(user, scopes: str = "*:read,*:write", **fields) -> str:
        prefix, raw = new_raw_key()
        ApiKey.objects.create(
            name=f"test key of {user.username}",
            user=user,
            scopes=scopes,
            prefix=prefix,
            digest=digest_of(raw),
            **fields,
        )
        return raw

    return make


@pytest.fixture
def api(key_for):
    """``api(user, scopes)`` → an APIClient sending that user's new key as a bearer token."""

    def make(user=None, scopes: str = "*:read,*:write") -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_for(user, scopes)}")
        return client

    return make
