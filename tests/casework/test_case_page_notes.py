"""The case page tells what matters: people by name and unit (never by login), why the light is what
it is, the latest return and extension decision at the top, and a resubmission prefilled."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.display import light_reason
from jinzhou.casework.forms import TransitionForm
from jinzhou.casework.models import Case
from jinzhou.casework.services import add_comment, decide_extension, request_extension, transition
from jinzhou.org.models import UserProfile
from jinzhou.org.selectors import person_label
from tests.world import case_in_state, make_user


def admin_change(case) -> str:
    model = case.spec.model
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[case.pk])


@pytest.fixture
def named(world):
    """Real names for the people of the world (王磊 of 工信局, 张敏 of the office)."""
    User.objects.filter(pk=world.chainlead.pk).update(first_name="王磊")
    User.objects.filter(pk=world.office.pk).update(first_name="张敏")
    User.objects.filter(pk=world.enterprise.pk).update(first_name="李娜")
    world.miit.short_name = "工信局"
    world.miit.save()
    return world


# --- person_label --------------------------------------------------------------------------------
def test_a_person_is_their_name_and_unit(named):
    assert person_label(None) == ""
    assert person_label(User.objects.get(username="chainlead")) == "王磊（工信局）"
    assert person_label(User.objects.get(username="enterprise")) == "李娜（中信钛业）"
    # No name: the user name, still with the unit; no profile: just the name.
    assert person_label(User.objects.get(username="otherlead")) == "otherlead（商务局）"
    bare = User.objects.create_user("bare", first_name="赵六")
    assert person_label(bare) == "赵六"
    assert not UserProfile.objects.filter(user=bare).exists()


# --- the admin's case page -----------------------------------------------------------------------
def test_the_admin_case_page_names_people_never_logins(client, named):
    case = case_in_state(Bottleneck, "handling", world=named, responsible_person=named.chainlead)
    add_comment(case, actor=named.chainlead, text="已联系供应商")
    transition(case, "submit_resolution", actor=named.chainlead, resolution="已协调供货")
    client.force_login(named.office)

    html = client.get(admin_change(case)).content.decode()

    assert "王磊（工信局）" in html  # responsible person, comment author, timeline actor
    assert "chainlead" not in html


def test_the_admin_greets_the_clerk_by_full_name_and_unit(client, named):
    """Django's greeting uses the given name alone (李娜 → "欢迎，娜."); the header names the person."""
    User.objects.filter(pk=named.office.pk).update(first_name="娜", last_name="李")
    client.force_login(named.office)
    html = client.get(reverse("admin:index")).content.decode()
    user_tools = html[html.index('id="user-tools"') :][:400]
    assert "<strong>李娜（" in user_tools and "<strong>娜</strong>" not in user_tools


