"""The list of extension requests: scope, who may decide, and deciding through the service."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jinzhou.casework.models import Case, Extension
from jinzhou.casework.services import request_extension
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db
LIST = reverse("admin:casework_extension_changelist")


def waiting_extension(world, chain=None, days=40):
    case = case_in_state(Bottleneck, "handling", world=world, chain=chain or world.titanium)
    lead = world.chainlead if case.responsible_department_id == world.miit.pk else world.otherlead
    return request_extension(
        case, actor=lead, new_due_date=timezone.localdate() + dt.timedelta(days=days), reason="关键设备延迟到货"
    )


def decide_url(extension):
    return reverse("admin:casework_extension_decide", args=[extension.pk])


def test_the_list_shows_the_request_and_its_buttons_to_who_decides(world, client):
    world.chainlead.first_name = "王明"
    world.chainlead.save()
    extension = waiting_extension(world)
    client.force_login(world.office)
    page = client.get(LIST)
    html = page.content.decode()
    assert extension.case.reference in html and "关键设备延迟到货" in html
    assert "王明（工信局）" in html  # the requester by name and unit, never by login
    assert decide_url(extension) in html
    # The chain leader sees the row (their case) but may not decide it: no buttons.
    client.force_login(world.chainlead)
    html = client.get(LIST).content.decode()
    assert extension.case.reference in html and decide_url(extension) not in html
    # Outside the scope, the request does not exist.
    client.force_login(world.otherlead)
    assert extension.case.reference not in client.get(LIST).content.decode()
    assert client.get(decide_url(extension)).status_code == 404


def test_rows_cannot_be_added_changed_or_deleted(world, client):
    extension = waiting_extension(world)
    client.force_login(world.office)
    assert client.get(reverse("admin:casework_extension_add")).status_code == 403
    change = client.post(reverse("admin:casework_extension_change", args=[extension.pk]), {"status": "approved"})
    assert change.status_code == 403
    assert (
        client.post(reverse("admin:casework_extension_delete", args=[extension.pk]), {"post": "yes"}).status_code == 403
    )
    extension.refresh_from_db()
    assert extension.status == "pending"


def test_approving_moves_the_deadline(world, client):
    extension = waiting_extension(world)
    client.force_login(world.office)
    assert client.get(decide_url(extension), {"decision": "approve"}).status_code == 200
    response = client.post(decide_url(extension), {"decision": "approve", "note": ""})
    assert response.status_code == 302
    extension.refresh_from_db()
    case = Case.objects.get(pk=extension.case_id)
    assert extension.status == "approved" and extension.decided_by_id == world.office.pk
    assert case.due_at == extension.new_due_at
    assert case.original_due_at == extension.current_due_at


def test_rejecting_without_a_note_is_refused_and_loses_nothing(world, client):
    extension = waiting_extension(world)
    client.force_login(world.office)
    refused = client.post(decide_url(extension), {"decision": "reject", "note": "  "})
    assert refused.status_code == 200
    assert "note" in refused.context["form"].errors
    assert any(m.level_tag == "error" for m in get_messages(refused.wsgi_request))
    extension.refresh_from_db()
    assert extension.status == "pending"
    done = client.post(decide_url(extension), {"decision": "reject", "note": "理由不充分"})
    assert done.status_code == 302
    extension.refresh_from_db()
    case = Case.objects.get(pk=extension.case_id)
    assert extension.status == "rejected" and extension.decision_note == "理由不充分"
    assert case.due_at == extension.current_due_at


def test_who_may_not_decide_is_refused_by_the_service(world, client):
    extension = waiting_extension(world)
    client.force_login(world.chainlead)
    response = client.post(decide_url(extension), {"decision": "approve"})
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))
    extension.refresh_from_db()
    assert extension.status == "pending"


def test_filters_and_query_count(world, client):
    client.force_login(world.office)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    waiting_extension(world)
    one = queries()
    for index in range(5):
        waiting_extension(world, chain=world.wind if index % 2 else world.titanium, days=40 + index)
    assert queries() == one
    wind = client.get(LIST, {"case__chain__id__exact": world.wind.pk})
    assert len(wind.context["cl"].result_list) == 2
    assert len(client.get(LIST, {"status__exact": "approved"}).context["cl"].result_list) == 0
    assert len(client.get(LIST, {"kind": "bottleneck"}).context["cl"].result_list) == Extension.objects.count()
    by_department = client.get(LIST, {"case__responsible_department__id__exact": world.miit.pk})
    assert len(by_department.context["cl"].result_list) == 4


def test_a_request_left_pending_on_a_closed_case_cannot_move_its_deadline(world, client):
    """The chain leader asks for more time, then hands in the resolution and the office closes the case
    without deciding: the request is no longer work waiting on the home, approving it is refused with a
    clear reason (the closed case's deadline stays), refusing it still clears it from the list."""
    from jinzhou.casework.selectors import office_queue
    from jinzhou.casework.services import transition

    extension = waiting_extension(world)
    case = Case.objects.get(pk=extension.case_id)
    case = transition(case, "submit_resolution", actor=world.chainlead, resolution="已协调供货")
    transition(case, "close", actor=world.office)
    assert office_queue(world.office)["extension"] == 0
    client.force_login(world.office)
    refused = client.post(decide_url(extension), {"decision": "approve", "note": ""}, follow=True)
    assert "已结束，不能再延长办理时限" in refused.content.decode()
    extension.refresh_from_db()
    case.refresh_from_db()
    assert extension.status == "pending" and case.due_at == extension.current_due_at
    row = client.get(LIST).content.decode()
    assert "事项已结束" in row and f"{decide_url(extension)}?decision=approve" not in row
    assert f"{decide_url(extension)}?decision=reject" in row
    done = client.post(decide_url(extension), {"decision": "reject", "note": "事项已办结"})
    assert done.status_code == 302
    extension.refresh_from_db()
    assert extension.status == "rejected"
