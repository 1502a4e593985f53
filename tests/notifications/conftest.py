import pytest

from jinzhou.notifications.models import ChatRobot
from tests.notifications.robot import RobotServer
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _robots_on_loopback(allow_local_partners):
    # The stand-in robot listens on 127.0.0.1; tests of the SSRF rule override this.
    return allow_local_partners


@pytest.fixture(autouse=True)
def _outside_quiet_hours(settings):
    # Most tests are about what is sent, not when; the quiet-hours tests switch this back on.
    settings.NOTIFICATIONS_QUIET_HOURS = False
    settings.NOTIFICATIONS_HTTP_TIMEOUT = 2


@pytest.fixture
def robot():
    with RobotServer() as server:
        yield server


@pytest.fixture
def wecom_robot(world, robot):
    """A WeCom robot in 工信局 (chainlead's department) pointing at the local stand-in."""
    return ChatRobot.objects.create(department=world.miit, kind="wecom", url=robot.url)
