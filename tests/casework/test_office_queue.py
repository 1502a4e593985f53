"""The queue (待办) on the admin's home page: each count is the list it links to, inside the visitor's
scope, in the same number of queries whatever the number of cases."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jinzhou.casework.choices import EscalationLevel
from jinzhou.casework.models import Case
from jinzhou.casework.selectors import QUEUE, office_queue
from jinzhou.casework.services import escalate, request_extension
from tests.world import Bottleneck, ChainTask, case_in_state

pytestmark = pytest.mark.django_db
LIST = reverse("admin:casework_case_changelist")


def mixed_world(world):
    """A case for every entry of the queue, on two chains (two chain-leader departments)."""
    past = timezone.now() - dt.timedelta(days=2)
    for chain in (world.titanium, world.wind):
        case_in_state(Bottleneck, "submitted", world=world, chain=chain)
        case_in_state(Bottleneck, "accepted", world=world, chain=chain)
        case_in_state(Bottleneck, "resolution_submitted", world=world, chain=chain)
        case_in_state(ChainTask, "submitted", world=world, chain=chain)
        case_in_state(Bottleneck, "handling", world=world, chain=chain, due_in_days=-3)  # overdue
        late = case_in_state(ChainTask, "in_progress", world=world, chain=chain)
        Case.objects.filter(pk=late.pk).update(report_due_at=past)  # its progress report is late
        handling = case_in_state(Bottleneck, "handling", world=world, chain=chain)
        escalate(
            handling, actor=world.office, level=EscalationLevel.YELLOW, target="department_head", reason="进度滞后"
        )
    waiting = case_in_state(Bottleneck, "handling", world=world, chain=world.titanium)
    request_extension(
        waiting, actor=world.chainlead, new_due_date=timezone.localdate() + dt.timedelta(days=40), reason="设备未到"
    )
    case_in_state(Bottleneck, "closed", world=world)  # closed: in no entry


def listed(client, queue):
    response = client.get(LIST, {"queue": queue})
    assert response.status_code == 200
    return {case.pk for case in response.context["cl"].result_list}


def test_every_count_is_the_list_it_links_to(world, client):
    mixed_world(world)
    client.force_login(world.office)
    home = client.get(reverse("admin:index"))
    entries = {entry["name"]: entry for entry in home.context["casework_queue"]}
    assert set(entries) == set(QUEUE)
    expected = {"accept": 2, "assign": 2, "review": 4, "extension": 1, "overdue": 2, "report_late": 2}
    for name, count in expected.items():
        assert entries[name]["count"] == count, name
    assert entries["unacknowledged"]["count"] == 2
    for name, entry in entries.items():
        assert entry["url"] == f"{LIST}?queue={name}"
        assert len(listed(client, name)) == entry["count"], name
    html = home.content.decode()
    assert f'href="{LIST}?queue=accept"' in html


def test_a_department_user_counts_only_their_scope(world, client):
    mixed_world(world)
    counts = office_queue(world.chainlead)
    # 工信局 leads the titanium chain only; it accepts and assigns nothing, decides nothing it did not assign.
    assert counts["overdue"] == 1
    assert counts["report_late"] == 1
    assert counts["review"] == 0 and counts["extension"] == 0
    # The yellow notice on the titanium chain is addressed to 工信局's head, who must sign for it.
    assert counts["unacknowledged"] == 1
    client.force_login(world.chainlead)
    entries = {entry["name"]: entry["count"] for entry in client.get(reverse("admin:index")).context["casework_queue"]}
    assert "accept" not in entries and "assign" not in entries  # only the office accepts and assigns
    for name, count in entries.items():
        assert len(listed(client, name)) == count, name
    assert office_queue(world.outsider)["overdue"] == 0


def test_the_assigner_reviews_the_tasks_they_assigned(world):
    case_in_state(ChainTask, "submitted", world=world, assigned_by=world.taskforce)
    case_in_state(ChainTask, "submitted", world=world)
    assert office_queue(world.taskforce)["review"] == 1
    assert office_queue(world.office)["review"] == 2


def _index_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_for_1_and_100_cases(world, client):
    case_in_state(Bottleneck, "submitted", world=world)
    one = _index_queries(client, world.office)
    for index in range(99):
        model = ChainTask if index % 2 else Bottleneck
        case_in_state(model, "submitted", world=world, due_in_days=index % 7 - 3)
    assert _index_queries(client, world.office) == one
    fresh = User.objects.get(pk=world.office.pk)
    with CaptureQueriesContext(connection) as queries:
        office_queue(fresh)
    assert len(queries) == 2  # the visitor's facts, then every count in one query


def test_the_queue_is_shown_only_to_those_who_read_cases(world, client):
    assert office_queue(world.office)["unacknowledged"] == 0
    plain = User.objects.create_user("nobody", is_staff=True)
    client.force_login(plain)
    assert client.get(reverse("admin:index")).context["casework_queue"] == []
