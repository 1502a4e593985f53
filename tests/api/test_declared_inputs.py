"""What an action declares about its inputs is what it accepts (security review, issue 13, items 13 and 14).

A client that builds its request from ``GET /cases/{id}/transitions/`` (names, ``required``,
``choices``, ``one_of``) must succeed; an input that accepts only some values must say which.
"""

import dataclasses
import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chains.models import Bottleneck
from jinzhou.casework.effects import EFFECTS
from jinzhou.casework.inputs import clean_inputs, end_of_day
from jinzhou.casework.kinds import all_kinds
from projects.choices import PrizeLevel
from projects.models import AwardApplication
from tests.api.contract import assert_problem
from tests.world import case_in_state

pytestmark = pytest.mark.django_db

# Free text a clerk might type: an input declared as free text must take it.
ANY_TEXT = "任意的说明文字 any text 42"


def _choices(spec) -> tuple:
    return getattr(spec, "choices", ())  # (so that the walk also runs where inputs declared no choices)


def _sample(spec, probe: str | None = None):
    """A clean value of ``spec``'s kind, as ``clean_inputs`` hands it to the effects."""
    if _choices(spec):
        return _choices(spec)[0][0]
    return {
        "text": probe or "说明",
        "decimal": Decimal("10"),
        "date": timezone.localdate(),
        "deadline": end_of_day(timezone.localdate() + dt.timedelta(days=30)),
        "department": mock.MagicMock(name="department"),
        "departments": [],
        "user": None,
    }[spec.kind]


def _stand_in_case(kind_spec):
    """A case the effects can run on without a database row: every related list holds one row."""
    rows = mock.MagicMock(name="rows")
    rows.__iter__.side_effect = lambda: iter([mock.MagicMock(name="row")])
    rows.count.return_value = 0
    case = mock.MagicMock(name="case")
    case.spec, case.pk, case.id = kind_spec, -1, -1
    case.original_due_at = case.contract_end = None
    case.applications.filter.return_value = rows
    return case


def _refusals_of(transition, kind_spec, cleaned) -> dict[str, list[str]]:
    """The per-field refusals of the transition's effects for these cleaned inputs."""
    refused: dict[str, list[str]] = {}
    for name in transition.effects:
        try:
            effect = kind_spec.effects.get(name) or EFFECTS[name]
            effect(_stand_in_case(kind_spec), dict(cleaned), actor=None, now=timezone.now())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    refused.setdefault(field, []).extend(messages)
    return refused


def _every_input():
    for kind_spec in all_kinds():
        for transition in kind_spec.workflow.transitions:
            for spec in transition.inputs:
                yield kind_spec, transition, spec


def test_every_input_that_restricts_its_values_declares_them():
    """Walk every registered workflow: a text input without ``choices`` takes any text through the
    cleaning and the effects; an input with ``choices`` takes each of them and refuses anything else."""
    undeclared = []
    for kind_spec, transition, spec in _every_input():
        where = f"{kind_spec.code}.{transition.action}.{spec.name}"
        if spec.kind != "text":
            continue
        alone = dataclasses.replace(transition, inputs=(spec,))
        values = [value for value, _label in _choices(spec)] or [ANY_TEXT]
        for value in values:
            cleaned = {other.name: _sample(other) for other in transition.inputs}
            cleaned[spec.name] = clean_inputs(alone, {spec.name: value})[spec.name]
            refused = _refusals_of(transition, kind_spec, cleaned)
            if spec.name in refused:
                undeclared.append(f"{where} refuses {value!r}: {refused[spec.name]}")
        if _choices(spec):
            with pytest.raises(ValidationError) as caught:
                clean_inputs(alone, {spec.name: ANY_TEXT})
            assert spec.name in caught.value.message_dict, where
    assert not undeclared, "inputs that accept less than they declare:\n" + "\n".join(undeclared)


def test_the_prize_is_declared_with_its_choices_and_each_is_accepted(world, api):
    case = case_in_state(
        AwardApplication, "recommended", world=world, responsible_department=world.miit, category="progress",
        year=2022, reporter=None, reporter_enterprise=None,
    )  # fmt: skip
    url = f"/api/v1/cases/{case.pk}/transitions/"
    listed = api(world.office).get(url).json()
    won = next(item for item in listed if item["action"] == "won")
    prize = next(field for field in won["inputs"] if field["name"] == "prize")
    assert [choice["value"] for choice in prize["choices"]] == list(PrizeLevel.values)
    refused = assert_problem(api(world.office).post(url, {"action": "won", "prize": "特等奖"}, format="json"), 400)
    assert "first" in refused["errors"]["prize"][0]
    done = api(world.office).post(url, {"action": "won", "prize": prize["choices"][2]["value"]}, format="json")
    assert done.status_code == 200, done.content
    case.refresh_from_db()
    assert (case.status, case.prize) == ("won", "third")


def test_an_input_without_choices_lists_an_empty_set(world, api):
    case = case_in_state(Bottleneck, "accepted", world=world)
    listed = api(world.office).get(f"/api/v1/cases/{case.pk}/transitions/").json()
    accept_or_assign = [field for item in listed for field in item["inputs"]]
    assert accept_or_assign and all(field["choices"] == [] for field in accept_or_assign)


def test_a_client_following_required_and_one_of_succeeds(world, api):
    """``assign`` lists both deadline fields as not required; ``one_of`` says one of them is."""
    case = case_in_state(Bottleneck, "accepted", world=world)
    url = f"/api/v1/cases/{case.pk}/transitions/"
    assign = next(item for item in api(world.office).get(url).json() if item["action"] == "assign")
    assert assign["one_of"] == [["due_date", "due_in_working_days"]]
    body = {"action": "assign"}
    for field in assign["inputs"]:
        if field["required"]:
            body[field["name"]] = world.miit.pk if field["kind"] == "department" else "说明"
    for group in assign["one_of"]:
        body[group[-1]] = 10  # due_in_working_days
    response = api(world.office).post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "assigned"


def test_an_optional_deadline_is_in_no_one_of_group(world, api):
    case = case_in_state(Bottleneck, "closed", world=world)
    reopen = next(
        item
        for item in api(world.office).get(f"/api/v1/cases/{case.pk}/transitions/").json()
        if item["action"] == "reopen"
    )
    assert reopen["one_of"] == []


def test_both_members_of_a_one_of_group_are_refused(world, api):
    case = case_in_state(Bottleneck, "accepted", world=world)
    response = api(world.office).post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"action": "assign", "department": world.miit.pk, "due_in_working_days": 5, "due_date": "2099-01-01"},
        format="json",
    )
    body = assert_problem(response, 400)
    assert "due_date" in body["errors"]
    case.refresh_from_db()
    assert case.status == "accepted"


def test_the_schema_describes_one_of_and_choices(client):
    import yaml

    document = yaml.safe_load(client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en").content)
    schemas = document["components"]["schemas"]
    assert "one_of" in schemas["AvailableTransition"]["required"]
    assert "exactly one" in schemas["AvailableTransition"]["properties"]["one_of"]["description"]
    assert "choices" in schemas["Input"]["required"]
