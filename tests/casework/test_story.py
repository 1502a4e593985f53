"""The case engine's story, told through the admin as the clerks live it.

``office`` registers a bottleneck that 中信钛业 reported by phone, accepts it and assigns it to 工信局
with 5 working days; ``chainlead`` of 工信局 acknowledges, handles and submits a resolution; ``office``
returns it once with a note, then closes it. Every step goes through the admin's pages, every
refusal along the way is a message, the timeline shows each step with who and when, and the
dashboard's counts move.
"""

import pytest
from django.utils.html import escape

from chains.models import Bottleneck
from jinzhou.casework.deadlines import add_working_days
from jinzhou.casework.models import TimelineEvent
from jinzhou.org.models import Enterprise
from tests.casework.admin_support import admin_url, build_cast

DASHBOARD = "/admin/casework/dashboard/"


@pytest.fixture
def cast(db):
    return build_cast()


def fire(client, case, action: str, **fields):
    case.refresh_from_db()
    data = {f"t-{action}-version": case.version, **{f"t-{action}-{k}": v for k, v in fields.items()}}
    return client.post(admin_url(Bottleneck, "transition", case.pk, action), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def dashboard_row(client, chain) -> dict:
    board = client.get(DASHBOARD).context["dashboard"]
    return next((row for row in board.by_chain if row["id"] == chain.pk), {"grey": 0, "total": 0})


def test_a_bottleneck_from_report_to_closure(client, cast):
    citic = Enterprise.objects.get(name__startswith="中信钛业")
    client.force_login(cast.office)
    before = dashboard_row(client, cast.titanium)

    # 1. The office registers what 中信钛业 reported, on the enterprise's behalf, and submits it.
    response = client.post(
        admin_url(Bottleneck, "add"),
        {
            "title": "高纯四氯化钛原料断供",
            "description": "主要供应商停产，库存仅够两周。",
            "chain": cast.titanium.pk,
            "bottleneck_kind": "break",
            "severity": 3,
            "source": "enterprise",
            "reporter_enterprise": citic.pk,
            "priority": 3,
            "submit_now": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Bottleneck.objects.get(title="高纯四氯化钛原料断供")
    assert case.reference.startswith("DD-") and case.status == "submitted"
    assert (case.reporter_enterprise, case.source) == (citic, "enterprise")
    assert citic in case.enterprises.all()

    # 2. Accept, then assign to 工信局 with 5 working days.
    assert fire(client, case, "accept").status_code == 200
    response = fire(client, case, "assign", department=cast.miit.pk, due_in_working_days=5)
    case.refresh_from_db()
    assert case.status == "assigned" and case.responsible_department == cast.miit
    expected_day = add_working_days(case.assigned_at.astimezone().date(), 5)
    assert case.due_at.astimezone().date() == expected_day
    assert case.original_due_at == case.due_at

    # The chain leader cannot close what the office reviews: a clear refusal, nothing changes.
    client.force_login(cast.chainlead)
    page = client.get(admin_url(Bottleneck, "change", case.pk)).content.decode()
    assert admin_url(Bottleneck, "transition", case.pk, "acknowledge") in page
    assert admin_url(Bottleneck, "transition", case.pk, "close") not in page
    response = fire(client, case, "close")
    refusal = " ".join(messages_of(response))
    assert case.reference in refusal and "办结" in refusal, refusal
    case.refresh_from_db()
    assert case.status == "assigned"

    # 3. 工信局 acknowledges, handles, and submits a resolution — which cannot be empty.
    fire(client, case, "acknowledge")
    fire(client, case, "start")
    response = fire(client, case, "submit_resolution", resolution="  ")
    case.refresh_from_db()
    assert case.status == "handling"
    assert response.context["bound_panel_forms"]["t-submit_resolution"].errors["resolution"]
    fire(client, case, "submit_resolution", resolution="已协调备用供应商，首批原料到厂。")
    case.refresh_from_db()
    assert case.status == "resolution_submitted"

    # 4. The office returns it once with a note (a note is required), then closes it.
    client.force_login(cast.office)
    response = fire(client, case, "send_back", note="")
    case.refresh_from_db()
    assert case.status == "resolution_submitted"
    assert response.context["bound_panel_forms"]["t-send_back"].errors["note"]
    fire(client, case, "send_back", note="请补充长期供应协议。")
    case.refresh_from_db()
    assert case.status == "handling"

    client.force_login(cast.chainlead)
    fire(client, case, "submit_resolution", resolution="已签订三年供应协议。")
    client.force_login(cast.office)
    fire(client, case, "close", note="问题解决")
    case.refresh_from_db()
    assert case.status == "closed" and not case.is_open and case.closed_at
    assert case.resolution == "已签订三年供应协议。"

    # 5. The timeline shows every step with who and when, in order.
    steps = list(
        TimelineEvent.objects.filter(case=case, kind="transition")
        .order_by("at", "id")
        .values_list("action", "actor__username")
    )
    assert steps == [
        ("submit", "office"),
        ("accept", "office"),
        ("assign", "office"),
        ("acknowledge", "chainlead"),
        ("start", "chainlead"),
        ("submit_resolution", "chainlead"),
        ("send_back", "office"),
        ("submit_resolution", "chainlead"),
        ("close", "office"),
    ]
    page = client.get(admin_url(Bottleneck, "change", case.pk)).content.decode()
    assert escape("请补充长期供应协议。") in page
    for event in TimelineEvent.objects.filter(case=case):
        assert escape(event.summary) in page

    # 6. The dashboard counts it as closed for the titanium chain.
    after = dashboard_row(client, cast.titanium)
    assert after["grey"] == before["grey"] + 1
    assert after["total"] == before["total"] + 1
