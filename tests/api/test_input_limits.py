"""What one request may cost (security review, issue 13, items 5 and 9).

Lists of ids are capped (``MAX_IDS_PER_LIST``) and resolved in one query; who may write at all is
decided before the body is read; a body too large, or JSON nested too deeply (in the body or in the
sync cursor), is a 4xx problem, never a 500.
"""

import base64
import importlib
import inspect
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from chains.models import Bottleneck
from jinzhou.org.models import Chain, Enterprise
from tests.api.contract import assert_problem
from tests.world import case_in_state, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DEEP = 3000


def _serializer_modules():
    for path in sorted([*ROOT.glob("*/api/serializers.py"), *ROOT.glob("jinzhou/*/api/serializers.py")]):
        yield importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))


def test_every_writable_many_relation_is_a_capped_id_list():
    from jinzhou.api.fields import IdListField

    found, wrong = [], []
    for module in _serializer_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, serializers.Serializer) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls().fields.items():
                if isinstance(field, serializers.ManyRelatedField) and not field.read_only:
                    found.append(f"{name}.{field_name}")
                    if not isinstance(field, IdListField):
                        wrong.append(f"{module.__name__}.{name}.{field_name}")
    assert len(found) >= 6, found  # affected_enterprises, chains (×2), enterprises, partner_* (×2)
    assert not wrong, f"uncapped lists of ids: {wrong}"


def _queries_on(captured, table: str) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if f'"{table}"' in query["sql"]]


@pytest.mark.parametrize(
    ("url", "field", "who"),
    [
        ("/api/v1/bottlenecks/", "affected_enterprises", "office"),
        ("/api/v1/enterprises/", "chains", "office"),
        ("/api/v1/investment-activities/", "enterprises", "office"),
        ("/api/v1/investment-activities/", "chains", "office"),
        ("/api/v1/challenge-applications/", "partner_enterprises", "enterprise"),
        ("/api/v1/challenge-applications/", "partner_institutions", "enterprise"),
    ],
)
def test_a_list_over_the_cap_is_refused_before_anything_is_looked_up(world, api, settings, url, field, who):
    settings.MAX_IDS_PER_LIST = 3
    items = ["MT-01", "NE-01", "MT-01", "NE-01"] if field == "chains" else [world.citic.pk] * 4
    with CaptureQueriesContext(connection) as captured:
        response = api(getattr(world, who)).post(url, {field: items}, format="json")
    body = assert_problem(response, 400)
    assert "at most 3" in body["errors"][field][0], body
    table = Chain._meta.db_table if field == "chains" else Enterprise._meta.db_table
    if field != "partner_institutions":
        assert _queries_on(captured, table) == []


def test_a_list_is_resolved_in_one_query(world, api):
    made = iter(range(1000))

    def report(count: int) -> int:
        ids = [Enterprise.objects.create(name=f"受影响企业{next(made)}").pk for _index in range(count)]
        with CaptureQueriesContext(connection) as captured:
            response = api(world.office).post(
                "/api/v1/bottlenecks/", {"title": "原料短缺", "affected_enterprises": ids}, format="json"
            )
        assert response.status_code == 201, response.content
        assert sorted(response.json()["affected_enterprises"]) == sorted(ids)
        return len(captured.captured_queries)

    report(1)  # the first request warms caches (content types, the key's owner's facts)
    assert report(1) == report(60)


def test_a_missing_id_is_named(world, api):
    body = assert_problem(
        api(world.office).post(
            "/api/v1/bottlenecks/", {"title": "t", "affected_enterprises": [world.citic.pk, 987654321]}, format="json"
        ),
        400,
    )
    assert body["errors"]["affected_enterprises"][0].endswith(": 987654321.")


def test_the_service_caps_the_list_for_the_admin_too(world, settings):
    from django.core.exceptions import ValidationError

    from chains.services import report_bottleneck

    settings.MAX_IDS_PER_LIST = 2
    enterprises = [Enterprise.objects.create(name=f"企业{index}") for index in range(3)]
    with pytest.raises(ValidationError) as caught:
        report_bottleneck(actor=world.office, title="t", affected_enterprises=enterprises)
    assert set(caught.value.message_dict) == {"affected_enterprises"}
    assert not Bottleneck.objects.exists()


