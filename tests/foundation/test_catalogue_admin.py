"""The admin as the office sees it after `make run`: the seeded catalogue, in Chinese."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def office_client(db, client, settings):
    settings.DEMO_USERS_ALLOWED = True  # as under make run; production mode refuses demo users
    call_command("seed_jinzhou", "--demo-users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.login(username="office", password="jinzhou-demo")
    return client


def _count(html: str) -> int:
    # The changelist says e.g. "33 产业链" at its foot.
    match = re.search(r'<p class="paginator">\s*(\d+)', html)
    return int(match.group(1)) if match else -1


@pytest.mark.parametrize(("url", "count", "word"), [
    ("/admin/org/industry/", 7, "产业"),
    ("/admin/org/subfield/", 25, "细分领域"),
    ("/admin/org/chain/", 33, "产业链"),
])  # fmt: skip
def test_office_sees_the_catalogue_in_chinese(office_client, url, count, word):
    response = office_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert _count(html) == count
    assert word in html
    assert 'lang="zh-hans"' in html


def test_the_chain_list_shows_leaders_and_owners_without_a_query_per_row(office_client):
    with CaptureQueriesContext(connection) as queries:
        html = office_client.get("/admin/org/chain/").content.decode()
    assert "中信钛业" in html and "工信局" in html
    assert len(queries) < 20  # 33 rows with owners would be 33+ queries if each row asked


def test_the_chain_page_shows_its_path_owners_and_map(office_client):
    from jinzhou.org.models import Chain

    chain = Chain.objects.filter(ownerships__enterprise__name="中信钛业").first()
    html = office_client.get(f"/admin/org/chain/{chain.pk}/change/").content.decode()
    assert f"{chain.industry} → {chain.subfield} → {chain.name}" in html
    assert "中信钛业" in html
    assert chain.nodes.first().name in html


def test_the_catalogues_old_admin_addresses_lead_to_its_pages_in_the_org_chart(office_client):
    """The catalogue moved from the chains app into the org chart; bookmarks keep working."""
    from jinzhou.org.models import Chain

    chain = Chain.objects.get(code="MT-01")
    response = office_client.get(f"/admin/chains/chain/{chain.pk}/change/")
    assert (response.status_code, response["Location"]) == (301, f"/admin/org/chain/{chain.pk}/change/")
    response = office_client.get("/admin/chains/taskforce/?q=%E9%87%91%E5%B1%9E", follow=True)  # ?q=金属
    assert response.redirect_chain == [("/admin/org/taskforce/?q=%E9%87%91%E5%B1%9E", 301)]
    assert "金属材料产业专班" in response.content.decode()
    # The chains' own cases stay where they were.
    assert office_client.get("/admin/chains/bottleneck/").status_code == 200


@pytest.mark.parametrize(("app", "model", "field"), [
    ("org", "department", "head"),
])  # fmt: skip
def test_the_office_can_pick_a_person_in_its_forms(office_client, app, model, field):
    # A department's head: the admin's search box behind the field must answer the office (it
    # needs to view users), or the field stays empty.
    response = office_client.get(
        "/admin/autocomplete/", {"app_label": app, "model_name": model, "field_name": field, "term": "chain"}
    )
    assert response.status_code == 200, response.status_code
    names = [row["text"] for row in response.json()["results"]]
    assert "chainlead" in names
    from django.contrib.auth import get_user_model

    page = f"/admin/auth/user/{get_user_model().objects.get(username='chainlead').pk}/change/"
    assert office_client.get(page).status_code == 200  # may look …
    assert office_client.post(page, {"username": "x"}).status_code == 403  # … not change
