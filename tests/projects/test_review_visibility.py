"""Who sees the expert roster and the scores in the admin (issue 13, item 11): the office and the
science-and-technology bureau (科技局), and each expert their own sheets; never an enterprise that
applies to challenges, nor other departments."""

import pytest
from django.urls import reverse

from projects import services
from projects.models import Challenge, Expert, ScoreSheet
from tests.projects.test_review import apply, published, under_review

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{name}", args=args)


@pytest.fixture
def scored(cast):
    """A challenge under review: 神工's application scored by expert 1, 某石英's by expert 2."""
    challenge = published(cast)
    mine = apply(cast, challenge, cast.shengong_user)
    rival = apply(cast, challenge, cast.quartz_user)
    challenge = under_review(cast, challenge, mine, rival)
    one, two, _three = cast.experts
    for application, expert, value in ((mine, one, 90), (rival, two, 60)):
        sheet = services.assign_expert(application, expert, actor=cast.scistaff)
        services.submit_scores(sheet, actor=expert.user, scores=dict.fromkeys(cast.criteria, value))
    return challenge, ScoreSheet.objects.get(application=mine), ScoreSheet.objects.get(application=rival)


def admin_models(client) -> set[str]:
    response = client.get(reverse("admin:index"))
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


@pytest.mark.parametrize("who", ["shengong", "enterprise", "chainlead", "leader"])
def test_applicants_and_other_departments_never_see_experts_or_scores(client, cast, scored, who):
    _challenge, mine, rival = scored
    user = cast.users[who]
    client.force_login(user)
    expert = cast.experts[0]
    for page in (
        url(Expert, "changelist"),
        url(Expert, "change", expert.pk),
        url(ScoreSheet, "changelist"),
        url(ScoreSheet, "change", mine.pk),
        url(ScoreSheet, "change", rival.pk),
    ):
        assert client.get(page).status_code in (403, 404), page
    assert not {"Expert", "ScoreSheet", "Score"} & admin_models(client)


def test_an_applicant_does_not_see_the_ranked_scores_on_the_challenge_page(client, cast, scored):
    challenge, _mine, _rival = scored
    client.force_login(cast.shengong_user)
    page = client.get(url(Challenge, "change", challenge.pk))
    assert page.status_code == 200  # the challenge itself is theirs to follow
    html = page.content.decode()
    assert "Applications and ranking" not in html and "90.00" not in html and "60.00" not in html


@pytest.mark.parametrize("who", ["office", "scistaff"])
def test_the_office_and_the_science_bureau_see_the_roster_and_every_score(client, cast, scored, who):
    challenge, mine, rival = scored
    client.force_login(cast.users[who])
    assert client.get(url(Expert, "changelist")).status_code == 200
    listing = client.get(url(ScoreSheet, "changelist"))
    assert listing.status_code == 200 and set(listing.context["cl"].result_list) == {mine, rival}
    assert client.get(url(ScoreSheet, "change", rival.pk)).status_code == 200
    assert {"Expert", "ScoreSheet"} <= admin_models(client)
    assert "Applications and ranking" in client.get(url(Challenge, "change", challenge.pk)).content.decode()


def test_an_expert_sees_their_own_sheet_only_and_not_the_roster(client, cast, scored):
    _challenge, mine, rival = scored
    client.force_login(cast.experts[0].user)
    listing = client.get(url(ScoreSheet, "changelist"))
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [mine]
    assert client.get(url(ScoreSheet, "change", rival.pk)).status_code in (302, 404)
    assert client.get(url(Expert, "changelist")).status_code == 403
