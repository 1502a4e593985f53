"""One search over cases (with their comments), enterprises and meetings, through the index."""

import pytest

from jinzhou.casework.models import Comment
from jinzhou.casework.services import add_comment
from search.selectors import highlight, search, similar_open_cases
from search.tokens import document_tokens, query_tokens
from tests.world import Bottleneck, case_in_state


def titles(hits):
    return [hit.entry.title for hit in hits]


def test_a_text_is_cut_into_bigrams_and_words():
    assert document_tokens("石英坩埚 DD-2026") == "石英 英坩 坩埚 埚 dd 2026"
    assert query_tokens("石英") == [("石英", False)]
    assert query_tokens("石") == [("石", True)]


def test_quartz_finds_the_challenge_and_the_bottlenecks_title_matches_first_then_newest(quartz):
    hits = search(quartz["world"].office, "石英")
    assert titles(hits) == [
        "风电石英纤维断供",  # the newest title match
        "高纯石英管断供",
        "石英砂供应不稳定",
        "芯片级高端半导体石英坩埚",
        "钛白粉原料价格上涨",  # 石英 only in a comment: after every title match, though newer
    ]
    assert "<mark>石英</mark>" in hits[-1].snippet


def test_a_case_outside_the_users_scope_is_not_found(quartz):
    found = titles(search(quartz["world"].enterprise, "石英"))
    assert "钛白粉原料价格上涨" in found
    assert "风电石英纤维断供" not in found
    assert titles(search(quartz["world"].outsider, "石英管")) == []


def test_a_one_character_query_and_a_longer_word(quartz):
    office = quartz["world"].office
    assert "高纯石英管断供" in titles(search(office, "管"))
    assert titles(search(office, "石英坩埚")) == ["芯片级高端半导体石英坩埚", "钛白粉原料价格上涨"]
    assert titles(search(office, "!!!")) == []


def test_enterprises_are_found_by_name(quartz):
    hits = search(quartz["world"].enterprise, "钛业", kinds=["enterprise"])
    assert titles(hits) == ["中信钛业"]


def test_highlighting_escapes_first():
    assert highlight("<script>石英</script>", ["石英"]) == "&lt;script&gt;<mark>石英</mark>&lt;/script&gt;"
    assert highlight("a&b amp", ["amp"]) == "a&amp;b <mark>amp</mark>"


def test_a_title_with_a_script_tag_is_shown_escaped(quartz):
    world = quartz["world"]
    from search.services import rebuild

    case_in_state(Bottleneck, "handling", world=world, title="<script>alert(1)</script>石英舟")
    rebuild()
    hit = search(world.office, "石英舟")[0]
    assert hit.title == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>石英舟</mark>"


def test_a_comment_is_searchable_once_committed(quartz, django_capture_on_commit_callbacks):
    world = quartz["world"]
    case = quartz["older"]
    assert search(world.office, "钽靶") == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_comment(case, actor=world.office, text="钽靶材也已断供")
        # Before the commit, the index has not changed.
        assert search(world.office, "钽靶") == []
    for callback in callbacks:
        callback()
    assert titles(search(world.office, "钽靶")) == ["石英砂供应不稳定"]
    assert Comment.objects.filter(case=case).count() == 1


def test_similar_open_cases_share_the_most_bigrams(quartz):
    world = quartz["world"]
    hits = similar_open_cases(world.enterprise, "高纯石英砂断供了")
    assert [h.entry.title for h in hits][:2] == ["高纯石英管断供", "石英砂供应不稳定"]
    assert "风电石英纤维断供" not in [h.entry.title for h in hits]


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_a_saved_case_after_commit():
    from tests.world import build_world

    world = build_world()
    case = case_in_state(Bottleneck, "handling", world=world, title="钛精矿断供")
    assert titles(search(world.office, "断供")) == ["钛精矿断供"]
    case.title = "钛精矿供应紧张"
    case.save()
    assert titles(search(world.office, "断供")) == []
    assert titles(search(world.office, "紧张")) == ["钛精矿供应紧张"]


def test_on_sqlite_the_query_goes_through_the_fts5_table(quartz):
    from django.db import connection

    from search.selectors import entries

    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL plan is checked in test_postgres.py")
    plan = entries(quartz["world"].office, "石英").explain()
    assert "search_searchentry_fts VIRTUAL TABLE INDEX" in plan, plan
