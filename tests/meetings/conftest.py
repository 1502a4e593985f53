import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from jinzhou.casework.deadlines import invalidate_calendar_cache
from jinzhou.org.models import Department
from meetings.choices import MeetingKind
from meetings.services import record_meeting
from tests.world import build_world, make_user


@pytest.fixture(autouse=True)
def fresh_calendar(db, settings):
    settings.LANGUAGE_CODE = "en"
    settings.API_SYNC_SETTLE_SECONDS = 0
    invalidate_calendar_cache()
    cache.clear()
    yield
    invalidate_calendar_cache()
    cache.clear()


@pytest.fixture
def world(db):
    world = build_world()
    # A third bureau, with its own staff, to co-handle.
    world.ndrc = Department.objects.create(code="ndrc", name="发改委", kind="city_bureau")
    world.ndrc_staff = make_user("ndrcstaff", "chain_leader", department=world.ndrc)
    return world


def rows(world, count: int = 3) -> list[dict]:
    """``count`` decision rows: the titanium chain's bureau leads, the others co-handle."""
    leads = [world.miit, world.mofcom, world.ndrc]
    return [
        {
            "text": f"议定事项{number}",
            "chain": world.titanium,
            "department": leads[(number - 1) % 3],
            "co_departments": [world.ndrc] if leads[(number - 1) % 3] != world.ndrc else [],
            "due_in_working_days": 5 * number,
        }
        for number in range(1, count + 1)
    ]


@pytest.fixture
def meet(world):
    """``meet(rows=…, **fields)`` → a meeting recorded by the office (专班调度会 by default)."""

    def make(decisions=None, **fields):
        fields.setdefault("kind", MeetingKind.TASK_FORCE)
        fields.setdefault("date", timezone.localdate() - dt.timedelta(days=1))
        return record_meeting(actor=world.office, decisions=rows(world) if decisions is None else decisions, **fields)

    return make
