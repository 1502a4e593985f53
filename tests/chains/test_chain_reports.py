"""The chains' operation reports (产业链运行监测): opened once per chain and period by the schedule,
due in working days after the period, reminded by the sweep, filled in with typed figures, reviewed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from chains.models import Bottleneck, ChainReport, ChainReportSetting
from chains.services import open_period_reports, save_figures
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound
from jinzhou.casework.services import transition
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification
from tests.world import build_world, case_in_state


@pytest.fixture
def world(db):
    return build_world()


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def the_report(world, **filters) -> ChainReport:
    return ChainReport.objects.get(reporting_chain=world.titanium, **filters)


def filled(report, world, **overrides) -> ChainReport:
    figures = {
        "output_value": "35.60",
        "above_scale_enterprises": 16,
        "investment_in_progress": "12.50",
        "bottlenecks_solved": 2,
        "narrative": "氯化法钛白粉满负荷生产，二期扩建按计划推进。",
        "capacities": [
            {
                "enterprise": world.citic.pk,
                "product": "氯化法钛白粉",
                "current_capacity": "6",
                "planned_capacity": "12",
                "unit": "wan_t_year",
            }
        ],
    }
    figures.update(overrides)
    return save_figures(report, actor=world.chainlead, **figures)


def test_each_chain_gets_one_report_for_the_month_just_ended_and_a_second_run_opens_nothing(world):
    opened = open_period_reports(today=dt.date(2026, 11, 3))
    assert sorted(r.reporting_chain.code for r in opened) == ["MT-01", "NE-01"]
    report = the_report(world)
    assert (report.period_start, report.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert report.responsible_department == world.miit
    assert report.status == "pending"
    assert "2026年10月" in report.title
    assert open_period_reports(today=dt.date(2026, 11, 20)) == []
    assert ChainReport.objects.count() == 2
    # The next month is its own period.
    assert len(open_period_reports(today=dt.date(2026, 12, 1))) == 2
    assert ChainReport.objects.filter(reporting_chain=world.titanium).count() == 2


def test_a_quarterly_chain_reports_the_quarter_once_it_has_ended(world):
    ChainReportSetting.objects.create(chain=world.titanium, cadence="quarterly", deadline_working_days=10)
    ChainReportSetting.objects.create(chain=world.wind, enabled=False)
    opened = open_period_reports(today=dt.date(2026, 10, 15))
    assert [(r.period_start, r.period_end, r.cadence) for r in opened] == [
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quarterly")
    ]
    assert "2026年第3季度" in opened[0].title
    assert open_period_reports(today=dt.date(2026, 12, 31)) == []  # still the third quarter's


def test_the_deadline_counts_working_days_after_the_period_by_the_calendar(world):
    # September 2026 ends on a Wednesday; 1–7 October are the National Day holidays and Saturday
    # 10 October is a working day: the fifth working day after 30 September is Tuesday 13 October.
    open_period_reports(today=dt.date(2026, 10, 9))
    report = the_report(world)
    assert local_day(report.due_at) == dt.date(2026, 10, 13)
    assert report.original_due_at == report.due_at


def test_the_command_opens_the_period_and_refuses_a_bad_date(world, capsys):
    call_command("open_chain_reports", "--today", "2026-11-02")
    assert "2 reports opened" in capsys.readouterr().out
    call_command("open_chain_reports", "--today", "2026-11-02")
    assert "0 reports opened" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("open_chain_reports", "--today", "2026-13-02")


def test_the_periodic_task_is_scheduled_in_beat(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="chains.open_chain_reports")
    assert task.enabled and task.crontab.hour == "8"


def test_bottlenecks_solved_is_prefilled_from_the_chains_bottlenecks_closed_in_the_period(world):
    def closed_on(day):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(15)))
        return case_in_state(Bottleneck, "closed", world=world, closed_at=moment)

    closed_on(dt.date(2026, 10, 1))
    closed_on(dt.date(2026, 10, 31))
    closed_on(dt.date(2026, 11, 1))  # next month
    case_in_state(Bottleneck, "closed", world=world, chain=world.wind, closed_at=timezone.now())
    open_period_reports(today=dt.date(2026, 11, 3))
    assert the_report(world).bottlenecks_solved == 2


def test_the_sweep_reminds_the_chain_leader_of_an_unfiled_report_not_of_a_filed_one(world):
    open_period_reports()  # the month just ended, due in the coming working days
    titanium = the_report(world)
    wind = ChainReport.objects.get(reporting_chain=world.wind)
    filled(titanium, world)
    transition(the_report(world), "submit", actor=world.chainlead)
    titanium = the_report(world)
    assert titanium.next_reminder_at is None  # filed: nothing runs against it
    sweep_reminders(now=wind.next_reminder_at + dt.timedelta(minutes=1))
    reminders = Notification.objects.exclude(step__startswith="event:")  # not the handoff notices
    assert set(reminders.filter(case=wind).values_list("recipient__username", flat=True)) == {"otherlead"}
    assert not reminders.filter(case=titanium).exists()
    # The chain leader was told when the report opened (the handoff of its creation).
    assert Notification.objects.filter(case=titanium, recipient=world.chainlead, step__startswith="event:").exists()


def test_bad_figures_are_refused_with_a_message_each_and_nothing_is_written(world):
    open_period_reports(today=dt.date(2026, 11, 3))
    report = the_report(world)
    with pytest.raises(ValidationError) as refused:
        filled(
            report,
            world,
            output_value="-3",
            above_scale_enterprises="很多",
            investment_in_progress="1.234",
            capacities=[{"enterprise": world.citic.pk, "product": "钛白粉", "current_capacity": "6", "unit": ""}],
        )
    problems = refused.value.message_dict
    assert problems["output_value"] == ["产值不能为负数。"]
    assert problems["above_scale_enterprises"] == ["规上企业户数：请输入整数。"]
    assert "小数" in problems["investment_in_progress"][0]
    assert problems["capacities"] == ["第1行：请选择产能的计量单位（万吨/年、吨/年……）。"]
    report.refresh_from_db()
    assert report.output_value is None and report.capacities.count() == 0


def test_submitting_needs_every_figure_and_only_the_chain_leader_fills_in(world):
    open_period_reports(today=dt.date(2026, 11, 3))
    report = the_report(world)
    with pytest.raises(CaseNotFound):  # another chain's leader does not see it at all
        save_figures(report, actor=world.otherlead, output_value="1")
    with pytest.raises(ActionRefused):  # the task-force leader sees it but does not fill it in
        save_figures(report, actor=world.taskforce, output_value="1")
    # A save is the whole form: what is left blank is blank (here also the prefilled count).
    save_figures(report, actor=world.chainlead, output_value="35.6")
    with pytest.raises(ValidationError) as refused:
        transition(the_report(world), "submit", actor=world.chainlead)
    assert set(refused.value.message_dict) == {
        "above_scale_enterprises",
        "bottlenecks_solved",
        "investment_in_progress",
        "narrative",
    }
    assert the_report(world).status == "pending"


def test_the_office_reviews_returns_and_approves(world):
    open_period_reports(today=dt.date(2026, 11, 3))
    filled(the_report(world), world)
    transition(the_report(world), "submit", actor=world.chainlead)
    with pytest.raises(ActionRefused):
        transition(the_report(world), "approve", actor=world.chainlead)
    transition(the_report(world), "return", actor=world.office, note="产值口径与统计局不一致，请核实。")
    report = the_report(world)
    assert report.status == "returned"
    filled(report, world, output_value="35.20")
    transition(the_report(world), "submit", actor=world.chainlead)
    transition(the_report(world), "approve", actor=world.office)
    report = the_report(world)
    assert report.status == "approved" and report.closed_at is not None
    assert report.output_value == Decimal("35.20")
    row = report.capacities.get()
    assert (row.current_capacity, row.planned_capacity, row.get_unit_display()) == (
        Decimal("6.00"),
        Decimal("12.00"),
        "万吨/年",
    )
    with pytest.raises(Exception):  # noqa: B017 - reviewed: the figures are closed
        filled(report, world)


def test_the_office_reviews_in_the_admin_with_the_figures_on_the_page(client, world):
    from django.urls import reverse

    open_period_reports(today=dt.date(2026, 11, 3))
    filled(the_report(world), world)
    report = transition(the_report(world), "submit", actor=world.chainlead)
    client.force_login(world.office)
    page = client.get(reverse("admin:chains_chainreport_change", args=[report.pk])).content.decode()
    assert "35.60" in page and "氯化法钛白粉" in page and "万吨/年" in page
    approve = reverse("admin:chains_chainreport_transition", args=[report.pk, "approve"])
    assert approve in page
    response = client.post(approve, {"t-approve-version": report.version})
    assert response.status_code == 302
    assert the_report(world).status == "approved"
    listing = client.get(reverse("admin:chains_chainreport_changelist")).content.decode()
    assert "2026年10月" in listing
