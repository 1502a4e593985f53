"""On PostgreSQL a two-character query is served by the GIN index over the entries' document (tsvector)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinzhou.org.models import Enterprise
from search.selectors import entries
from search.services import index_enterprises
from tests.world import build_world

pytestmark = pytest.mark.postgres


def test_a_two_character_query_uses_the_gin_index(db):
    world = build_world()
    Enterprise.objects.bulk_create(
        Enterprise(name=f"锦州第{i}号钛白粉企业", short_name=f"钛白{i}") for i in range(3000)
    )
    Enterprise.objects.create(name="锦州石英材料有限公司")
    index_enterprises(Enterprise.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    qs = entries(world.office, "石英")
    assert [e.title for e in qs] == ["锦州石英材料有限公司"]
    plan = qs.explain()
    assert "search_entry_document_gin" in plan, plan


def test_a_rarer_words_matches_are_read_once_for_the_list_and_its_count(quartz, client):
    """Below ``FEW_MATCHES`` the matched case ids are read once and given to the list as an array: the
    page and its count read no search entry again, and the list holds every match (by title or comment)."""
    client.force_login(quartz["world"].office)
    url = reverse("admin:chains_bottleneck_changelist")
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url, {"q": "石英"}).content.decode()
    sql = [query["sql"] for query in captured.captured_queries]
    # Besides the planner's estimate of how many there are (an EXPLAIN, nothing read).
    reads = [text for text in sql if "search_searchentry" in text and not text.startswith("EXPLAIN")]
    assert len(reads) == 1, reads
    for name in ("older", "newer", "commented", "hidden"):
        assert quartz[name].reference in body, name
    assert "4 条结果" in body  # the search box's count of the list
