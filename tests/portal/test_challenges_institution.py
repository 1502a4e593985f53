"""揭榜挂帅 for a university's users: the published challenges (drafts a 404), applying as the lead unit
for their own institution with a partner enterprise and a file, their institution's applications and
states, and nothing else: another unit's application, cases outside, the API's case list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from chains.models import Bottleneck
from jinzhou.casework.models import Case
from jinzhou.org.selectors import actor_for, person_label
from projects import services
from projects.models import ChallengeApplication
from tests.api.conftest import _api_settings, key_for  # noqa: F401  (the API tests' fixtures)
from tests.portal.test_challenges import PDF, apply_data, draft, published, signed_in
from tests.projects.conftest import build_cast
from tests.world import case_in_state, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.LANGUAGE_CODE = "en"
    return build_cast()


@pytest.fixture
def rest(key_for):  # noqa: F811
    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_for(user)}")
        return client

    return make


@pytest.fixture
def lnut_user(cast):
    user = make_user("daxue", None, institution=cast.lnut)
    user.last_name, user.first_name = "马", "丽"
    user.save()
    return user


def test_an_institution_user_is_named_with_the_institution_and_acts_for_it(lnut_user, cast):
    assert person_label(lnut_user) == "马丽（辽宁工业大学）"
    actor = actor_for(lnut_user)
    assert actor.institution_id == cast.lnut.pk and actor.enterprise_id is None and not actor.roles


def test_an_institution_user_sees_published_challenges_and_not_drafts(client, cast, lnut_user):
    challenge = published(cast)
    hidden = draft(cast, "未发布的榜单")
    signed_in(client, lnut_user)
    listing = client.get(reverse("portal:challenges"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert challenge.reference in body and "未发布的榜单" not in body
    # The menu offers 揭榜挂帅; 我的待办 points there instead of showing an empty engine queue alone.
    todos = client.get(reverse("portal:todos"))
    assert todos.status_code == 200
    assert 'data-testid="challenges-hint"' in todos.content.decode()
    assert reverse("portal:challenges") in todos.content.decode()
    page = client.get(reverse("portal:challenge", args=[challenge.pk])).content.decode()
    assert "apply-link" in page
    assert client.get(reverse("portal:challenge", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("portal:challenge_apply", args=[hidden.pk])).status_code == 404


def test_an_institution_applies_as_lead_with_a_partner_enterprise_and_a_file(client, cast, lnut_user):
    challenge = published(cast)
    signed_in(client, lnut_user)
    form = client.get(reverse("portal:challenge_apply", args=[challenge.pk]))
    assert "辽宁工业大学" in form.content.decode()  # the lead unit, named
    # Its own institution leads, so it is not offered as a partner.
    assert cast.lnut.pk not in form.context["form"].fields["partner_institutions"].queryset.values_list("pk", flat=True)
    upload = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    data = {**apply_data(cast, partner_institutions=[cast.jzmu.pk]), "attachments": [upload]}
    response = client.post(reverse("portal:challenge_apply", args=[challenge.pk]), data)
    application = ChallengeApplication.objects.get(challenge=challenge)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:challenge_application", args=[application.pk])
    assert application.lead_institution == cast.lnut and application.lead_enterprise is None
    assert application.submitted_by == lnut_user
    assert set(application.partner_enterprises.all()) == {cast.quartz}
    assert set(application.partner_institutions.all()) == {cast.jzmu}
    assert [item.original_name for item in application.attachments.all()] == ["方案.pdf"]
    page = client.get(response["Location"]).content.decode()
    assert "方案.pdf" in page and "马丽（辽宁工业大学）" in page and "Submitted" in page
    # The list marks it as applied, the challenge page links to it, and a second one is refused.
    assert [row.applied for row in client.get(reverse("portal:challenges")).context["challenges"]] == [True]
    challenge_page = client.get(reverse("portal:challenge", args=[challenge.pk]))
    assert challenge_page.context["mine"] == application
    again = client.post(reverse("portal:challenge_apply", args=[challenge.pk]), apply_data(cast))
    assert "already leads an application" in again.content.decode()
    assert ChallengeApplication.objects.count() == 1
    services.check_eligibility(application, actor=cast.scistaff, eligible=True)
    mine = client.get(reverse("portal:challenge_applications"))
    assert [item.pk for item in mine.context["applications"]] == [application.pk]
    history = client.get(response["Location"]).context["history"]
    assert [row["status"] for row in history] == ["Submitted", "Eligible"]
    # A colleague at the same university follows it too; another institution's user does not.
    colleague = make_user("colleague", None, institution=cast.lnut)
    signed_in(client, colleague)
    assert client.get(response["Location"]).status_code == 200
    other = make_user("jzmu-user", None, institution=cast.jzmu)
    signed_in(client, other)
    assert client.get(reverse("portal:challenge_applications")).context["applications"][0] == application
    stranger = make_user("bohai", None, institution=_bohai())
    signed_in(client, stranger)
    assert client.get(response["Location"]).status_code == 404
    assert list(client.get(reverse("portal:challenge_applications")).context["applications"]) == []


def _bohai():
    from jinzhou.org.models import Institution

    return Institution.objects.create(name="渤海大学", kind="university")


def test_an_institution_user_applies_only_for_their_own_institution(cast, lnut_user):
    from jinzhou.casework.exceptions import ActionRefused

    challenge = published(cast)
    for other_lead in ({"lead_institution": cast.jzmu}, {"lead_enterprise": cast.shengong}):
        with pytest.raises(ActionRefused, match="own institution"):
            services.submit_application(
                challenge, actor=lnut_user, team="团队", plan="方案", budget_wan="10", **other_lead
            )
    assert not ChallengeApplication.objects.exists()


def test_an_institution_user_sees_no_other_application_and_no_case_outside(client, cast, lnut_user, rest):
    challenge = published(cast)
    signed_in(client, cast.shengong_user)
    client.post(reverse("portal:challenge_apply", args=[challenge.pk]), apply_data(cast, partner_institutions=[]))
    theirs = ChallengeApplication.objects.get(lead_enterprise=cast.shengong)
    bottleneck = case_in_state(Bottleneck, "handling", world=cast.world)
    signed_in(client, lnut_user)
    assert client.get(reverse("portal:challenge_application", args=[theirs.pk])).status_code == 404
    assert list(client.get(reverse("portal:challenge_applications")).context["applications"]) == []
    assert client.get(reverse("portal:case", args=[bottleneck.pk])).status_code == 404
    assert not Case.objects.visible_to(lnut_user).exists()
    rest = rest(lnut_user)
    assert rest.get("/api/v1/cases/").json()["results"] == []
    assert rest.get("/api/v1/challenge-applications/").json()["results"] == []
    assert rest.get(f"/api/v1/challenge-applications/{theirs.pk}/").status_code == 404
    # The published challenge itself is public to them in the API as in the portal.
    assert [row["reference"] for row in rest.get("/api/v1/challenges/").json()["results"]] == [challenge.reference]


def test_the_challenge_stays_visible_to_the_institution_once_applications_close(client, cast, lnut_user):
    from jinzhou.casework.services import transition

    challenge = published(cast)
    unrelated = published(cast, "另一个榜单")
    services.submit_application(challenge, actor=lnut_user, team="团队", plan="方案", budget_wan="10")
    for case in (challenge, unrelated):
        case.refresh_from_db()
        transition(case, "close_applications", actor=cast.scistaff)
    signed_in(client, lnut_user)
    assert client.get(reverse("portal:challenge", args=[challenge.pk])).status_code == 200
    assert client.get(reverse("portal:challenge", args=[unrelated.pk])).status_code == 404


def test_the_challenge_list_costs_the_same_queries_for_1_and_50_for_an_institution(
    client, cast, lnut_user, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published(cast)
    signed_in(client, lnut_user)
    url = reverse("portal:challenges")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(49):
        published(cast, f"榜单{index}")
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert len(response.context["challenges"]) == 20
