"""The inbox as a user meets it in the admin: the header count, reading, scope, the support list."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinzhou.notifications.models import ChatRobot, Delivery, Notification
from jinzhou.notifications.selectors import notifications_for, unread_count
from jinzhou.notifications.services import mark_all_read, mark_read, notify, run_deliveries
from tests.world import ChainTask, case_in_state

pytestmark = pytest.mark.django_db

INBOX = reverse("admin:notifications_notification_inbox")
CHANGELIST = reverse("admin:notifications_notification_changelist")


def send(user, step: str, case=None, **fields):
    return notify([user], case=case, step=step, title=f"提醒 {step}", body="正文", url="/admin/", **fields)


def header_count(client) -> int:
    page = client.get(reverse("admin:index")).content.decode()
    return int(re.search(r'id="notifications-link">[^<(（]*[(（](\d+)[)）]', page).group(1))


def test_the_admin_header_shows_the_unread_count_and_reading_lowers_it(client, world):
    first, second, _third = (send(world.chainlead, step)[0] for step in ("a", "b", "c"))
    send(world.otherlead, "a")  # someone else's does not count
    client.force_login(world.chainlead)
    assert header_count(client) == 3

    client.get(reverse("admin:notifications_notification_open", args=[first.pk]))
    assert header_count(client) == 2

    client.post(reverse("admin:notifications_notification_read"), {"ids": [second.pk]})
    assert header_count(client) == 1

    client.post(reverse("admin:notifications_notification_read"), {"all": "1"})
    assert header_count(client) == 0
    assert unread_count(world.otherlead) == 1


def test_the_inbox_lists_only_the_users_own_notifications(client, world):
    send(world.chainlead, "mine")
    send(world.otherlead, "theirs")
    client.force_login(world.chainlead)

    page = client.get(INBOX)

    assert [n.title for n in page.context["page"].object_list] == ["提醒 mine"]
    assert "提醒 theirs" not in page.content.decode()


def test_opening_someone_elses_notification_is_a_404_and_leaves_it_unread(client, world):
    [theirs] = send(world.otherlead, "theirs")
    client.force_login(world.chainlead)

    assert client.get(reverse("admin:notifications_notification_open", args=[theirs.pk])).status_code == 404
    client.post(reverse("admin:notifications_notification_read"), {"ids": [theirs.pk]})

    assert unread_count(world.otherlead) == 1
    assert mark_read([theirs.pk], actor=world.chainlead) == 0
    assert mark_all_read(actor=world.chainlead) == 0
    assert not notifications_for(world.chainlead).filter(pk=theirs.pk).exists()


def test_opening_a_notification_goes_to_its_link(client, world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    [mine] = notify(
        [world.chainlead], case=case, step="x", title="t", body="", url=f"/admin/chains/chaintask/{case.pk}/change/"
    )
    client.force_login(world.chainlead)

    response = client.get(reverse("admin:notifications_notification_open", args=[mine.pk]))

    assert response.status_code == 302 and response["Location"] == mine.url


def test_the_notification_admin_shows_the_office_everything_and_others_their_own(client, world):
    send(world.chainlead, "a")
    send(world.otherlead, "b")

    client.force_login(world.office)
    assert client.get(CHANGELIST).context["cl"].result_count == 2
    client.force_login(world.chainlead)
    response = client.get(CHANGELIST)
    assert [n.recipient for n in response.context["cl"].result_list] == [world.chainlead]
    [theirs] = Notification.objects.filter(recipient=world.otherlead)
    # Django's admin answers an object outside the queryset by redirecting with "does not exist".
    assert client.get(reverse("admin:notifications_notification_change", args=[theirs.pk])).status_code == 302


def test_the_office_sees_deliveries_with_attempts_and_errors_and_can_retry_failed_ones(client, world, settings, robot):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    ChatRobot.objects.create(department=world.miit, kind="wecom", url=robot.url)
    robot.errcode, robot.errmsg = 93000, "invalid webhook url"
    [notification] = send(world.chainlead, "a")
    run_deliveries()
    client.force_login(world.office)

    page = client.get(reverse("admin:notifications_notification_change", args=[notification.pk])).content.decode()
    assert "errcode 93000: invalid webhook url" in page

    robot.errcode = 0
    client.post(CHANGELIST, {"action": "retry_failed_deliveries", "_selected_action": [notification.pk]}, follow=True)
    run_deliveries()
    assert Delivery.objects.get().status == "sent"
    assert len(robot.accepted) == 1


def test_only_the_office_manages_chat_robots(client, world):
    url = reverse("admin:notifications_chatrobot_changelist")
    client.force_login(world.chainlead)
    assert client.get(url).status_code == 403
    client.force_login(world.office)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["office", "chainlead"])
def test_the_notification_list_costs_the_same_queries_for_1_and_20_rows(client, world, who):
    user = getattr(world, who)
    client.force_login(user)
    cases = [case_in_state(ChainTask, "in_progress", world=world) for _ in range(2)]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured.captured_queries)

    send(user, "s0", case=cases[0])
    client.get(CHANGELIST)  # warm the per-process caches
    one = queries()
    for i in range(1, 20):
        send(user, f"s{i}", case=cases[i % 2])
    assert Notification.objects.filter(recipient=user).count() == 20
    assert queries() == one


def test_the_inbox_costs_the_same_queries_for_1_and_20_rows(client, world):
    client.force_login(world.chainlead)
    case = case_in_state(ChainTask, "in_progress", world=world)
    send(world.chainlead, "s0", case=case)
    client.get(INBOX)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(INBOX)
        return len(captured.captured_queries)

    one = queries()
    for i in range(1, 20):
        send(world.chainlead, f"s{i}", case=case)
    assert queries() == one
