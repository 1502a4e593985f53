"""A responsible person belongs to the responsible department (security review, issue 13, item 8).

``responsible`` gives the responsible person the department's rights on the case, so a person from
elsewhere named by ``assign`` / ``reassign`` (or a new chain task) would act with rights that are
not theirs. The workflow inputs refuse it, on the ``person`` field, in the admin, the portal and the API.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chains.models import Bottleneck, ChainTask
from chains.services import create_chain_task
from jinzhou.casework.models import Case
from jinzhou.casework.services import transition
from tests.casework.admin_support import admin_url
from tests.world import case_in_state

pytestmark = pytest.mark.django_db


def test_assign_refuses_a_person_from_another_department(world):
    case = case_in_state(Bottleneck, "accepted", world=world)
    with pytest.raises(ValidationError) as caught:
        transition(
            case, "assign", actor=world.office, department=world.miit, due_in_working_days=5, person=world.otherlead
        )
    assert set(caught.value.message_dict) == {"person"}
    assert "工信局" in caught.value.message_dict["person"][0]  # the department the person is not on
    case.refresh_from_db()
    assert (case.status, case.responsible_person) == ("accepted", None)
    # Nothing was granted: the person from elsewhere does not even see the case.
    assert not Case.objects.visible_to(world.otherlead).filter(pk=case.pk).exists()


def test_assign_takes_a_person_of_the_department(world):
    case = case_in_state(Bottleneck, "accepted", world=world)
    done = transition(
        case, "assign", actor=world.office, department=world.miit, due_in_working_days=5, person=world.chainlead
    )
    assert (done.status, done.responsible_person) == ("assigned", world.chainlead)


@pytest.mark.parametrize(("model", "state"), [(Bottleneck, "handling"), (ChainTask, "in_progress")])
def test_reassign_refuses_a_person_from_another_department(world, model, state):
    case = case_in_state(model, state, world=world)
    with pytest.raises(ValidationError) as caught:
        transition(
            case, "reassign", actor=world.office, department=world.mofcom, due_in_working_days=5,
            person=world.chainlead, note="改派商务局",
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"person"}
    case.refresh_from_db()
    assert case.status == state and case.responsible_department == world.miit


def test_a_new_chain_task_refuses_a_person_from_another_department(world):
    with pytest.raises(ValidationError) as caught:
        create_chain_task(
            actor=world.office, title="扩产", chain=world.titanium, department=world.miit, due_in_working_days=10,
            person=world.otherlead,
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"person"}
    assert not ChainTask.objects.exists()


def test_the_api_answers_400_on_the_person_field(world, client):
    from rest_framework.test import APIClient

    from jinzhou.org.services import issue_api_key

    _key, raw = issue_api_key(actor=world.office, name="office", user=world.office, scopes="*:read,*:write")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    case = case_in_state(Bottleneck, "accepted", world=world)
    response = api.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"action": "assign", "department": world.miit.pk, "due_in_working_days": 5, "person": world.outsider.pk},
        format="json",
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"person"}


def test_the_admin_shows_the_error_on_the_person_field(world, client):
    case = case_in_state(Bottleneck, "accepted", world=world)
    client.force_login(world.office)
    response = client.post(
        admin_url(Bottleneck, "transition", case.pk, "assign"),
        {
            "t-assign-version": case.version,
            "t-assign-department": world.miit.pk,
            "t-assign-due_in_working_days": 5,
            "t-assign-person": world.otherlead.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["bound_panel_forms"]["t-assign"]
    assert list(form.errors) == ["person"]
    case.refresh_from_db()
    assert case.status == "accepted"


def test_the_portal_shows_the_error_on_the_person_field(world, client):
    case = case_in_state(ChainTask, "in_progress", world=world)
    client.force_login(world.office)
    response = client.post(
        reverse("portal:transition", args=[case.pk, "reassign"]),
        {
            "t-reassign-version": case.version,
            "t-reassign-department": world.mofcom.pk,
            "t-reassign-due_in_working_days": 5,
            "t-reassign-person": world.chainlead.pk,
            "t-reassign-note": "改派",
        },
        follow=True,
    )
    form = next(item["form"] for item in response.context["transitions"] if item["step"].action == "reassign")
    assert list(form.errors) == ["person"]
    case.refresh_from_db()
    assert case.responsible_department == world.miit
