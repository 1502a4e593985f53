"""The search as people use it: the portal's page and header box, the API, the admin's case list,
the similar open cases while a title is typed."""

import pytest
from django.db import connection
from django.urls import reverse

from jinzhou.casework.pagination import EstimatedCountPaginator, SearchedCountPaginator
from search.services import rebuild
from tests.world import Bottleneck, case_in_state


def test_the_portal_page_lists_the_hits_highlighted_in_a_fixed_number_of_queries(
    quartz, client, django_assert_num_queries
):
    client.force_login(quartz["world"].enterprise)
    url = reverse("portal:search")
    client.get(url, {"q": "石英"})  # warm the caches (the menu's checks)
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(url, {"q": "石英"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>石英</mark>坩埚" in body
    assert "风电石英纤维断供" not in body
    assert reverse("portal:challenge", args=[quartz["crucible"].pk]) in body
    assert body.count('data-testid="search-hit"') == 4
    # More hits cost no more queries.
    for n in range(5):
        case_in_state(Bottleneck, "handling", world=quartz["world"], title=f"石英砂第{n}批")
    rebuild()
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(url, {"q": "石英"})
    assert response.content.decode().count('data-testid="search-hit"') == 9


# The same few queries for any number of hits: session, user, the visitor's facts, the menu, and the hits
# with their scope, one query per tier of relevance the page reaches (石英 in a title, in a main text, only
# in a comment: three here, as the page is not filled by the titles).
NUM_QUERIES = 7


def test_the_header_has_the_search_box(quartz, client):
    client.force_login(quartz["world"].enterprise)
    body = client.get(reverse("portal:todos")).content.decode()
    assert f'action="{reverse("portal:search")}"' in body


def test_a_script_in_a_title_is_shown_as_text(quartz, client):
    case_in_state(Bottleneck, "handling", world=quartz["world"], title="<script>alert(1)</script>石英舟")
    rebuild()
    client.force_login(quartz["world"].office)
    body = client.get(reverse("portal:search"), {"q": "石英舟"}).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>石英舟</mark>" in body


def test_the_api_searches_in_scope(quartz, client):
    client.force_login(quartz["world"].enterprise)
    response = client.get("/api/v1/search/", {"q": "石英"})
    assert response.status_code == 200
    titles = [hit["title"] for hit in response.json()["results"]]
    assert "钛白粉原料价格上涨" in titles and "风电石英纤维断供" not in titles
    hit = response.json()["results"][0]
    assert "<mark>石英</mark>" in hit["title_html"]
    assert client.get("/api/v1/search/", {"q": ""}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "石英", "kind": "nope"}).status_code == 400


def test_the_api_case_list_q_goes_through_the_index(quartz, client):
    client.force_login(quartz["world"].office)
    response = client.get("/api/v1/cases/", {"q": "石英坩埚"})
    assert response.status_code == 200, response.content
    refs = {row["reference"] for row in response.json()["results"]}
    # The challenge by its title, the bottleneck by its comment.
    assert refs == {quartz["crucible"].reference, quartz["commented"].reference}


def test_the_admin_case_list_search_box_finds_a_comment(quartz, client):
    client.force_login(quartz["world"].office)
    response = client.get(reverse("admin:chains_bottleneck_changelist"), {"q": "石英坩埚"})
    assert response.status_code == 200
    body = response.content.decode()
    assert quartz["commented"].reference in body
    assert quartz["older"].reference not in body


def test_similar_open_cases_are_offered_as_json(quartz, client):
    client.force_login(quartz["world"].enterprise)
    data = client.get(reverse("portal:similar_cases"), {"title": "高纯石英管又断供"}).json()
    assert data["results"][0]["title"] == "高纯石英管断供"
    assert all(hit["title"] != "风电石英纤维断供" for hit in data["results"])
    assert client.get(reverse("portal:similar_cases"), {"title": "石"}).json()["results"] == []


def test_a_searched_admin_case_list_drops_the_deadline_drilldown_unless_one_is_chosen(quartz, client):
    client.force_login(quartz["world"].office)
    url = reverse("admin:chains_bottleneck_changelist")
    assert 'class="toplinks"' in client.get(url).content.decode()
    body = client.get(url, {"q": "石英"}).content.decode()
    assert 'class="toplinks"' not in body
    assert quartz["newer"].reference in body
    year = quartz["newer"].due_at.year
    drilled = client.get(url, {"q": "石英", "due_at__year": year}).content.decode()
    assert 'class="toplinks"' in drilled
    assert quartz["newer"].reference in drilled


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner; SQLite counts")
def test_an_admin_list_marks_an_estimated_count_as_such(quartz, client, monkeypatch):
    """A searched list counts exactly below ``estimate_from`` planned rows, and above it shows the
    planner's figure with "≈", in the search box's result count and beside the page links."""
    client.force_login(quartz["world"].office)
    url = reverse("admin:chains_bottleneck_changelist")
    exact = client.get(url, {"q": "石英"}).content.decode()
    assert "search-count-estimated" not in exact and "count-estimated" not in exact
    monkeypatch.setattr(SearchedCountPaginator, "estimate_from", 1)
    estimated = client.get(url, {"q": "石英"}).content.decode()
    assert 'data-testid="search-count-estimated">≈</abbr>' in estimated
    assert 'data-testid="count-estimated">≈</abbr>' in estimated
    # The unfiltered list: estimated from ``exact_below`` rows of the table's statistics.
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE chains_bottleneck")
    assert 'data-testid="count-estimated">≈</abbr>' in client.get(url).content.decode()
