"""seed_jinzhou leaves the index filled: 石英 finds the article's quartz crucible challenge (揭榜挂帅)."""

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from search.models import SearchEntry
from search.selectors import search


def test_the_seeded_quartz_crucible_challenge_is_found(db):
    call_command("seed_jinzhou", verbosity=0, stdout=io.StringIO())
    assert SearchEntry.objects.filter(kind="enterprise").exists()
    admin = User.objects.create_superuser("root", password="pw-for-tests-only")
    hits = search(admin, "石英坩埚")
    assert any(hit.case_kind == "challenge" and "石英坩埚" in hit.entry.title for hit in hits), [
        (hit.case_kind, hit.entry.title) for hit in hits
    ]