def test_a_workflow_list_input_is_capped_and_resolved_in_one_query(world, settings):
    from django.core.exceptions import ValidationError

    from jinzhou.casework.inputs import clean_inputs
    from jinzhou.casework.workflows import Input, Transition

    step = Transition("notify", "notify", ("a",), "a", ("office",), (Input("departments", "departments", "Depts"),))
    settings.MAX_IDS_PER_LIST = 2
    with pytest.raises(ValidationError) as caught:
        clean_inputs(step, {"departments": [world.miit.pk, world.mofcom.pk, world.group_dept.pk]})
    assert "at most 2" in caught.value.message_dict["departments"][0]
    with CaptureQueriesContext(connection) as captured:
        cleaned = clean_inputs(step, {"departments": [world.miit.pk, world.mofcom.pk]})
    assert cleaned["departments"] == [world.miit, world.mofcom] and len(captured.captured_queries) == 1


# --- permission first -------------------------------------------------------------------------------
def test_an_enterprise_posting_many_chains_is_refused_before_they_are_read(world, api):
    chains = [f"X-{index}" for index in range(500)]
    with CaptureQueriesContext(connection) as captured:
        response = api(world.enterprise).post("/api/v1/enterprises/", {"name": "x", "chains": chains}, format="json")
    assert "office" in assert_problem(response, 403)["detail"]
    assert _queries_on(captured, Chain._meta.db_table) == []
    patch = api(world.enterprise).patch(f"/api/v1/enterprises/{world.citic.pk}/", {"chains": chains}, format="json")
    assert_problem(patch, 403)


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("/api/v1/bottlenecks/", "nobody"),
        ("/api/v1/tasks/", "enterprise"),
        ("/api/v1/investment-activities/", "enterprise"),
        ("/api/v1/enterprises/", "chainlead"),
    ],
)
def test_who_may_write_is_decided_before_the_body_is_validated(world, api, url, who):
    user = make_user("nobody", None) if who == "nobody" else getattr(world, who)
    # An invalid body: a caller who may not write learns that, not what is wrong with the body.
    assert_problem(api(user).post(url, {"title": "", "chains": "not a list"}, format="json"), 403)


# --- hostile bodies and cursors (item 9) ------------------------------------------------------------
def test_json_nested_3000_deep_in_a_body_is_400(world, api):
    body = '{"title": "x", "description": ' + "[" * DEEP + "]" * DEEP + "}"
    response = api(world.enterprise).post("/api/v1/bottlenecks/", data=body, content_type="application/json")
    assert "nest" in assert_problem(response, 400)["detail"]
    case = case_in_state(Bottleneck, "accepted", world=world)
    response = api(world.office).post(
        f"/api/v1/cases/{case.pk}/transitions/", data='{"action": ' + "{" * DEEP, content_type="application/json"
    )
    assert_problem(response, 400)
    assert not Bottleneck.objects.exclude(pk=case.pk).exists()


def test_json_nested_deeper_than_the_limit_is_400_even_when_python_could_read_it(world, api):
    depth = settings.MAX_JSON_DEPTH + 1
    body = json.dumps({"title": "x", "description": json.loads("[" * depth + "]" * depth)})
    response = api(world.enterprise).post("/api/v1/bottlenecks/", data=body, content_type="application/json")
    assert_problem(response, 400)
    shallow = json.dumps({"title": "x", "description": "y", "affected_enterprises": [world.citic.pk]})
    assert (
        api(world.enterprise).post("/api/v1/bottlenecks/", data=shallow, content_type="application/json").status_code
        == 201
    )


@pytest.mark.parametrize("nested", ["[" * DEEP + "]" * DEEP, '{"u": ' * DEEP], ids=["arrays", "objects"])
def test_json_nested_3000_deep_in_the_sync_cursor_is_400(world, api, nested):
    cursor = base64.urlsafe_b64encode(nested.encode()).decode().rstrip("=")
    body = assert_problem(api(world.office).get(f"/api/v1/cases/sync/?cursor={cursor}"), 400)
    assert "cursor" in body["errors"]


@pytest.mark.parametrize("idempotency", [{}, {"HTTP_IDEMPOTENCY_KEY": "big-1"}])
def test_a_body_over_the_upload_limit_is_413(world, api, idempotency):
    too_big = json.dumps({"title": "x", "description": "堵" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 1)})
    assert len(too_big.encode()) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = api(world.enterprise).post(
        "/api/v1/bottlenecks/", data=too_big, content_type="application/json", **idempotency
    )
    body = assert_problem(response, 413)
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in body["detail"]
    assert not Bottleneck.objects.exists()
