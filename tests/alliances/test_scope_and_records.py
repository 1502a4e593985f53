"""Who sees and keeps an alliance: the bureau and the office handle every one, a lead member's users
their own (and nothing else: 404), nobody else in the org chart even sees them; the record, members,
contract and joint projects change only through the services, each leaving a timeline line."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alliances.models import Alliance, AllianceEvaluation, IndicatorWeights
from alliances.selectors import alliances_for
from alliances.services import (
    add_joint_project,
    add_member,
    attach_contract,
    open_evaluation,
    record_self_assessment,
    register_alliance,
    update_alliance,
)
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed
from jinzhou.casework.services import get_case_for, transition
from tests.alliances.support import SCORES, alliance_in_state, evaluation_in_state
from tests.casework.admin_support import admin_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def two_alliances(aw):
    rhein = alliance_in_state(aw, "typical")
    # The chain served is the titanium chain, led by 工信局 (chainlead) in taskforce's industry: neither
    # may see the alliance for it, since alliances are the science-and-technology bureau's business.
    shengong = alliance_in_state(aw, "provincial", lead=aw.shengong_enterprise, title="辽宁神工集成电路材料产学研联盟")
    Alliance.objects.filter(pk=shengong.pk).update(industry_chain=aw.titanium)
    return rhein, shengong


@pytest.mark.django_db
def test_each_sees_exactly_their_alliances(aw, two_alliances):
    rhein, shengong = two_alliances
    seen = {name: set(alliances_for(user).values_list("pk", flat=True)) for name, user in aw.users.items()}
    both = {rhein.pk, shengong.pk}
    assert seen == {
        "office": both,
        "leader": both,
        "bureau": both,
        "rhein": {rhein.pk},
        "shengong": {shengong.pk},
        "chainlead": set(),
        "otherlead": set(),
        "taskforce": set(),
        "enterprise": set(),
        "outsider": set(),
    }


@pytest.mark.django_db
def test_a_lead_member_cannot_see_another_alliance(client, aw, two_alliances):
    rhein, shengong = two_alliances
    other_evaluation = evaluation_in_state(aw, "self_assessment", alliance=shengong)
    with pytest.raises(CaseNotFound):
        get_case_for(aw.rhein, shengong.pk, model=Alliance)
    with pytest.raises(CaseNotFound):
        update_alliance(shengong, actor=aw.rhein, market_goals="…")
    with pytest.raises(CaseNotFound):
        record_self_assessment(other_evaluation, actor=aw.rhein, report="…", scores=SCORES)
    client.force_login(aw.rhein)
    assert client.get(admin_url(Alliance, "change", rhein.pk)).status_code == 200
    assert client.get(admin_url(Alliance, "change", shengong.pk)).status_code in (302, 404)
    assert client.get(admin_url(Alliance, "change", shengong.pk), follow=True).redirect_chain[-1][0] == "/admin/"
    assert client.get(admin_url(AllianceEvaluation, "change", other_evaluation.pk), follow=True).redirect_chain
    for url in (
        admin_url(Alliance, "panel", shengong.pk, "member"),
        admin_url(Alliance, "transition", shengong.pk, "dissolve"),
        admin_url(Alliance, "contract", shengong.pk),
    ):
        assert client.post(url, {}).status_code == 404
    listed = client.get(admin_url(Alliance, "changelist")).content.decode()
    assert rhein.title in listed and shengong.title not in listed


@pytest.mark.django_db
def test_the_lead_member_keeps_its_record_but_not_its_leadership(aw, two_alliances):
    rhein, _shengong = two_alliances
    updated = update_alliance(rhein, actor=aw.rhein, market_goals="新能源汽车三合一电驱动系统国内市场占有率进入前五")
    assert updated.version == rhein.version + 1
    assert updated.events.filter(summary__contains="market_goals").exists()
    with pytest.raises(ValidationError) as caught:
        update_alliance(updated, actor=aw.rhein, lead_enterprise=aw.hanna)
    assert "lead_enterprise" in caught.value.message_dict
    # The city may hand the lead over; the old lead member's users lose sight of the alliance.
    update_alliance(updated, actor=aw.bureau, lead_enterprise=aw.hanna)
    assert not alliances_for(aw.rhein).filter(pk=rhein.pk).exists()


@pytest.mark.django_db
def test_a_lead_member_applies_only_for_its_own_alliance(aw):
    with pytest.raises(ValidationError) as caught:
        register_alliance(actor=aw.rhein, title="测试联盟", lead_enterprise=aw.shengong_enterprise.pk)
    assert "lead_enterprise" in caught.value.message_dict
    alliance = register_alliance(actor=aw.rhein, title="测试联盟")
    assert (alliance.lead_enterprise_id, alliance.status) == (aw.rhein_enterprise.pk, "draft")
    with pytest.raises(ActionRefused):
        register_alliance(actor=aw.chainlead, title="测试联盟二", lead_enterprise=aw.hanna)
    submitted = register_alliance(actor=aw.rhein, title="测试联盟三", submit=True)
    assert (submitted.status, submitted.applied_on) == ("applied", timezone.localdate())


@pytest.mark.django_db
def test_members_and_projects_are_recorded_with_their_rules(aw, two_alliances):
    rhein, _shengong = two_alliances
    add_member(rhein, actor=aw.rhein, enterprise=aw.hanna)
    with pytest.raises(ValidationError):
        add_member(rhein, actor=aw.rhein, enterprise=aw.hanna)  # already a current member
    with pytest.raises(ValidationError):
        add_member(rhein, actor=aw.rhein, enterprise=aw.rhein_enterprise)  # the lead member leads
    with pytest.raises(CaseNotFound):
        add_member(rhein, actor=aw.chainlead, institution=aw.liaoning_tech)
    project = add_joint_project(
        rhein, actor=aw.bureau, title="高集成化三合一动力总成系统", programme="辽宁省科技重大专项"
    )
    assert project.alliance_id == rhein.pk
    assert rhein.events.filter(summary__contains="高集成化三合一动力总成系统").exists()


@pytest.mark.django_db
def test_the_contract_is_checked_by_content(aw, two_alliances, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rhein, _shengong = two_alliances
    fake = SimpleUploadedFile("../../合作协议.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        attach_contract(rhein, actor=aw.rhein, upload=fake)
    assert "PDF" in caught.value.message_dict["file"][0]
    saved = attach_contract(
        rhein, actor=aw.rhein, upload=SimpleUploadedFile("../../合作协议.pdf", PDF, content_type="application/pdf")
    )
    assert saved.contract_document_name == "合作协议.pdf"
    assert ".." not in saved.contract_document.name and "合作协议" not in saved.contract_document.name


@pytest.mark.django_db
def test_evaluations_are_opened_by_the_city_for_approved_alliances(aw, two_alliances):
    rhein, _shengong = two_alliances
    with pytest.raises(ActionRefused):
        open_evaluation(rhein, actor=aw.rhein, year=2025, due_in_working_days=10)
    draft = register_alliance(actor=aw.bureau, title="尚未获批的联盟", lead_enterprise=aw.hanna)
    with pytest.raises(TransitionNotAllowed, match="only approved alliances are evaluated"):
        open_evaluation(draft, actor=aw.bureau, year=2025, due_in_working_days=10)
    assert not AllianceEvaluation.objects.filter(alliance=draft).exists()
    evaluation = open_evaluation(rhein, actor=aw.bureau, year=2025, due_in_working_days=10)
    with pytest.raises(ValidationError) as caught:
        open_evaluation(rhein, actor=aw.office, year=2025, due_in_working_days=10)
    assert "year" in caught.value.message_dict
    # Submitting without a self-assessment says what is missing; nothing changes.
    with pytest.raises(ValidationError) as caught:
        transition(evaluation, "submit", actor=aw.rhein)
    assert "self_report" in caught.value.message_dict
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment"


@pytest.mark.django_db
def test_a_returned_self_assessment_gets_a_new_deadline(aw):
    case = evaluation_in_state(aw, "submitted")
    assert case.due_at is None  # nothing runs against the lead member while the city reviews
    case = transition(case, "return", actor=aw.bureau, note="请补充联合攻关合同", due_in_working_days=5)
    assert (case.status, case.due_at is not None) == ("returned", True)
    case = transition(case, "submit", actor=aw.rhein)
    assert (case.status, case.due_at, case.submitted_on_time) == ("submitted", None, True)


@pytest.mark.django_db
def test_weights_are_edited_in_the_admin_and_refused_unless_they_add_up(client, aw):
    client.force_login(aw.bureau)
    weights = IndicatorWeights.objects.get(valid_from=2020)
    data = {"valid_from": 2020, "innovation": 30, "performance": 30, "service": 20, "operation": 10}
    response = client.post(admin_url(IndicatorWeights, "change", weights.pk), {**data, "benefit_sharing": 5})
    assert response.status_code == 200 and "95" in response.content.decode()
    response = client.post(admin_url(IndicatorWeights, "change", weights.pk), {**data, "benefit_sharing": 10})
    assert response.status_code == 302
    weights.refresh_from_db()
    assert weights.innovation == 30
    client.force_login(aw.rhein)
    assert (
        client.post(admin_url(IndicatorWeights, "change", weights.pk), {**data, "benefit_sharing": 10}).status_code
        == 403
    )
