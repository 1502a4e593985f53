"""The friendly error pages: what a visitor sees instead of Django's English pages (security review,
issue 13, item 12). An enterprise user who follows a link to a case not (yet) visible to them gets the
Chinese 404 page, as does everyone in every mode but ``DJANGO_DEBUG=1``."""

import pytest
from django.test import Client
from django.urls import path

from chains.models import Bottleneck
from jinzhou.urls import urlpatterns as site_urls
from tests.world import build_world, case_in_state


def _boom(request):
    raise RuntimeError("a bug")


# This module doubles as the URLconf of the 500 test: the site's URLs plus one view that fails.
urlpatterns = [path("boom/", _boom), *site_urls]


@pytest.fixture
def world(db):
    return build_world()


def visitor(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_a_case_outside_the_visitors_scope_is_the_chinese_404_page(world):
    case = case_in_state(Bottleneck, "handling", world=world, chain=world.wind)

    response = visitor(world.outsider).get(f"/portal/cases/{case.pk}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "页面不存在" in html and "前往我的待办" in html
    assert case.title not in html and case.reference not in html


def test_an_unknown_address_is_the_same_page(db):
    response = visitor().get("/portal/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_refused_admin_page_is_the_chinese_403_page(world):
    response = visitor(world.enterprise).get("/admin/auth/user/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_a_bug_is_the_chinese_500_page_without_details(db, settings):
    settings.ROOT_URLCONF = __name__
    response = visitor().get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html
    assert "a bug" not in html and "RuntimeError" not in html


def test_the_pages_follow_the_language_switch(world):
    client = visitor(world.enterprise)
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})
    assert "Page not found" in client.get("/portal/no-such-page/").content.decode()
