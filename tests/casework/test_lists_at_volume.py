"""The lists read what they must at any volume, and show what they showed before: the deadline
hierarchy read through the lists' index gives Django's links, an unfiltered list counts its own
table (or estimates it from ``exact_below`` rows, and says so), and the admin home's queue still
counts a closed case whose notice is not signed for."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jinzhou.casework.admin import date_hierarchy as date_hierarchy_module
from jinzhou.casework.admin.date_hierarchy import deadline_hierarchy
from jinzhou.casework.choices import EscalationLevel
from jinzhou.casework.models import Case, Escalation
from jinzhou.casework.pagination import list_count
from jinzhou.casework.selectors import office_queue
from tests.world import Bottleneck, ChainTask, case_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(world):
    """Open and closed cases with deadlines over two years and several months and days."""
    cases = [case_in_state(Bottleneck, "handling", world=world, due_in_days=days) for days in (-400, -40, -3, 0, 5, 40)]
    cases += [case_in_state(Bottleneck, "closed", world=world, due_in_days=days) for days in (-500, -390, -35, -2)]
    cases.append(case_in_state(ChainTask, "in_progress", world=world, due_in_days=-1))
    return cases


def changelist(model, user, query: str):
    request = RequestFactory().get(f"/?{query}")
    request.user = user
    return admin.site._registry[model].get_changelist_instance(request)


def queries_of(function, *args):
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return result, len(captured.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index route is PostgreSQL's; SQLite keeps Django's")
def test_the_deadline_hierarchy_has_djangos_links_in_as_many_queries(world, spread, monkeypatch):
    monkeypatch.setattr(date_hierarchy_module, "READ_ALL_BELOW", 0)  # read through the index, as a long list
    some = timezone.localtime(spread[2].due_at)
    queries = [
        "",
        "light=red",
        "light=green",
        "status=closed",
        "kind=task",
        f"due_at__year={some.year}",
        f"due_at__year={some.year}&due_at__month={some.month}",
        f"due_at__year={some.year}&due_at__month={some.month}&due_at__day={some.day}",
    ]
    for model in (Case, Bottleneck):
        for query in queries:
            if model is Bottleneck and query == "kind=task":
                continue
            theirs, their_queries = queries_of(date_hierarchy, changelist(model, world.office, query))
            ours, our_queries = queries_of(deadline_hierarchy, changelist(model, world.office, query))
            assert ours == theirs, (model.__name__, query)
            assert our_queries == their_queries, (model.__name__, query)
    # Two years listed on the unfiltered list, with the links to each.
    years = deadline_hierarchy(changelist(Case, world.office, ""))["choices"]
    assert len(years) >= 2


def test_the_list_page_draws_the_deadline_hierarchy(world, spread, client):
    client.force_login(world.office)
    response = client.get(reverse("admin:casework_case_changelist"))
    assert response.status_code == 200
    year = timezone.localtime(spread[0].due_at).year
    assert f"?due_at__year={year}" in response.content.decode()


def test_an_unfiltered_list_counts_its_own_table_in_one_query(world, spread):
    bottlenecks = Bottleneck.objects.visible_to(world.office).with_light().select_related("chain")
    (total, estimated), queries = queries_of(list_count, bottlenecks, 100_000)
    assert (total, estimated, queries) == (10, False, 1)
    # A filtered list is counted as filtered.
    assert list_count(bottlenecks.filter(is_open=True), 100_000) == (6, False)
    # From ``exact_below`` rows an unfiltered list is the planner's estimate (PostgreSQL's), and says so.
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE chains_bottleneck")
    assert list_count(bottlenecks, 5) == (10, True)
    assert list_count(bottlenecks.filter(is_open=True), 5) == (6, False)


def test_the_queue_counts_a_closed_case_whose_notice_is_not_signed_for(world, spread):
    closed = spread[6]
    Escalation.objects.create(
        case=closed,
        level=EscalationLevel.YELLOW,
        notice_number="DB-TEST-1",
        target="department_head",
        target_department=closed.responsible_department,
        issued_by=world.office,
    )
    counts = office_queue(world.office)
    assert counts["unacknowledged"] == 1
    # Only open cases are overdue: the closed ones past their deadline are not counted.
    overdue = Case.objects.filter(is_open=True, due_at__lte=timezone.now()).count()
    assert counts["overdue"] == overdue == 4
    assert timezone.now() - closed.due_at > dt.timedelta(days=300)
