"""/portal/cases/ read a page at a time: the open cases sorted, the closed ones in the order of the
lists' index. The pages put together are the whole list in ``urgent_first``'s order (red, yellow,
green, then closed, each by deadline), whatever the page size, filtered or not."""

import pytest

from jinzhou.casework.models import Case
from jinzhou.org.selectors import actor_for
from jinzhou.portal.selectors import urgent_first
from jinzhou.portal.views import cases as cases_view
from tests.casework.dashboard_world import mixed_world
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db
CASES = "/portal/cases/"


@pytest.fixture
def mixed(world):
    made = mixed_world(world)
    for days in (-40, -5, 3):
        case_in_state(Bottleneck, "closed", world=world, due_in_days=days)
    return made


def every_page(client, query: dict) -> tuple[list[int], int]:
    ids, number, total = [], 1, None
    while True:
        response = client.get(CASES, {**query, "page": number})
        assert response.status_code == 200
        page = response.context["page"]
        total = page.paginator.count
        ids += [case.pk for case in page.object_list]
        if not page.has_next():
            return ids, total
        number += 1


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 50])
def test_the_pages_put_together_are_the_whole_list_worst_first(client, world, mixed, monkeypatch, per_page):
    monkeypatch.setattr(cases_view, "PER_PAGE", per_page)
    client.force_login(world.office)
    expected = [case.pk for case in urgent_first(Case.objects.visible_to(world.office), actor_for(world.office))]
    assert len(expected) == 15 and Case.objects.filter(is_open=False).count() == 5
    assert every_page(client, {}) == (expected, 15)
    # A filtered list: the same order, counted exactly.
    chain = world.titanium
    expected = [
        case.pk
        for case in urgent_first(Case.objects.visible_to(world.office).filter(chain=chain), actor_for(world.office))
    ]
    assert every_page(client, {"chain": chain.pk}) == (expected, len(expected))


def test_a_page_costs_the_same_queries_with_more_cases_around(client, world, mixed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.office)
    client.get(CASES)
    with CaptureQueriesContext(connection) as few:
        client.get(CASES)
    for days in range(20):
        case_in_state(Bottleneck, "closed", world=world, due_in_days=-days)
        case_in_state(Bottleneck, "handling", world=world, due_in_days=days)
    with CaptureQueriesContext(connection) as many:
        client.get(CASES)
    assert len(many.captured_queries) == len(few.captured_queries)
