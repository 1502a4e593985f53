"""Junk in a URL, a query string or a form is the visitor's mistake (or a probe): the friendly page in
Chinese with a 4xx status, never a 500 (security review, issue 13, item 9).

Not marked ``postgres``: it runs on SQLite by default and on PostgreSQL whenever the run's DATABASE_URL
points there (as in CI), because the two databases fail differently on a 30-digit id (SQLite raises
OverflowError, PostgreSQL's bigint is out of range).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from chains.models import Bottleneck
from jinzhou.notifications.services import notify
from tests.world import build_world, case_in_state

HUGE = "9" * 30  # more than any 64-bit key


@pytest.fixture
def world(db):
    return build_world()


def visitor(user) -> Client:
    # Errors are answered as the site answers them (handler400/404), not re-raised into the test.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_friendly(response, status: int, heading: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert heading in html
    assert "Traceback" not in html and "Server Error" not in html


@pytest.mark.parametrize(
    ("url", "username"),
    [
        ("/portal/inbox/read/", "enterprise"),
        ("/admin/notifications/notification/inbox/read/", "office"),
    ],
)
@pytest.mark.parametrize("junk", ["²", "١٢", HUGE, "12abc", "-1", pytest.param("9" * 5000, id="5000-digits")])
def test_marking_junk_ids_read_is_a_400_page_and_changes_nothing(world, url, username, junk):
    user = getattr(world, username)
    (mine,) = notify([user], step="test", title="通知", body="正文")
    response = visitor(user).post(url, {"ids": [str(mine.pk), junk]})

    assert_friendly(response, 400, "请求无效")
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_real_ids_read_still_works(world):
    (mine,) = notify([world.enterprise], step="test", title="通知", body="正文")
    response = visitor(world.enterprise).post("/portal/inbox/read/", {"ids": [str(mine.pk)]})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.parametrize("junk", ["²", "99999", "0", "20x6"])
def test_holiday_admin_with_a_junk_year_is_a_400_page(world, junk):
    assert_friendly(visitor(world.office).get("/admin/casework/holiday/", {"year": junk}), 400, "请求无效")


def test_holiday_admin_with_a_real_year_filters(world):
    assert visitor(world.office).get("/admin/casework/holiday/", {"year": "2026"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/chains/bottleneck/{HUGE}/change/",
        f"/admin/chains/bottleneck/{HUGE}/history/",
        f"/admin/chains/bottleneck/{HUGE}/delete/",
        f"/admin/org/chain/{HUGE}/change/",
        f"/admin/casework/case/{HUGE}/change/",
        f"/admin/auth/user/{HUGE}/change/",
        f"/admin/notifications/notification/inbox/{HUGE}/open/",
    ],
)
def test_an_id_no_key_can_hold_is_a_404_page_in_every_admin(world, path):
    assert_friendly(visitor(world.office).get(path), 404, "页面不存在")


def test_view_on_site_with_such_an_id_is_a_404_page(world):
    content_type = ContentType.objects.get_for_model(Bottleneck)
    response = visitor(world.office).get(f"/admin/r/{content_type.pk}/{HUGE}/")
    assert_friendly(response, 404, "页面不存在")


def test_ordinary_ids_still_open_their_page(world):
    case = case_in_state(Bottleneck, "handling", world=world)
    assert visitor(world.office).get(f"/admin/chains/bottleneck/{case.pk}/change/").status_code == 200
