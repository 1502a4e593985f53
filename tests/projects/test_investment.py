"""Investment attraction: no double counting of a new signing, upgrades marked, who records and sees
activities, and the report's split by who led."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jinzhou.casework.exceptions import ActionRefused, CaseNotFound
from jinzhou.casework.services import get_case_for
from projects import services
from projects.choices import LeaderLevel
from projects.models import InvestmentActivity, InvestmentProject
from projects.selectors import activity_report
from tests.world import make_user

pytestmark = pytest.mark.django_db


def wind_project(cast, **fields):
    defaults = {"title": "国电投40万千瓦风电项目", "enterprise": cast.other_enterprise, "amount_yi": 23}
    return services.create_investment_project(actor=cast.otherlead, chain=cast.wind, **{**defaults, **fields})


def test_the_same_new_project_is_counted_once_and_an_upgrade_is_marked(cast):
    first = wind_project(cast)
    assert first.reference.startswith("ZS-") and first.status == "pitched" and first.pitched_on is not None
    with pytest.raises(ValidationError) as caught:
        wind_project(cast, title=" 国电投40万千瓦风电项目 ")
    message = caught.value.message_dict["title"][0]
    assert first.reference in message and "count the same signing twice" in message
    upgrade = wind_project(cast, project_type="capacity_upgrade")
    assert upgrade.get_project_type_display() == "Capacity upgrade"
    # The database holds the rule too, for writes that do not pass the service.
    twin = InvestmentProject(
        kind="investment", reference="ZS-TEST-1", title="国电投40万千瓦风电项目", enterprise=cast.other_enterprise
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_only_commerce_the_responsible_department_or_the_office_enter_projects(cast):
    with pytest.raises(ActionRefused, match="commerce bureau"):
        services.create_investment_project(
            actor=cast.chainlead, title="另一个项目", enterprise=None, department=cast.mofcom
        )
    project = wind_project(cast)
    assert get_case_for(cast.otherlead, project.pk).pk == project.pk
    with pytest.raises(CaseNotFound):  # 工信局 neither leads the wind chain nor handles the project
        get_case_for(cast.chainlead, project.pk)


def test_activities_report_split_by_leader_and_scoped(cast):
    commerce, miit = cast.otherlead, cast.chainlead
    day = dt.date(2021, 5, 10)
    a = services.record_activity(
        actor=commerce, date=day, title="副市长带队赴江苏招商", activity_kind="outbound_visit",
        leader_level=LeaderLevel.VICE_MAYOR, leader_name="某副市长", destination_province="江苏",
        enterprises=[cast.citic, cast.shengong],
    )  # fmt: skip
    services.record_activity(
        actor=miit, date=day, title="工信局接待来访企业", activity_kind="reception",
        leader_level=LeaderLevel.DEPARTMENT, enterprises=[cast.citic, cast.quartz],
    )  # fmt: skip
    report = activity_report(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    # 中信钛业 was met twice, counted once (家).
    assert (report.batches, report.enterprises) == (2, 3)
    assert (report.vice_mayor.batches, report.vice_mayor.enterprises) == (1, 2)
    assert report.leader(LeaderLevel.DEPARTMENT).enterprises == 2
    assert a.department == cast.mofcom
    # 商务局 compiles the city's figures; 工信局 sees its own; an enterprise sees none.
    assert InvestmentActivity.objects.restrict(commerce, "view").count() == 2
    assert list(InvestmentActivity.objects.restrict(miit, "view").values_list("title", flat=True)) == [
        "工信局接待来访企业"
    ]
    assert activity_report(dt.date(2021, 1, 1), dt.date(2021, 12, 31), user=miit).batches == 1
    assert not InvestmentActivity.objects.restrict(cast.enterprise, "view").exists()
    with pytest.raises(ActionRefused):
        services.record_activity(
            actor=cast.enterprise, date=day, title="x", activity_kind="reception", leader_level="other"
        )
    with pytest.raises(ValidationError):
        services.record_activity(
            actor=commerce, date=dt.date.today() + dt.timedelta(days=3), title="未来", activity_kind="reception",
            leader_level="other",
        )  # fmt: skip


def test_a_lead_becomes_a_project(cast):
    lead = services.record_lead(actor=cast.otherlead, title="某风电整机项目线索", enterprise=cast.other_enterprise,
                                chain=cast.wind)  # fmt: skip
    assert lead.department == cast.mofcom and lead.industry == cast.wind.industry
    project = wind_project(cast, lead=lead)
    lead.refresh_from_db()
    assert (lead.status, lead.project_id) == ("converted", project.pk)


def test_award_applications_go_to_the_right_department(cast):
    topic = services.submit_award_application(
        actor=cast.ipstaff, title="专利导航研究", category="ip_topic", year=2022, applicant_institution=cast.jzmu
    )
    assert topic.reference.startswith("SB-") and topic.responsible_department == cast.samr
    award = services.submit_award_application(
        actor=cast.enterprise, title="氯化法钛白粉关键技术", category="progress", year=2022
    )
    assert award.applicant_enterprise == cast.citic and award.responsible_department == cast.most
    with pytest.raises(ActionRefused):
        services.submit_award_application(
            actor=cast.enterprise, title="x", category="progress", year=2022, applicant_institution=cast.jzmu
        )
    with pytest.raises(CaseNotFound):
        get_case_for(cast.outsider, award.pk)
    outsider_staff = make_user("someone", None)
    with pytest.raises(CaseNotFound):
        get_case_for(outsider_staff, topic.pk)
