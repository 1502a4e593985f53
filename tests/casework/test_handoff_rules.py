"""Handoff rules as data: every transition is announced or silent on purpose, the office edits who is
told in the admin, the link of a notice opens a page its recipient may use, and the cost of a
notice does not grow with its recipients."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chains.models import Bottleneck
from jinzhou.casework import handoffs
from jinzhou.casework import services as casework
from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.models import HandoffRule
from jinzhou.notifications.models import Notification
from tests.world import case_in_state, make_user

pytestmark = pytest.mark.django_db


def test_every_transition_of_every_kind_tells_someone_or_is_silent_on_purpose():
    unannounced = [
        f"{spec.code}.{event}"
        for spec in all_kinds()
        for event, _label in handoffs.known_events(spec)
        if not handoffs.default_recipients(spec.code, event) and not handoffs.is_silent(spec.code, event)
    ]
    assert unannounced == []
    # And nothing is both: a silent entry with a default would hide a mistake.
    both = [key for key in handoffs.SILENT if key[0] != "*" and handoffs.default_recipients(*key)]
    assert both == []
    # Every default names recipients of the fixed vocabulary.
    for recipients in [*handoffs.KIND_DEFAULTS.values(), *handoffs.ENGINE_DEFAULTS.values()]:
        assert set(recipients) <= set(handoffs.RECIPIENT_CODES)


def test_the_admin_lists_every_rule_with_its_default_and_an_edit_changes_who_is_told(world, client):
    client.force_login(world.office)
    listing = client.get(reverse("admin:casework_handoffrule_changelist"), {"kind": "bottleneck"})
    assert listing.status_code == 200
    assert "退回" in listing.content.decode()
    rule = HandoffRule.objects.get(kind="bottleneck", event="transition:return")
    assert rule.recipients == ["reporter", "reporter_enterprise"]
    page = client.get(reverse("admin:casework_handoffrule_change", args=[rule.pk]))
    assert 'type="checkbox"' in page.content.decode()
    response = client.post(
        reverse("admin:casework_handoffrule_change", args=[rule.pk]),
        {"enabled": "on", "recipients": ["responsible_department", "office"]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.recipients == ["responsible_department", "office"]
    assert rule.history.latest().history_user == world.office

    case = case_in_state(Bottleneck, "submitted", world=world, responsible_department=world.mofcom)
    casework.transition(case, "return", actor=world.office, note="退回补充")
    # The office acted, so of the office only the others would hear; the reporter no longer does.
    assert set(Notification.objects.filter(case_id=case.pk).values_list("recipient__username", flat=True)) == {
        "otherlead"
    }


def test_only_the_office_changes_the_rules(world, client):
    client.force_login(world.chainlead)
    HandoffRule.objects.create(kind="bottleneck", event="transition:submit", recipients=["office"])
    rule = HandoffRule.objects.get()
    response = client.post(
        reverse("admin:casework_handoffrule_change", args=[rule.pk]), {"enabled": "", "recipients": []}
    )
    assert response.status_code == 403
    assert HandoffRule.objects.get().enabled


@pytest.mark.parametrize("user, page", [("enterprise", "portal"), ("office", "admin")])
def test_the_link_of_a_notice_opens_a_page_the_recipient_may_use(world, client, user, page):
    case = case_in_state(Bottleneck, "draft", world=world)
    casework.transition(case, "submit", actor=world.office if user == "enterprise" else world.enterprise)
    recipient = getattr(world, user)
    if user == "enterprise":
        recipient.is_staff = False
        recipient.save()
        casework.transition(Bottleneck.objects.get(pk=case.pk), "return", actor=world.office, note="补充")
    notice = Notification.objects.filter(recipient=recipient, case_id=case.pk).latest("id")
    client.force_login(recipient)
    response = client.get(notice.url)
    assert response.status_code == 302
    expected = (
        reverse("portal:case", args=[case.pk])
        if page == "portal"
        else reverse("admin:chains_bottleneck_change", args=[case.pk])
    )
    assert response.url == expected
    assert client.get(response.url).status_code == 200


def test_the_link_is_a_404_outside_the_visitors_scope(world, client):
    case = case_in_state(Bottleneck, "handling", world=world)
    client.force_login(world.outsider)
    assert client.get(reverse("case_go", args=[case.pk])).status_code == 404


def _warm_up(world) -> None:
    # The process-wide caches (the working-day calendar, content types) fill on the first write.
    warm = case_in_state(Bottleneck, "handling", world=world)
    casework.add_comment(warm, actor=world.leader, text="预热")
    Notification.objects.all().delete()


def _assign_queries(world, recipients: int) -> int:
    for number in range(recipients - 1):
        make_user(f"miit-{number}", "chain_leader", department=world.miit)
    case = case_in_state(Bottleneck, "accepted", world=world)
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    _warm_up(world)
    with CaptureQueriesContext(connection) as queries:
        casework.transition(case, "assign", actor=world.office, department=world.miit.pk, due_date=due)
    assert Notification.objects.filter(case_id=case.pk).count() == recipients
    return len(queries)


# The transition's own 14 queries plus the notice's 7: the rule, the people, the actor's unit, and
# notify_many's four (users, insert, read back, the departments' robots). A silenced rule costs
# its one lookup.
ASSIGN_QUERIES = 21
NOTICE_QUERIES = 7


@pytest.mark.parametrize("recipients", [1, 12])
def test_a_transition_costs_the_same_queries_for_1_or_12_recipients(world, recipients):
    assert _assign_queries(world, recipients) == ASSIGN_QUERIES


def test_a_silenced_rule_costs_one_query(world):
    HandoffRule.objects.create(kind="bottleneck", event="transition:assign", enabled=False)
    case = case_in_state(Bottleneck, "accepted", world=world)
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    _warm_up(world)
    with CaptureQueriesContext(connection) as queries:
        casework.transition(case, "assign", actor=world.office, department=world.miit.pk, due_date=due)
    assert not Notification.objects.exists()
    assert len(queries) == ASSIGN_QUERIES - NOTICE_QUERIES + 1


@pytest.mark.parametrize("staff", [0, 12])
def test_a_comment_costs_the_same_queries_whoever_is_on_the_case(world, staff):
    for number in range(staff):
        make_user(f"miit-{number}", "chain_leader", department=world.miit)
    case = case_in_state(Bottleneck, "handling", world=world)
    _warm_up(world)
    with CaptureQueriesContext(connection) as queries:
        casework.add_comment(case, actor=world.office, text="请反馈")
    assert Notification.objects.filter(case_id=case.pk).count() == 2 + staff
    # The comment's own 9 queries and the notice's 7.
    assert len(queries) == 16


def test_the_e_mail_settings_page_of_the_portal_and_the_admin(world, client):
    from jinzhou.notifications.services import muted_categories

    client.force_login(world.enterprise)
    page = client.get(reverse("portal:notification_settings"))
    assert page.status_code == 200 and "邮件" in page.content.decode()
    assert reverse("portal:notification_settings") in client.get(reverse("portal:inbox")).content.decode()
    response = client.post(reverse("portal:notification_settings"), {"muted": ["comment", "attachment"]})
    assert response.status_code == 302
    assert muted_categories(world.enterprise) == ["comment", "attachment"]
    refused = client.post(reverse("portal:notification_settings"), {"muted": ["reminder"]})
    assert refused.status_code == 200 and muted_categories(world.enterprise) == ["comment", "attachment"]

    client.force_login(world.office)
    url = reverse("admin:notifications_notification_email_settings")
    assert url in client.get(reverse("admin:notifications_notification_inbox")).content.decode()
    assert client.post(url, {"muted": ["progress"]}).status_code == 302
    assert muted_categories(world.office) == ["progress"]
    assert muted_categories(world.enterprise) == ["comment", "attachment"]


def test_supervision_notices_carry_the_same_link(world):
    from jinzhou.casework.services import escalate

    case = case_in_state(Bottleneck, "handling", world=world)
    escalation = escalate(case, actor=world.office, level=2, target="department_head", reason="请加快")
    assert [n.url for n in escalation.notifications] == [reverse("case_go", args=[case.pk])]


def test_a_chain_leader_department_opens_a_notice_in_the_portal_even_with_admin_access(world, client):
    # The demo accounts may all open the admin; the office works there, a chain leader's staff in the portal.
    case = case_in_state(Bottleneck, "accepted", world=world)
    assert world.chainlead.is_staff
    casework.transition(
        case, "assign", actor=world.office, department=world.miit.pk, due_in_working_days=10, person=None
    )
    notice = Notification.objects.filter(recipient=world.chainlead, case_id=case.pk).latest("id")
    client.force_login(world.chainlead)
    response = client.get(notice.url)
    assert response.status_code == 302
    assert response.url == reverse("portal:case", args=[case.pk])