def test_the_admin_list_badge_explains_its_light(client, named):
    case_in_state(Bottleneck, "handling", world=named, due_in_days=-6)
    client.force_login(named.office)
    with translation.override("zh-hans"):
        html = client.get(reverse("admin:chains_bottleneck_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'title="红灯：已逾期' in html.content.decode()


# --- why a light is what it is --------------------------------------------------------------------
@pytest.mark.parametrize(
    "status,days,expected",
    [
        ("handling", -10, "红灯：已逾期"),
        ("handling", 30, "绿灯：剩余"),
        ("resolution_submitted", 30, "审核中，等待办公室决定"),
    ],
)
def test_the_light_says_why(world, status, days, expected):
    case = case_in_state(Bottleneck, status, world=world, due_in_days=days)
    case = Case.objects.with_light(timezone.now()).get(pk=case.pk)
    with translation.override("zh-hans"):
        line = light_reason(case)
    assert expected in line
    due = timezone.localtime(case.due_at).date().isoformat()
    assert f"截止 {due}" in line


def test_a_red_light_counts_working_days_by_the_calendar(world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=-10)
    from jinzhou.casework.deadlines import working_days_between

    due = timezone.localtime(case.due_at).date()
    late = working_days_between(due, timezone.localdate())
    with translation.override("zh-hans"):
        assert f"已逾期 {late} 个工作日" in light_reason(case)


def test_a_pending_extension_makes_the_light_yellow_and_says_so(world):
    case = case_in_state(Bottleneck, "handling", world=world, due_in_days=30)
    later = timezone.localtime(case.due_at).date() + dt.timedelta(days=10)
    request_extension(case, actor=world.chainlead, new_due_date=later, reason="设备晚到")
    case = Case.objects.with_light(timezone.now()).get(pk=case.pk)
    with translation.override("zh-hans"):
        assert light_reason(case).startswith("黄灯：延期申请待审批")


# --- banners and prefill ------------------------------------------------------------------------
def sent_back(world) -> Bottleneck:
    case = case_in_state(Bottleneck, "handling", world=world)
    case = transition(case, "submit_resolution", actor=world.chainlead, resolution="已协调供货，恢复生产")
    return transition(case, "send_back", actor=world.office, note="缺少供货合同")


def test_a_send_back_is_at_the_top_with_its_reason_until_resubmitted(client, named):
    case = sent_back(named)
    client.force_login(named.office)

    html = client.get(admin_change(case)).content.decode()
    top = html.index('data-testid="banner-returned"')
    assert top < html.index('id="case-workflow"')
    assert "缺少供货合同" in html[top:] and "张敏" in html[top : top + 600]

    transition(case, "submit_resolution", actor=named.chainlead, resolution="补充了合同")
    html = client.get(admin_change(case)).content.decode()
    assert 'data-testid="banner-returned"' not in html


def test_resubmitting_after_a_send_back_starts_from_the_previous_resolution(client, named):
    case = sent_back(named)
    client.force_login(named.chainlead)
    response = client.get(reverse("portal:case", args=[case.pk]))
    form = next(item["form"] for item in response.context["transitions"] if item["step"].action == "submit_resolution")
    assert form["resolution"].value() == "已协调供货，恢复生产"


def test_an_extension_decision_shows_until_the_next_step(client, named):
    case = case_in_state(Bottleneck, "handling", world=named, due_in_days=5)
    later = timezone.localtime(case.due_at).date() + dt.timedelta(days=20)
    extension = request_extension(case, actor=named.chainlead, new_due_date=later, reason="设备晚到")
    decide_extension(extension, actor=named.office, approve=True, version=None)
    client.force_login(named.chainlead)

    html = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert 'data-testid="banner-extension_approved"' in html and later.isoformat() in html

    case.refresh_from_db()
    transition(case, "submit_resolution", actor=named.chainlead, resolution="完成")
    html = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert 'data-testid="banner-extension_approved"' not in html


def test_a_refused_extension_shows_its_note(client, named):
    case = case_in_state(Bottleneck, "handling", world=named, due_in_days=5)
    later = timezone.localtime(case.due_at).date() + dt.timedelta(days=20)
    extension = request_extension(case, actor=named.chainlead, new_due_date=later, reason="设备晚到")
    decide_extension(extension, actor=named.office, approve=False, note="请按期完成", version=None)
    client.force_login(named.office)
    html = client.get(admin_change(case)).content.decode()
    assert 'data-testid="banner-extension_refused"' in html and "请按期完成" in html


# --- the responsible person's choices ------------------------------------------------------------
def test_the_lead_department_defaults_to_the_chain_leader_and_people_are_its_staff(world):
    colleague = make_user("colleague", None, department=world.miit)
    make_user("gone", None, department=world.miit)
    User.objects.filter(username="gone").update(is_active=False)
    case = case_in_state(ChainTask, "in_progress", world=world, chain=world.wind)
    form = TransitionForm(case.spec.workflow.transition("reassign"), initial={"version": case.version}, case=case)

    assert form["department"].value() == world.mofcom.pk  # 风电装备's 链长单位
    assert set(form.fields["person"].queryset) == {world.otherlead}

    posted = TransitionForm(
        case.spec.workflow.transition("reassign"),
        {"t-reassign-version": case.version, "t-reassign-department": world.miit.pk},
        case=case,
    )
    assert set(posted.fields["person"].queryset) == {world.chainlead, colleague}
    assert [label for _, label in posted.fields["person"].choices][1:] == ["chainlead（工信局）", "colleague（工信局）"]


def test_the_staff_endpoint_is_scoped_to_the_case(client, world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    model = ChainTask._meta
    url = reverse(f"admin:{model.app_label}_{model.model_name}_case_staff", args=[case.pk, world.mofcom.pk])
    client.force_login(world.office)
    assert client.get(url).json() == {"people": [{"id": world.otherlead.pk, "label": "otherlead（商务局）"}]}

    portal = reverse("portal:staff", args=[case.pk, world.mofcom.pk])
    client.force_login(world.otherlead)  # cannot see the case
    assert client.get(portal).status_code == 404
    client.force_login(world.enterprise)  # sees it, but is offered no step naming a person
    assert client.get(portal).status_code == 404
    client.force_login(world.office)
    assert client.get(portal).json()["people"][0]["id"] == world.otherlead.pk
    assert client.get(reverse("portal:staff", args=[case.pk, 99999])).status_code == 404


def test_a_refusal_message_has_one_full_stop_per_sentence(world):
    from django import forms

    from jinzhou.casework.forms import not_done_message

    class Two(forms.Form):
        reason = forms.CharField(label="理由")
        date = forms.CharField(label="日期")

    form = Two({})
    form.is_valid()
    form.errors.clear()
    form.add_error("reason", "请填写延期理由。")
    form.add_error("date", "请填写新的截止日期。")
    with translation.override("zh-hans"):
        message = not_done_message(form)
    assert message == "未办理：理由：请填写延期理由；日期：请填写新的截止日期。"
