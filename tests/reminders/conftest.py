import pytest

from jinzhou.casework.deadlines import invalidate_calendar_cache
from tests.world import build_world


@pytest.fixture(autouse=True)
def fresh_calendar(db):
    # The calendar snapshot outlives a test's transaction; start and end each test with the database's.
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@pytest.fixture
def world(db):
    return build_world()
