"""The portal's case page tells what matters first (the same presenter as the admin's): the latest
return with its reason, why the light is what it is, people by name and unit; and the chain page
keeps the catalogue's source notes (文章：…) for the admin."""

from django.contrib.auth.models import User
from django.urls import reverse

from chains.models import ChainTask
from jinzhou.casework.services import add_comment, transition
from jinzhou.org.models import ChainNode
from tests.portal.conftest import case_url
from tests.world import case_in_state


def test_a_returned_task_shows_the_reason_at_the_top_and_the_result_again(client, world):
    User.objects.filter(pk=world.office.pk).update(first_name="张敏")
    task = case_in_state(ChainTask, "in_progress", world=world, due_in_days=-2)
    task = transition(task, "submit", actor=world.chainlead, note="产能提升 20%")
    transition(task, "return", actor=world.office, note="缺少验收报告")
    client.force_login(world.chainlead)

    response = client.get(case_url(task), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()

    banner = html.index('data-testid="banner-returned"')
    assert banner < html.index('id="actions-title"')
    assert "缺少验收报告" in html[banner:] and "张敏（领导小组办公室）" in html[banner : banner + 600]
    assert "红灯：已逾期" in html[html.index('data-testid="light-reason"') :]
    form = next(item["form"] for item in response.context["transitions"] if item["step"].action == "submit")
    assert form["note"].value() == "产能提升 20%"


def test_people_are_named_not_logged_in_names(client, world):
    User.objects.filter(pk=world.chainlead.pk).update(first_name="王磊")
    task = case_in_state(ChainTask, "in_progress", world=world, responsible_person=world.chainlead)
    add_comment(task, actor=world.chainlead, text="进展顺利")
    client.force_login(world.office)

    html = client.get(case_url(task)).content.decode()

    assert html.count("王磊（工信局）") >= 2  # responsible person and comment author
    assert "chainlead" not in html


def test_the_chain_page_keeps_source_notes_for_the_admin(client, world):
    ChainNode.objects.create(chain=world.titanium, segment="upstream", name="钛精矿", note="文章：龙头或重点企业")
    ChainNode.objects.create(
        chain=world.titanium, segment="downstream", name="钛白粉涂料", is_missing_link=True, note="待招商"
    )
    client.force_login(world.chainlead)

    html = client.get(reverse("portal:chain", args=[world.titanium.pk])).content.decode()

    assert "待招商" in html
    assert "文章：" not in html and "龙头或重点企业" not in html
