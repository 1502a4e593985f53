"""No enterprise makes another enterprise see its case (security review, issue 13, item 3).

An affected enterprise sees the bottleneck and may comment and upload, so only the office (or the
enterprise itself, as reporter) grants that: an enterprise's user names only their own enterprise.
The rule is ``report_bottleneck``'s, so the API, the admin and the portal all keep it.
"""

import pytest
from django.core.exceptions import ValidationError

from chains.models import Bottleneck
from chains.services import report_bottleneck
from jinzhou.casework.models import Case
from jinzhou.casework.services import update_case
from tests.api.contract import assert_problem
from tests.casework.admin_support import admin_url

pytestmark = pytest.mark.django_db


def _sees(user, case) -> bool:
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def test_an_enterprise_cannot_name_another_enterprise_through_the_api(world, api):
    response = api(world.enterprise).post(
        "/api/v1/bottlenecks/",
        {"title": "钛精矿断供", "affected_enterprises": [world.other_enterprise.pk]},
        format="json",
    )
    body = assert_problem(response, 400)
    assert set(body["errors"]) == {"affected_enterprises"}
    assert "own enterprise" in body["errors"]["affected_enterprises"][0]
    assert not Bottleneck.objects.exists()
    assert api(world.outsider).get("/api/v1/cases/").json()["results"] == []


def test_an_enterprise_may_name_itself(world, api):
    response = api(world.enterprise).post(
        "/api/v1/bottlenecks/", {"title": "钛精矿断供", "affected_enterprises": [world.citic.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["affected_enterprises"] == [world.citic.pk]


def test_the_office_names_other_enterprises_and_they_see_the_case(world, api):
    response = api(world.office).post(
        "/api/v1/bottlenecks/",
        {"title": "风电轴承短缺", "affected_enterprises": [world.other_enterprise.pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    case = Bottleneck.objects.get()
    assert _sees(world.outsider, case)


def test_the_service_refuses_it_for_every_interface(world):
    with pytest.raises(ValidationError) as caught:
        report_bottleneck(actor=world.enterprise, title="钛精矿断供", affected_enterprises=[world.other_enterprise])
    assert set(caught.value.message_dict) == {"affected_enterprises"}
    assert not Bottleneck.objects.exists()


def test_the_admin_add_page_shows_the_refusal_on_the_field(world, client):
    client.force_login(world.enterprise)
    response = client.post(
        admin_url(Bottleneck, "add"),
        {
            "title": "钛精矿断供",
            "chain": world.titanium.pk,
            "bottleneck_kind": "blockage",
            "severity": 2,
            "priority": 2,
            "affected_enterprises": [world.other_enterprise.pk],
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["affected_enterprises"]
    assert not Bottleneck.objects.exists()


def test_no_update_path_adds_enterprises(world, api):
    case = report_bottleneck(actor=world.enterprise, title="钛精矿断供")
    # The API's edit has no such field: it is ignored, and nobody new sees the draft.
    response = api(world.enterprise).patch(
        f"/api/v1/bottlenecks/{case.pk}/", {"affected_enterprises": [world.other_enterprise.pk]}, format="json"
    )
    assert response.status_code == 200
    assert not _sees(world.outsider, case)
    # The edit service refuses it outright (the admin's edit form goes through it).
    with pytest.raises(ValidationError) as caught:
        update_case(case, actor=world.enterprise, affected_enterprises=[world.other_enterprise])
    assert "affected_enterprises" in caught.value.message_dict
    assert not _sees(world.outsider, case)
