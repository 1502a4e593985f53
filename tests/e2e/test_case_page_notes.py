"""The case page as the office (admin) and the chain leader (portal) see it, on a phone and a desktop:
the return banner at the top, the light's reason beside it, people by name and unit; the responsible
person's choices follow the department (casework/people.js, no console error under the CSP)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from chains.models import ChainTask
from jinzhou.casework.services import add_comment, transition
from tests.e2e.conftest import DESKTOP, PHONE
from tests.world import build_world, case_in_state, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def returned_task(roles):
    world = build_world()
    User.objects.filter(pk=world.office.pk).update(first_name="张敏")
    User.objects.filter(pk=world.chainlead.pk).update(first_name="王磊")
    User.objects.filter(pk=world.otherlead.pk).update(first_name="刘洋")
    make_user("colleague", None, department=world.mofcom)
    User.objects.filter(username="colleague").update(first_name="陈晨")
    for user in User.objects.filter(username__in=["colleague"]):
        user.set_password("pw-for-tests-only")
        user.save()
    task = case_in_state(
        ChainTask,
        "in_progress",
        world=world,
        title="中信钛业扩产至12万吨/年手续办理",
        due_in_days=-3,
        responsible_person=world.chainlead,
    )
    add_comment(task, actor=world.chainlead, text="环评批复已取得，正在办理能评。")
    task = transition(task, "submit", actor=world.chainlead, note="已完成立项、环评、能评，具备开工条件。")
    task = transition(task, "return", actor=world.office, note="缺少能评批复文件，请补充后重新提交。")
    return world, task


@pytest.mark.parametrize("viewport,name", [(PHONE, "375"), (DESKTOP, "1280")])
def test_the_case_page_tells_what_matters(visitor, returned_task, screenshots, viewport, name):
    world, task = returned_task

    portal = visitor(viewport).sign_in("chainlead")
    page = portal.go(reverse("portal:case", args=[task.pk]))
    assert "缺少能评批复文件" in page.inner_text('[data-testid="banner-returned"]')
    assert "张敏（领导小组办公室）" in page.inner_text('[data-testid="banner-returned"]')
    assert "红灯：已逾期" in page.inner_text('[data-testid="light-reason"]')
    assert page.input_value("#id_t-submit-note").startswith("已完成立项")
    page.screenshot(path=str(screenshots / f"case-notes-portal-{name}.png"), full_page=True)
    page.screenshot(path=str(screenshots / f"case-notes-portal-{name}-top.png"))
    assert portal.horizontal_overflow() <= 0
    assert not portal.errors, portal.errors

    office = visitor(viewport).admin_sign_in("office")
    page = office.go(reverse("admin:chains_chaintask_change", args=[task.pk]))
    assert "缺少能评批复文件" in page.inner_text('[data-testid="banner-returned"]')
    assert "王磊（工信局）" in page.content()
    # The responsible person follows the department: 商务局's staff after choosing it.
    page.select_option("#id_t-reassign-department", str(world.mofcom.pk))
    page.locator("#id_t-reassign-person option", has_text="陈晨（商务局）").wait_for(state="attached")
    options = page.locator("#id_t-reassign-person option").all_inner_texts()
    assert sorted(options[1:]) == sorted(["陈晨（商务局）", "刘洋（商务局）"])
    page.screenshot(path=str(screenshots / f"case-notes-admin-{name}.png"), full_page=True)
    page.goto(page.url)
    page.screenshot(path=str(screenshots / f"case-notes-admin-{name}-top.png"))
    # The admin has no favicon (a 404 the browser logs); nothing may be blocked by the CSP.
    assert not [error for error in office.errors if "Content Security Policy" in error], office.errors
