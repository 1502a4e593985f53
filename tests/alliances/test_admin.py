"""The alliance pages as their users meet them: a lead member applies and keeps its record, members
come and go through the page's panels, the contract is uploaded and downloaded within scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliances.models import Alliance, AllianceEvaluation, AllianceMember
from tests.alliances.support import alliance_in_state
from tests.casework.admin_support import admin_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# (alliances list, evaluations list) for the bureau: session, user (with its department code, so
# "the bureau or the office" costs none), scope, the rows, the filters' choices, the visitor's
# saved views of the list, and the header's name and unit of the visitor (one query).
EXPECTED_LIST_QUERIES = (15, 16)


@pytest.fixture
def alliance(aw):
    return alliance_in_state(aw, "typical")


def test_a_lead_member_applies_for_its_own_alliance(client, aw):
    client.force_login(aw.rhein)
    page = client.get(admin_url(Alliance, "add"))
    assert page.status_code == 200
    assert "lead_enterprise" not in page.context["adminform"].form.fields
    response = client.post(
        admin_url(Alliance, "add"), {"title": "莱茵动力电驱动热管理产学研联盟", "submit_now": "on"}, follow=True
    )
    assert response.status_code == 200
    created = Alliance.objects.get(title="莱茵动力电驱动热管理产学研联盟")
    assert (created.lead_enterprise, created.status, created.responsible_department.code) == (
        aw.rhein_enterprise,
        "applied",
        "most",
    )


def test_the_lead_member_edits_its_record_but_not_its_lead(client, aw, alliance):
    client.force_login(aw.rhein)
    page = client.get(admin_url(Alliance, "change", alliance.pk))
    form = page.context["adminform"].form
    assert "market_goals" in form.fields and "lead_enterprise" not in form.fields
    response = client.post(
        admin_url(Alliance, "change", alliance.pk),
        {
            "loaded_version": alliance.version,
            "title": alliance.title,
            "description": "",
            "market_goals": "新能源汽车电驱动系统国内前五",
            "shared_platforms": "共享实验室",
            "contract_number": "LM-HT-2021-01",
            "contract_signed_on": "2021-03-01",
            "contract_expires_on": "2026-02-28",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    alliance.refresh_from_db()
    assert (alliance.market_goals, alliance.contract_number) == ("新能源汽车电驱动系统国内前五", "LM-HT-2021-01")
    assert alliance.version == 2


def test_members_are_added_and_leave_through_the_panels(client, aw, alliance):
    client.force_login(aw.bureau)
    response = client.post(
        admin_url(Alliance, "panel", alliance.pk, "member"),
        {"member-enterprise": aw.hanna.pk, "member-role": "member", "member-joined_on": "2020-06-01"},
        follow=True,
    )
    assert response.status_code == 200
    member = AllianceMember.objects.get(alliance=alliance, enterprise=aw.hanna)
    # Neither an enterprise nor an institution: the form says so and nothing is added.
    response = client.post(admin_url(Alliance, "panel", alliance.pk, "member"), {"member-role": "member"}, follow=True)
    assert AllianceMember.objects.filter(alliance=alliance).count() == 1
    client.force_login(aw.rhein)
    response = client.post(
        admin_url(Alliance, "panel", alliance.pk, "leave"),
        {"leave-target": member.pk, "leave-left_on": "2025-12-31"},
        follow=True,
    )
    member.refresh_from_db()
    assert str(member.left_on) == "2025-12-31"
    assert "2025-12-31" in response.content.decode()


def test_the_contract_is_uploaded_and_downloaded_within_scope(client, aw, alliance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(aw.rhein)
    upload = SimpleUploadedFile("联盟协议.pdf", PDF, content_type="application/pdf")
    response = client.post(
        admin_url(Alliance, "panel", alliance.pk, "contract"), {"contract-file": upload}, follow=True
    )
    assert response.status_code == 200
    alliance.refresh_from_db()
    assert alliance.contract_document_name == "联盟协议.pdf"
    download = client.get(admin_url(Alliance, "contract", alliance.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(aw.shengong)
    assert client.get(admin_url(Alliance, "contract", alliance.pk)).status_code == 404


def test_the_office_sees_every_alliance_and_the_list_shows_the_latest_tier(client, aw, alliance):
    from jinzhou.casework.services import transition
    from tests.alliances.support import evaluation_in_state

    evaluation = evaluation_in_state(aw, "second_reviewed", alliance=alliance, year=2025)
    transition(evaluation, "panel_review", actor=aw.bureau)
    client.force_login(aw.office)
    response = client.get(admin_url(Alliance, "changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert alliance.title in html
    assert "High activity" in html or "高" in html


def _list_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_cost_the_same_for_two_rows_or_eight(client, aw):
    from jinzhou.casework.services import transition
    from tests.alliances.support import evaluation_in_state

    def add_rows(start: int, count: int) -> None:
        for n in range(start, start + count):
            alliance = alliance_in_state(aw, "typical", title=f"联盟{n}")
            done = evaluation_in_state(aw, "second_reviewed", alliance=alliance, year=2024)
            transition(done, "panel_review", actor=aw.bureau)
            evaluation_in_state(aw, "self_assessment", alliance=alliance, year=2025)

    client.force_login(aw.bureau)
    client.get(admin_url(Alliance, "changelist"))  # the session's first request loads what later ones reuse
    add_rows(0, 2)
    small = (_list_queries(client, admin_url(Alliance, "changelist")),
             _list_queries(client, admin_url(AllianceEvaluation, "changelist")))  # fmt: skip
    add_rows(2, 6)
    large = (_list_queries(client, admin_url(Alliance, "changelist")),
             _list_queries(client, admin_url(AllianceEvaluation, "changelist")))  # fmt: skip
    assert small == large == EXPECTED_LIST_QUERIES
