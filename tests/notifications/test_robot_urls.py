"""Chat robots follow the partner webhooks' rule (jinzhou/outbound.py, security review issue 13):
a robot URL typed by the office cannot point inside, neither when it is saved nor when a message
is sent. Forbidden addresses are only checked, never dialled."""

import pytest
from django.urls import reverse

from jinzhou.notifications import tasks
from jinzhou.notifications.models import ChatRobot, Delivery
from jinzhou.notifications.services import notify
from tests.world import ChainTask, case_in_state

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.0.0.5:6379/",
        "http://[::1]:8000/",
        "https://robot:secret@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    ],
)
def test_the_admin_refuses_a_robot_url_that_reaches_inside(world, client, settings, url):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    client.force_login(world.office)

    page = client.post(
        reverse("admin:notifications_chatrobot_add"),
        {"department": world.miit.pk, "kind": "wecom", "name": "工信局群", "url": url, "active": "on"},
    )

    assert page.status_code == 200 and "url" in page.context["adminform"].form.errors
    assert not ChatRobot.objects.exists()


def test_the_admin_saves_a_robot_on_an_allowed_intranet_network(world, client, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.8.0.0/16"]  # the city's own WeCom gateway
    client.force_login(world.office)

    page = client.post(
        reverse("admin:notifications_chatrobot_add"),
        {"department": world.miit.pk, "kind": "wecom", "url": "http://10.8.1.20/send?key=k", "active": "on"},
    )

    assert page.status_code == 302
    assert ChatRobot.objects.get().url == "http://10.8.1.20/send?key=k"


def test_a_message_to_a_robot_on_an_internal_address_is_not_sent(
    world, wecom_robot, robot, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOWED_NETWORKS = []  # wecom_robot, saved directly, points at 127.0.0.1
    case = case_in_state(ChainTask, "in_progress", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        notify([world.chainlead], case=case, step="before_1", deadline=case.due_at, title="明天到期", body="请报送")
    tasks.deliver_due()

    assert robot.received == []
    delivery = Delivery.objects.get(robot=wecom_robot)
    assert delivery.status == "pending" and "127.0.0.1 is not a public address" in delivery.last_error
