"""The projects' seed: the article's 2021 investment figures come out of the report exactly, the named
projects and applications are there in their recorded states, and a second run changes nothing."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jinzhou.org.models import Enterprise
from projects.models import AwardApplication, InvestmentActivity, InvestmentProject, Programme
from projects.selectors import activity_report, project_report
from seeds.projects import PROJECTS_FILE

pytestmark = pytest.mark.django_db

YEAR_2021 = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_jinzhou", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


def test_the_2021_report_shows_the_articles_figures(seeded):
    report = activity_report(*YEAR_2021)
    assert (report.batches, report.enterprises) == (436, 651)
    assert (report.vice_mayor.batches, report.vice_mayor.enterprises) == (149, 260)
    # No day of 2021 is on record: the year's batches are all in "month unknown", none in a month.
    assert [(row.key, row.batches, row.enterprises) for row in report.by_month] == [("unknown", 436, 651)]
    # The named events are real rows, not samples, and count in the totals; their dates are inferred.
    event = InvestmentActivity.objects.get(title="辽苏合作(锦州)产业园推介会")
    assert not event.is_sample and event.date_provenance == "inferred"
    # 会见新苏环保产业集团多家企业: the group's several enterprises (unnamed: samples), not the group as one.
    met = set(event.enterprises.values_list("name", "provenance"))
    assert met == {("新苏环保产业集团成员企业（示例一）", "sample"), ("新苏环保产业集团成员企业（示例二）", "sample")}
    group = Enterprise.objects.get(name="新苏环保产业集团")
    assert "多家企业" in group.description and group.provenance == "real"
    assert InvestmentActivity.objects.filter(date__year=2021, is_sample=False).count() == 2
    assert Enterprise.objects.filter(name__startswith="示例对接企业2021-", provenance="sample").count() == 649


def test_named_projects_and_the_project_report(seeded):
    projects = {p.title: p for p in InvestmentProject.objects.all()}
    wind = projects["国电投40万千瓦风电项目"]
    assert (wind.status, wind.amount_yi, wind.enterprise.name, wind.is_sample) == ("started", 23, "国电投", False)
    assert projects["龙宇新材料项目"].status == "completed"
    assert projects["神工半导体级硅制品及石英加工部件生产线项目(神工5期)"].status == "started"
    cloud = projects["华为辽宁大区(锦州)云计算中心项目"]
    assert (cloud.status, cloud.is_open) == ("producing", False)
    # Numbered in the year of their own record, not the year of the import.
    assert wind.reference.startswith("ZS-2021-")
    # 神工5期 is a new production line, not a capacity upgrade.
    assert projects["神工半导体级硅制品及石英加工部件生产线项目(神工5期)"].project_type == "new"
    # The article gives no stage date: the seeded ones are samples, marked, and counted in no period;
    # 国电投's 23 亿元 is not "signed in 2021".
    assert {p.dates_provenance for p in projects.values()} == {"sample"}
    by_chain = project_report(*YEAR_2021, by="chain")
    assert list(by_chain) == [] and by_chain.left_out == 4


def test_awards_and_ip_topics(seeded):
    won = AwardApplication.objects.filter(status="won")
    assert won.count() == 10
    counts = {(c, p): won.filter(category=c, prize=p).count() for c, p in set(won.values_list("category", "prize"))}
    assert counts == {
        ("progress", "second"): 2,
        ("progress", "third"): 5,
        ("invention", "third"): 1,
        ("natural_science", "second"): 1,
        ("natural_science", "third"): 1,
    }
    topics = AwardApplication.objects.filter(category="ip_topic")
    # Recommended to the province and closed on the day: the city's part is done, nothing is left open.
    assert topics.count() == 5 and set(topics.values_list("status", "is_open")) == {("recommended_closed", False)}
    assert {timezone.localtime(closed).date() for closed in topics.values_list("closed_at", flat=True)} == {
        dt.date(2022, 3, 25)
    }
    assert all(topic.reference.startswith("SB-2022-") for topic in topics)
    assert set(topics.values_list("applicant_institution__name", flat=True)) == {
        "锦州医科大学",
        "辽宁工业大学",
        "锦州市科学技术研究院",
    }
    assert set(topics.values_list("responsible_department__code", flat=True)) == {"samr"}
    assert Programme.objects.get(name="春芽计划 2022").criteria.count() == 4


def test_a_second_run_changes_nothing(seeded):
    counts = (InvestmentActivity.objects.count(), Enterprise.objects.count(), InvestmentProject.objects.count())
    links = InvestmentActivity.enterprises.through.objects.count()
    output = seed()
    assert "0 created, 0 updated" in output and "0 links added" in output
    assert (InvestmentActivity.objects.count(), Enterprise.objects.count(), InvestmentProject.objects.count()) == counts
    assert InvestmentActivity.enterprises.through.objects.count() == links


def test_a_bad_projects_file_fails_clearly_and_writes_nothing(db, tmp_path, monkeypatch):
    data = json.loads(PROJECTS_FILE.read_text(encoding="utf-8"))
    data["investment_projects"][0]["chain"] = "NO-99"
    data["activity_totals"][0]["vice_mayor_enterprises"] = 100  # fewer enterprises than batches
    path = tmp_path / "projects.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr("seeds.projects.PROJECTS_FILE", path)
    monkeypatch.setattr("seeds.projects.read_projects_file.__defaults__", (path,))
    with pytest.raises(CommandError) as caught:
        seed()
    message = str(caught.value)
    assert "projects.investment_projects[0] (国电投40万千瓦风电项目): unknown chain “NO-99”" in message
    assert "projects.activity_totals[0] (2021): the named activities (vice_mayor) do not fit the totals" in message
    assert not InvestmentActivity.objects.exists() and not Enterprise.objects.exists()
