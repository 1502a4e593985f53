"""On PostgreSQL a two-character query is served by the GIN index over the entries' document (tsvector)."""

import pytest
from django.db import connection

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
