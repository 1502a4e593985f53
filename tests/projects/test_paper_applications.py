"""A paper application (纸质申请) the bureau types in on the challenge's admin page: the applicant is the
unit chosen, the clerk is recorded as the one who entered it, through the same service as the portal;
and the one visibility rule of challenges (published ones public to enterprises) in the API and admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzhou.casework.services import transition
from projects import services
from projects.models import Challenge, ChallengeApplication
from tests.api.conftest import _api_settings, api, key_for  # noqa: F401  (the API tests' fixtures)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def published(cast, title="芯片级高端半导体石英坩埚"):
    challenge = services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title=title, technical_problem="纯度", chain=cast.quartz_chain
    )
    return transition(challenge, "publish", actor=cast.scistaff, due_in_working_days=10)


def panel_url(challenge):
    return reverse("admin:projects_challenge_panel", args=[challenge.pk, "paper"])


def test_the_bureau_registers_a_paper_application_for_an_institution(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    challenge = published(cast)
    client.force_login(cast.scistaff)
    page = client.get(reverse("admin:projects_challenge_change", args=[challenge.pk]))
    assert "Register a paper application" in page.content.decode()
    response = client.post(
        panel_url(challenge),
        {
            "paper-lead_institution": cast.jzmu.pk, "paper-partner_enterprises": [cast.quartz.pk],
            "paper-team": "锦州医科大学团队", "paper-plan": "纸质方案", "paper-budget_wan": "120",
            "paper-attachments": [SimpleUploadedFile("申请书.pdf", PDF, content_type="application/pdf")],
        },
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    application = ChallengeApplication.objects.get()
    assert application.lead_institution == cast.jzmu and application.lead_enterprise is None
    assert application.submitted_by == cast.scistaff
    assert [item.original_name for item in application.attachments.all()] == ["申请书.pdf"]
    assert "Paper application from 锦州医科大学 registered." in [str(m) for m in response.context["messages"]]


def test_a_paper_application_for_a_unit_that_already_applied_is_refused(client, cast):
    challenge = published(cast)
    services.submit_application(challenge, actor=cast.shengong_user, team="t", plan="p", budget_wan=1)
    client.force_login(cast.scistaff)
    response = client.post(
        panel_url(challenge),
        {"paper-lead_enterprise": cast.shengong.pk, "paper-team": "t", "paper-plan": "p", "paper-budget_wan": "1"},
        follow=True,
    )
    assert ChallengeApplication.objects.count() == 1
    assert "already leads an application" in response.content.decode()
    # An enterprise cannot use the bureau's panel: the challenge is not in its case scope.
    client.force_login(cast.quartz_user)
    response = client.post(
        panel_url(challenge),
        {"paper-lead_enterprise": cast.quartz.pk, "paper-team": "t", "paper-plan": "p", "paper-budget_wan": "1"},
    )
    assert response.status_code == 404 and ChallengeApplication.objects.count() == 1


def test_published_challenges_are_public_to_enterprises_in_the_api_and_admin_and_drafts_are_not(client, cast, api):  # noqa: F811
    challenge = published(cast)
    hidden = services.create_challenge(
        actor=cast.scistaff, programme=cast.programme, title="草稿", technical_problem="x", chain=cast.quartz_chain
    )
    client.force_login(cast.quartz_user)
    listing = client.get(reverse("admin:projects_challenge_changelist")).content.decode()
    assert challenge.reference in listing and hidden.reference not in listing
    assert client.get(reverse("admin:projects_challenge_change", args=[hidden.pk])).status_code in (302, 404)
    rest = api(cast.quartz_user)
    references = [row["reference"] for row in rest.get("/api/v1/challenges/").json()["results"]]
    assert challenge.reference in references and hidden.reference not in references
    assert rest.get(f"/api/v1/challenges/{challenge.pk}/").status_code == 200
    assert rest.get(f"/api/v1/challenges/{hidden.pk}/").status_code == 404
    # The case scope itself is unchanged: commenting or moving the challenge stays the bureau's.
    assert not Challenge.objects.visible_to(cast.quartz_user).filter(pk=challenge.pk).exists()
