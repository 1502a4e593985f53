"""The count of an API list: exact, unless the list is unfiltered and long (``estimate_from`` rows),
when it is the database's estimate and ``count_estimated`` says so; the rows and the next link are
the same either way, read off the rows and never off the estimate."""

import pytest
from django.db import connection

from jinzhou.api.pagination import LimitOffsetPagination
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db
URL = "/api/v1/bottlenecks/"


@pytest.fixture
def bottlenecks(world):
    made = [case_in_state(Bottleneck, "handling", world=world, due_in_days=days) for days in (-3, 2, 9)]
    made += [case_in_state(Bottleneck, "closed", world=world, due_in_days=days) for days in (-30, -20)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE chains_bottleneck")
    return made


def pages(client, url, limit):
    rows, bodies = [], []
    while url:
        body = client.get(url, {"limit": limit} if not bodies else None).json()
        bodies.append(body)
        rows += [row["id"] for row in body["results"]]
        url = body["next"]
    return rows, bodies


def test_a_short_list_is_counted_exactly(api, world, bottlenecks):
    body = api(world.office).get(URL).json()
    assert (body["count"], body["count_estimated"]) == (5, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's statistics; SQLite counts")
def test_a_long_unfiltered_list_says_its_count_is_an_estimate(api, world, bottlenecks, monkeypatch):
    client = api(world.office)
    exact_rows, _bodies = pages(client, URL, 2)
    monkeypatch.setattr(LimitOffsetPagination, "estimate_from", 3)
    rows, bodies = pages(client, URL, 2)
    assert rows == exact_rows and len(rows) == 5
    assert [body["count_estimated"] for body in bodies] == [True, True, True]
    assert bodies[0]["count"] == 5  # the estimate of a freshly analysed table
    assert bodies[-1]["next"] is None
    # A filtered list is counted exactly.
    body = client.get(URL, {"status": "handling"}).json()
    assert (body["count"], body["count_estimated"]) == (3, False)
    # A page past the estimate still reads the rows there are.
    past = client.get(URL, {"limit": 2, "offset": 4}).json()
    assert [row["id"] for row in past["results"]] == exact_rows[4:] and past["next"] is None
