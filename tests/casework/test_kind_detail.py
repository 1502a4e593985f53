"""A bottleneck is named as it was reported (堵点, 断点, 卡脖子) wherever it appears: the all-cases
list of the admin, the portal's lists and the case page, not as the generic kind."""

import pytest
from django.urls import reverse
from django.utils import translation

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.display import case_kind_label
from jinzhou.casework.models import Case
from tests.world import case_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_a_list_row_and_the_kind_instance_name_the_same_detail(world):
    case = case_in_state(Bottleneck, "submitted", world=world, bottleneck_kind="break")
    row = Case.objects.with_kind_detail().get(pk=case.pk)
    assert case_kind_label(row) == case_kind_label(case) == "断点"
    # A kind without a detail keeps its own name: a chain task is a 工作任务.
    task = case_in_state(ChainTask, "assigned", world=world)
    assert case_kind_label(Case.objects.with_kind_detail().get(pk=task.pk)) == "工作任务"


def test_the_admin_list_of_all_cases_says_break_for_a_break(world, client, django_assert_max_num_queries):
    case_in_state(Bottleneck, "submitted", world=world, bottleneck_kind="break", title="断供")
    case_in_state(Bottleneck, "submitted", world=world, bottleneck_kind="chokepoint", title="卡脖子技术")
    client.force_login(world.office)
    response = client.get(reverse("admin:casework_case_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()
    assert response.status_code == 200
    assert ">断点<" in text and ">卡脖子<" in text


def test_the_portal_case_page_and_my_reports_say_break(world, client):
    case = case_in_state(Bottleneck, "submitted", world=world, bottleneck_kind="break", reporter=world.enterprise)
    client.force_login(world.enterprise)
    page = client.get(reverse("portal:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="kind">断点<' in page
    listing = client.get(reverse("portal:reported"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "断点" in listing


def test_the_admin_case_page_is_titled_by_what_was_reported(world, client):
    case = case_in_state(Bottleneck, "submitted", world=world, bottleneck_kind="break")
    client.force_login(world.office)
    page = client.get(reverse("admin:chains_bottleneck_change", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"<h1>断点 {case.reference}</h1>" in page.content.decode()
