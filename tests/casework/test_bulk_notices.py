"""督办单: a person must say why; the office issues them for several cases at once, after confirming."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jinzhou.casework.choices import EscalationLevel
from jinzhou.casework.models import Escalation
from jinzhou.casework.services import escalate
from tests.world import Bottleneck, ChainTask, case_in_state

pytestmark = pytest.mark.django_db
LIST = reverse("admin:casework_case_changelist")


def test_a_person_must_give_the_reason_the_ladder_gives_its_own(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    with pytest.raises(ValidationError) as refused:
        escalate(case, actor=world.office, level=EscalationLevel.RED, target="department_head", reason="  ")
    assert "reason" in refused.value.message_dict
    assert not case.escalations.exists()
    notice = escalate(case, actor=None, level=EscalationLevel.BLUE, target="department_head", reason="逾期 1 个工作日")
    assert notice.reason == "逾期 1 个工作日" and notice.issued_by is None


def test_the_level_names_are_the_supervision_ladder():
    with translation.override("en"):
        labels = [str(label) for label in EscalationLevel.labels]
    assert labels == ["Blue reminder", "Yellow warning", "Orange caution", "Red supervision"]
    with translation.override("zh-hans"):
        assert [str(label) for label in EscalationLevel.labels] == ["蓝色提醒", "黄色预警", "橙色警示", "红色督办"]


def _post(client, cases, url=LIST, **data):
    fields = {
        f"escalate-{name}" if name in ("level", "target", "reason") else name: value for name, value in data.items()
    }
    selected = [case.pk for case in cases]
    return client.post(url, {"action": "issue_notices", "_selected_action": selected, "index": 0, **fields})


def test_bulk_notices_need_a_reason_and_a_confirmation(world, client):
    cases = [case_in_state(Bottleneck, "handling", world=world), case_in_state(ChainTask, "in_progress", world=world)]
    client.force_login(world.office)
    first = _post(client, cases)
    assert first.status_code == 200 and first.context["confirm"] is False
    blank = _post(client, cases, level=4, target="department_head", reason=" ", preview="1")
    assert blank.status_code == 200 and not blank.context["confirm"]
    assert "reason" in blank.context["form"].errors
    assert blank.context["form"]["level"].value() == "4"  # nothing typed is lost
    assert not Escalation.objects.exists()
    # The blank reason refused even when posted straight to the last step.
    _post(client, cases, level=4, target="department_head", reason="", issue="1")
    assert not Escalation.objects.exists()

    confirm = _post(client, cases, level=4, target="department_head", reason="连续两周未报进展", preview="1")
    html = confirm.content.decode()
    assert confirm.context["confirm"] is True
    assert "红色督办" in html and "连续两周未报进展" in html
    assert all(case.reference in html for case in cases)
    assert not Escalation.objects.exists()  # confirming is a separate step

    done = _post(client, cases, level=4, target="department_head", reason="连续两周未报进展", issue="1")
    assert done.status_code == 302
    notices = Escalation.objects.order_by("case_id")
    assert [notice.case_id for notice in notices] == sorted(case.pk for case in cases)
    assert {notice.level for notice in notices} == {EscalationLevel.RED}
    assert {notice.reason for notice in notices} == {"连续两周未报进展"}
    assert {notice.issued_by_id for notice in notices} == {world.office.pk}
    texts = [str(message) for message in get_messages(done.wsgi_request)]
    assert any("2" in text and cases[0].reference in text for text in texts)


def test_refused_cases_are_reported_and_the_others_go_ahead(world, client):
    open_case = case_in_state(Bottleneck, "handling", world=world)
    closed = case_in_state(Bottleneck, "closed", world=world)
    client.force_login(world.office)
    done = _post(client, [open_case, closed], level=2, target="department_head", reason="请加快办理", issue="1")
    assert list(Escalation.objects.values_list("case_id", flat=True)) == [open_case.pk]
    errors = [str(m) for m in get_messages(done.wsgi_request) if m.level_tag == "error"]
    assert len(errors) == 1 and closed.reference in errors[0]


def test_only_the_office_is_offered_the_action(world, client):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.chainlead)
    page = client.get(LIST)
    assert page.context["action_form"] is None  # no action at all for them on this list
    _post(client, [case], level=2, target="department_head", reason="越权", issue="1")
    assert not Escalation.objects.exists()
    client.force_login(world.office)
    assert "issue_notices" in dict(client.get(LIST).context["action_form"].fields["action"].choices)
    bottlenecks = client.get(reverse("admin:chains_bottleneck_changelist"))
    assert "issue_notices" in dict(bottlenecks.context["action_form"].fields["action"].choices)


def test_from_a_case_page_the_notice_is_confirmed_then_the_page_comes_back(world, client):
    case = case_in_state(Bottleneck, "handling", world=world)
    page_url = reverse("admin:chains_bottleneck_change", args=[case.pk])
    client.force_login(world.office)
    page = client.get(page_url).content.decode()
    bottlenecks = reverse("admin:chains_bottleneck_changelist")
    assert f'action="{bottlenecks}"' in page and 'value="issue_notices"' in page
    notice = {"level": 3, "target": "department_head", "reason": "请本周内办结", "next": page_url}
    confirm = _post(client, [case], url=bottlenecks, preview="1", **notice)
    assert confirm.context["confirm"] is True and "请本周内办结" in confirm.content.decode()
    assert not Escalation.objects.exists()
    done = _post(client, [case], url=bottlenecks, issue="1", **notice)
    assert (done.status_code, done["Location"]) == (302, page_url)
    assert case.escalations.get().level == EscalationLevel.ORANGE
    # An address elsewhere is not followed.
    other = _post(client, [case], url=bottlenecks, issue="1", **{**notice, "next": "https://evil.example/"})
    assert other.status_code == 302 and other["Location"] != "https://evil.example/"
