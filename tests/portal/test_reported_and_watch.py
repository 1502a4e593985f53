"""我上报的 (an enterprise follows its cases to the end), the report form's chains and files, and
我关注的 (the leaders' red cases and open notices)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.models import Attachment
from jinzhou.casework.services import escalate
from jinzhou.org.models import Chain, ChainOwner
from tests.world import case_in_state

REPORTED = reverse("portal:reported")
WATCH = reverse("portal:watch")
REPORT = reverse("portal:report")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def listed(response, key="cases") -> list[str]:
    return [case.reference for case in response.context[key]]


# --- 我上报的 ------------------------------------------------------------------------------------------
def test_an_enterprise_sees_every_case_it_reported_or_takes_part_in_closed_ones_included(client, world):
    draft = case_in_state(Bottleneck, "draft", world=world)
    handling = case_in_state(Bottleneck, "handling", world=world, reporter=world.office)  # on its behalf
    closed = case_in_state(Bottleneck, "closed", world=world)
    partner = case_in_state(ChainTask, "in_progress", world=world, reporter_enterprise=None, reporter=None)
    partner.enterprises.add(world.citic)
    theirs = case_in_state(Bottleneck, "handling", world=world, reporter_enterprise=world.other_enterprise)
    client.force_login(world.enterprise)

    response = client.get(REPORTED)

    assert set(listed(response)) == {draft.reference, handling.reference, closed.reference, partner.reference}
    assert theirs.reference not in response.content.decode()
    assert set(listed(client.get(REPORTED, {"state": "closed"}))) == {closed.reference}
    assert closed.reference not in listed(client.get(REPORTED, {"state": "open"}))


def test_each_report_shows_its_state_and_latest_step_without_a_query_per_case(client, world, django_assert_num_queries):
    client.force_login(world.enterprise)
    case_in_state(Bottleneck, "handling", world=world, title="第一件")
    client.get(REPORTED)
    with django_assert_num_queries(6):  # session, user, actor, count, page (with the latest step), unread
        client.get(REPORTED)
    for index in range(20):
        history = [
            {"kind": "transition", "summary": f"受理 {index}"},
            {"kind": "transition", "summary": f"交办工信局 {index}"},
        ]
        case_in_state(Bottleneck, "handling", world=world, title=f"第{index}件", history=history)
    with django_assert_num_queries(6):
        response = client.get(REPORTED)
    first = response.context["cases"][0]
    assert first.title == "第19件" and first.latest_summary == "交办工信局 19" and first.latest_at
    html = response.content.decode()
    assert first.latest_summary in html and 'data-testid="latest-step"' in html


def test_reported_is_for_enterprises_and_refuses_a_bad_state(client, world):
    client.force_login(world.chainlead)
    assert client.get(REPORTED).status_code == 404
    assert REPORTED not in client.get(reverse("portal:todos")).content.decode()
    client.force_login(world.enterprise)
    assert REPORTED in client.get(reverse("portal:todos")).content.decode()
    response = client.get(REPORTED, {"state": "<script>"})
    assert response.status_code == 400 and "<script>" not in response.content.decode()


# --- the report form -------------------------------------------------------------------------------
def test_the_report_form_lists_the_enterprises_own_chains_first_and_chooses_one(client, world):
    other = Chain.objects.create(
        code="MT-00", name="海绵钛", subfield=world.titanium.subfield, order=0, leader_department=world.miit
    )
    ChainOwner.objects.create(chain=world.titanium, enterprise=world.citic)
    client.force_login(world.enterprise)

    form = client.get(REPORT).context["form"]

    groups = [label for label, _choices in form.fields["chain"].choices if _choices and isinstance(_choices, list)]
    assert len(groups) == 2
    mine = dict(form.fields["chain"].choices[1][1])
    assert list(mine) == [world.titanium.pk] and other.pk not in mine
    assert form.fields["chain"].initial == world.titanium.pk


def test_a_report_with_attachments_keeps_them_and_the_break_kind_shows_as_such(client, world):
    client.force_login(world.enterprise)
    files = [SimpleUploadedFile("现场照片.png", PNG, "image/png"), SimpleUploadedFile("说明.png", PNG, "image/png")]

    response = client.post(
        REPORT,
        {"title": "原料断供", "chain": world.titanium.pk, "bottleneck_kind": "break", "attachments": files},
        follow=True,
    )

    case = Bottleneck.objects.get(title="原料断供")
    assert case.status == "submitted"
    assert sorted(Attachment.objects.filter(case=case).values_list("original_name", flat=True)) == [
        "现场照片.png",
        "说明.png",
    ]
    html = response.content.decode()
    assert 'data-testid="kind">断点<' in html or 'data-testid="kind">Break (断点)<' in html


def test_a_bad_file_refuses_the_report_and_keeps_what_was_typed(client, world):
    client.force_login(world.enterprise)
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")

    response = client.post(
        REPORT,
        {
            "title": "港口限行",
            "chain": world.titanium.pk,
            "bottleneck_kind": "blockage",
            "description": "每日限行两小时",
            "attachments": [fake],
        },
    )

    assert response.status_code == 200
    assert not Bottleneck.objects.filter(title="港口限行").exists()
    form = response.context["form"]
    assert form.errors["attachments"] and "合同.pdf" in form.errors["attachments"][0]
    html = response.content.decode()
    assert 'value="港口限行"' in html and "每日限行两小时" in html
    assert 'data-testid="files-again"' in html  # the browser cannot keep the files: the reporter is told


# --- 我关注的 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["chainlead", "enterprise", "office"])
def test_the_watch_list_is_for_leaders_only(client, world, name):
    client.force_login(getattr(world, name))
    assert client.get(WATCH).status_code == 404
    assert WATCH not in client.get(reverse("portal:todos")).content.decode()


def test_the_watch_list_holds_red_cases_and_open_notices_in_scope_worst_first(client, world):
    red = case_in_state(Bottleneck, "handling", world=world, due_in_days=-5, title="红灯")
    noticed = case_in_state(ChainTask, "in_progress", world=world, due_in_days=20, title="有督办")
    escalate(noticed, actor=world.office, level=3, target="task_force_leader", reason="进度滞后")
    case_in_state(ChainTask, "in_progress", world=world, due_in_days=20, title="绿灯")
    wind_red = case_in_state(Bottleneck, "handling", world=world, chain=world.wind, due_in_days=-2)
    case_in_state(Bottleneck, "closed", world=world, due_in_days=-9)

    client.force_login(world.taskforce)  # the metals industry only
    response = client.get(WATCH)
    assert listed(response) == [red.reference, noticed.reference]
    assert response.context["counts"] == {"total": 2, "red": 1, "notices": 1}
    assert WATCH in response.content.decode()

    client.force_login(world.leader)  # the whole city
    response = client.get(WATCH)
    assert listed(response) == [red.reference, wind_red.reference, noticed.reference]
    assert response.context["counts"] == {"total": 3, "red": 2, "notices": 1}


def test_the_watch_list_pages_worst_first_and_a_page_costs_the_same_however_many_are_red(
    client, world, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("jinzhou.portal.views.watch.PER_PAGE", 3)
    cases = [case_in_state(Bottleneck, "handling", world=world, due_in_days=-1 - index) for index in range(7)]
    noticed = case_in_state(ChainTask, "in_progress", world=world, due_in_days=20)
    escalate(noticed, actor=world.office, level=3, target="task_force_leader", reason="进度滞后")
    worst_first = [case.reference for case in cases[::-1]] + [noticed.reference]
    client.force_login(world.leader)

    pages = [client.get(WATCH, {"page": number}) for number in (1, 2, 3)]

    assert [reference for page in pages for reference in listed(page)] == worst_first
    assert pages[2].context["page"].paginator.num_pages == 3
    assert pages[0].context["counts"] == {"total": 8, "red": 7, "notices": 1}
    # A page that is not one shows the first or the last, never an error.
    assert listed(client.get(WATCH, {"page": "abc"})) == worst_first[:3]
    assert listed(client.get(WATCH, {"page": 99})) == worst_first[6:]
    # session, user, actor, the counts, the page's ids, its rows, the unread notifications' count
    with django_assert_num_queries(7):
        client.get(WATCH, {"page": 2})
    for index in range(5):
        case_in_state(Bottleneck, "handling", world=world, due_in_days=-30 - index)
    with django_assert_num_queries(7):
        assert len(listed(client.get(WATCH, {"page": 2}))) == 3


def test_a_leaders_home_shows_the_worst_of_the_watch_list(client, world):
    cases = [case_in_state(Bottleneck, "handling", world=world, due_in_days=-1 - index) for index in range(7)]
    client.force_login(world.leader)

    html = client.get(reverse("portal:todos")).content.decode()

    assert 'data-testid="watch-preview"' in html
    shown = [case.reference for case in cases if f'data-reference="{case.reference}"' in html]
    shown.sort(key=lambda reference: html.index(f'data-reference="{reference}"'))
    assert shown == [case.reference for case in cases[::-1][:5]]  # the most overdue five, worst first
    assert WATCH in html
    # A 断点 stays 断点 on the watch list (its kind read per row kept, not joined before the sort).
    Bottleneck.objects.filter(pk=cases[-1].pk).update(bottleneck_kind="break")
    html = client.get(WATCH).content.decode()
    row = html[html.index(f'<span class="ref">{cases[-1].reference}</span>') :][:200]
    assert "断点" in row or "Break" in row
    client.force_login(world.chainlead)
    assert 'data-testid="watch-preview"' not in client.get(reverse("portal:todos")).content.decode()


def test_labels_in_chinese_end_with_a_full_width_colon(client, world):
    """ "状态：已办结", not "状态: 已办结": a Chinese label takes the Chinese colon, in every list."""
    import re

    case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.enterprise)
    html = client.get(REPORTED).content.decode()
    assert "状态：" in html and "办理时限：" in html
    assert not re.search(r"[\u4e00-\u9fff]: ", html)
    client.force_login(world.chainlead)
    todos = client.get(reverse("portal:todos")).content.decode()
    assert "办理时限：" in todos and not re.search(r"[\u4e00-\u9fff]: ", todos)
