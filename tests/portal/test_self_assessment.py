"""An alliance's self-assessment (自评) in the portal: the lead member's users fill it in per indicator,
save a draft and submit; a score over the highest is refused with nothing lost; another member of the
alliance does not see it (the case scope: 404), the bureau reads it; a refused submission on the case
page links to the form."""

import pytest
from django.urls import reverse

from alliances.models import AllianceMember
from jinzhou.org.choices import Role
from tests.alliances.support import build_alliance_world, evaluation_in_state
from tests.portal.conftest import fire, messages_of
from tests.world import make_user

pytestmark = pytest.mark.django_db

INDICATORS = ("innovation", "performance", "service", "operation", "benefit_sharing")


@pytest.fixture
def aw(db, settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = str(tmp_path)
    return build_alliance_world()


def empty_evaluation(aw):
    return evaluation_in_state(aw, "self_assessment", self_report="", self_scores={})


def form_data(evaluation, **fields):
    data = {"version": evaluation.version, "report": "联盟全年开展联合攻关 5 项。"}
    for index, code in enumerate(INDICATORS):
        data[f"score_{code}"] = str(80 + index)
        data[f"evidence_{code}"] = f"{code} 的佐证材料"
    data.update(fields)
    return data


def url(evaluation):
    return reverse("portal:self_assessment", args=[evaluation.pk])


def test_the_lead_member_saves_a_draft_then_submits(client, aw):
    evaluation = empty_evaluation(aw)
    client.force_login(aw.rhein)
    case_page = client.get(reverse("portal:case", args=[evaluation.pk]))
    assert url(evaluation) in case_page.content.decode()
    draft = form_data(evaluation, score_service="", report="", save="1")
    response = client.post(url(evaluation), draft, follow=True)
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment"
    assert evaluation.self_scores == {"innovation": "80.00", "performance": "81.00", "operation": "83.00",
                                      "benefit_sharing": "84.00"}  # fmt: skip
    assert evaluation.self_evidence["innovation"] == "innovation 的佐证材料"
    assert "Draft saved" in " ".join(messages_of(response))
    form = response.context["form"]
    assert form["evidence_performance"].value() == "performance 的佐证材料"
    response = client.post(url(evaluation), form_data(evaluation, submit="1"), follow=True)
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted" and evaluation.self_scores["service"] == "82.00"
    assert evaluation.self_report == "联盟全年开展联合攻关 5 项。"
    assert response.redirect_chain[-1][0] == reverse("portal:case", args=[evaluation.pk])
    # Submitted: the form is now read-only, even for the lead member.
    page = client.get(url(evaluation))
    assert not page.context["editable"] and "self-assessment-read-only" in page.content.decode()


def test_a_score_over_the_highest_is_refused_and_nothing_typed_is_lost(client, aw):
    evaluation = empty_evaluation(aw)
    client.force_login(aw.rhein)
    response = client.post(url(evaluation), form_data(evaluation, score_innovation="120", submit="1"))
    assert response.status_code == 200
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment" and evaluation.self_scores == {}
    form = response.context["form"]
    assert "score_innovation" in form.errors
    body = response.content.decode()
    assert 'value="120"' in body and "operation 的佐证材料" in body and "联盟全年开展联合攻关 5 项。" in body


def test_submitting_an_incomplete_self_assessment_is_refused_with_the_input_kept(client, aw):
    evaluation = empty_evaluation(aw)
    client.force_login(aw.rhein)
    response = client.post(url(evaluation), form_data(evaluation, score_operation="", submit="1"))
    assert response.status_code == 200
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment"
    assert "Operation and management has no score." in response.content.decode()
    assert "benefit_sharing 的佐证材料" in response.content.decode()


def test_another_member_does_not_see_it_and_the_bureau_only_reads_it(client, aw):
    evaluation = empty_evaluation(aw)
    AllianceMember.objects.create(alliance=evaluation.alliance, enterprise=aw.hanna)
    member = make_user("hanna", Role.CHAIN_OWNER, enterprise=aw.hanna)
    client.force_login(member)
    assert client.get(url(evaluation)).status_code == 404
    assert client.post(url(evaluation), form_data(evaluation, submit="1")).status_code == 404
    client.force_login(aw.bureau)
    page = client.get(url(evaluation))
    assert page.status_code == 200 and not page.context["editable"]
    assert client.post(url(evaluation), form_data(evaluation, submit="1")).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment" and evaluation.self_scores == {}


def test_a_refused_submission_on_the_case_page_links_to_the_form(client, aw):
    evaluation = empty_evaluation(aw)
    client.force_login(aw.rhein)
    response = fire(client, evaluation, "submit")
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment"
    body = response.content.decode()
    assert f'href="{url(evaluation)}" data-testid="self-assessment-link"' in body
