"""揭榜挂帅 in the portal: the published challenges (public to enterprises, drafts a 404), applying with
members and a file, the refusals (a second application, after the deadline) with the input kept, the
visitor's own applications and their states, and nobody else's."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jinzhou.casework.services import transition
from projects import services
from projects.models import Challenge, ChallengeApplication
from tests.projects.conftest import build_cast

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def cast(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.LANGUAGE_CODE = "en"
    return build_cast()


def draft(cast, title="芯片级高端半导体石英坩埚", **fields):
    return services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title=title, technical_problem="坩埚纯度 99.999%",
        chain=cast.quartz_chain, funding_wan="500", **fields,
    )  # fmt: skip


def published(cast, title="芯片级高端半导体石英坩埚", days=10):
    return transition(draft(cast, title), "publish", actor=cast.scistaff, due_in_working_days=days)


def signed_in(client, user):
    client.force_login(user)
    return client


def apply_data(cast, **fields):
    return {
        "partner_institutions": [cast.lnut.pk],
        "partner_enterprises": [cast.quartz.pk],
        "team": "张工（神工）、李教授（辽工大）",
        "plan": "高纯石英砂提纯与坩埚成型",
        "budget_wan": "320",
        "apply": "1",
        **fields,
    }


def test_an_enterprise_sees_published_challenges_and_not_drafts(client, cast):
    challenge = published(cast)
    hidden = draft(cast, "未发布的榜单")
    signed_in(client, cast.shengong_user)
    listing = client.get(reverse("portal:challenges"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert challenge.reference in body and "未发布的榜单" not in body
    page = client.get(reverse("portal:challenge", args=[challenge.pk]))
    assert page.status_code == 200
    assert "坩埚纯度 99.999%" in page.content.decode() and "科技局" in page.content.decode()
    assert client.get(reverse("portal:challenge", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("portal:challenge_apply", args=[hidden.pk])).status_code == 404
    # The menu offers the list to enterprises; a department's staff outside the bureau does not browse.
    assert reverse("portal:challenges") in page.content.decode()
    signed_in(client, cast.otherlead)
    assert client.get(reverse("portal:challenges")).status_code == 404


def test_the_list_puts_open_challenges_first_soonest_deadline_first_and_searches(client, cast):
    later = published(cast, "晚截止", days=20)
    sooner = published(cast, "早截止", days=5)
    passed = published(cast, "已截止", days=5)
    Challenge.objects.filter(pk=passed.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    signed_in(client, cast.shengong_user)
    rows = list(client.get(reverse("portal:challenges")).context["challenges"])
    assert [row.pk for row in rows] == [sooner.pk, later.pk, passed.pk]
    found = client.get(reverse("portal:challenges"), {"q": "晚截"}).context["challenges"]
    assert [row.pk for row in found] == [later.pk]


def test_an_enterprise_applies_with_members_and_a_file_and_follows_its_state(client, cast):
    challenge = published(cast)
    signed_in(client, cast.shengong_user)
    upload = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("portal:challenge_apply", args=[challenge.pk]), {**apply_data(cast), "attachments": [upload]}
    )
    application = ChallengeApplication.objects.get(challenge=challenge)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:challenge_application", args=[application.pk])
    assert application.lead_enterprise == cast.shengong and application.submitted_by == cast.shengong_user
    assert set(application.partner_institutions.all()) == {cast.lnut}
    assert set(application.partner_enterprises.all()) == {cast.quartz}
    assert [item.original_name for item in application.attachments.all()] == ["方案.pdf"]
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "辽宁工业大学" in body and "方案.pdf" in body and "Submitted" in body
    file_url = reverse("portal:challenge_application_file", args=[application.pk, application.attachments.get().pk])
    assert b"".join(client.get(file_url).streaming_content) == PDF
    services.check_eligibility(application, actor=cast.scistaff, eligible=True)
    mine = client.get(reverse("portal:challenge_applications"))
    assert [item.pk for item in mine.context["applications"]] == [application.pk]
    history = client.get(response["Location"]).context["history"]
    assert [row["status"] for row in history] == ["Submitted", "Eligible"]
    # Another enterprise sees neither the application nor its file.
    signed_in(client, cast.outsider)
    assert client.get(response["Location"]).status_code == 404
    assert client.get(file_url).status_code == 404
    assert list(client.get(reverse("portal:challenge_applications")).context["applications"]) == []


def test_a_refused_application_keeps_what_was_typed(client, cast):
    challenge = published(cast)
    signed_in(client, cast.shengong_user)
    bad = SimpleUploadedFile("方案.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("portal:challenge_apply", args=[challenge.pk]),
        {**apply_data(cast, budget_wan="三百万"), "attachments": [bad]},
    )
    assert response.status_code == 200 and not ChallengeApplication.objects.exists()
    form = response.context["form"]
    assert "attachments" in form.errors
    assert form["plan"].value() == "高纯石英砂提纯与坩埚成型" and form["team"].value().startswith("张工")
    body = response.content.decode()
    assert "高纯石英砂提纯与坩埚成型" in body and 'value="三百万"' in body
    assert f'value="{cast.lnut.pk}"' in body and "checked" in body


def test_finding_members_reloads_the_form_with_the_matches_and_the_input(client, cast):
    challenge = published(cast)
    signed_in(client, cast.shengong_user)
    response = client.post(
        reverse("portal:challenge_apply", args=[challenge.pk]),
        {**apply_data(cast, partner_enterprises=[], partner_institutions=[]), "member_search": "医科", "find": "1"},
    )
    assert response.status_code == 200 and not ChallengeApplication.objects.exists()
    form = response.context["form"]
    assert [label for _, label in form.fields["partner_institutions"].choices] == ["锦州医科大学"]
    assert form["plan"].value() == "高纯石英砂提纯与坩埚成型" and not form.errors


def test_a_second_application_and_one_after_the_deadline_are_refused_clearly(client, cast):
    challenge = published(cast)
    signed_in(client, cast.shengong_user)
    client.post(reverse("portal:challenge_apply", args=[challenge.pk]), apply_data(cast))
    again = client.post(reverse("portal:challenge_apply", args=[challenge.pk]), apply_data(cast, plan="第二份方案"))
    assert again.status_code == 200 and ChallengeApplication.objects.count() == 1
    assert "already leads an application" in again.content.decode() and "第二份方案" in again.content.decode()
    page = client.get(reverse("portal:challenge", args=[challenge.pk])).content.decode()
    assert "See your application and its state" in page
    Challenge.objects.filter(pk=challenge.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    signed_in(client, cast.quartz_user)
    form_page = client.get(reverse("portal:challenge_apply", args=[challenge.pk]))
    assert "application window is closed" in form_page.content.decode()
    late = client.post(
        reverse("portal:challenge_apply", args=[challenge.pk]),
        apply_data(cast, plan="迟到的方案", partner_enterprises=[]),
    )
    assert ChallengeApplication.objects.count() == 1
    assert "application window is closed" in late.content.decode() and "迟到的方案" in late.content.decode()


def test_the_challenge_list_costs_the_same_queries_for_1_and_50(client, cast, django_assert_num_queries):
    published(cast)
    signed_in(client, cast.shengong_user)
    url = reverse("portal:challenges")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(49):
        published(cast, f"榜单{index}")
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert len(response.context["challenges"]) == 20


def test_the_office_reads_challenges_but_applies_on_paper_in_the_admin(client, cast):
    challenge = published(cast)
    hidden = draft(cast, "未发布的榜单")
    signed_in(client, cast.office)
    assert client.get(reverse("portal:challenge", args=[hidden.pk])).status_code == 200  # the office sees all
    page = client.get(reverse("portal:challenge", args=[challenge.pk])).content.decode()
    assert "registers paper applications" in page and "apply-link" not in page
    response = client.post(reverse("portal:challenge_apply", args=[challenge.pk]), apply_data(cast))
    assert response.status_code == 403 and not ChallengeApplication.objects.exists()
