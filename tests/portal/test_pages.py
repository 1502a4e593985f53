"""The other portal pages: reporting a bottleneck, the dashboard, the chain map, the inbox."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chains.models import Bottleneck, ChainTask
from jinzhou.casework.services import transition
from jinzhou.notifications.models import Notification
from jinzhou.notifications.services import notify
from jinzhou.org.models import ChainNode, UserProfile
from tests.portal.conftest import messages_of
from tests.world import case_in_state

REPORT = reverse("portal:report")
DASHBOARD = reverse("portal:dashboard")


# --- reporting a bottleneck --------------------------------------------------------------------------
def test_an_enterprise_reports_a_bottleneck_and_it_is_submitted(client, world):
    client.force_login(world.enterprise)
    assert REPORT in client.get(reverse("portal:todos")).content.decode()

    response = client.post(
        REPORT,
        {
            "title": "进口氯气运输受限",
            "chain": world.titanium.pk,
            "bottleneck_kind": "break",
            "description": "港口限行",
        },
        follow=True,
    )

    case = Bottleneck.objects.get(title="进口氯气运输受限")
    assert case.status == "submitted"
    assert case.reporter == world.enterprise and case.reporter_enterprise == world.citic
    assert case.bottleneck_kind == "break" and case.chain == world.titanium
    assert response.redirect_chain[-1][0] == reverse("portal:case", args=[case.pk])


def test_the_report_form_refuses_a_missing_title_and_keeps_the_rest(client, world):
    client.force_login(world.enterprise)

    response = client.post(
        REPORT, {"title": "", "chain": world.titanium.pk, "bottleneck_kind": "break", "description": "港口限行"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert "港口限行" in response.content.decode()
    assert not Bottleneck.objects.exists()


def test_a_user_without_a_role_is_refused_by_the_service(client, world):
    nobody = User.objects.create_user("nobody")
    UserProfile.objects.create(user=nobody)
    client.force_login(nobody)

    response = client.post(REPORT, {"title": "试试", "chain": world.titanium.pk, "bottleneck_kind": "blockage"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Bottleneck.objects.exists()


# --- the dashboard -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["chainlead", "otherlead", "enterprise", "outsider"])
def test_the_dashboard_does_not_exist_for_others(client, world, name):
    client.force_login(world.users[name])
    assert client.get(DASHBOARD).status_code == 404


@pytest.mark.parametrize("name", ["office", "leader", "taskforce"])
def test_the_dashboard_is_for_the_leaders_and_the_office(client, world, name):
    case_in_state(Bottleneck, "handling", world=world, due_in_days=-2)
    client.force_login(world.users[name])
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["board"].light_totals["red"] == 1
    assert "<svg" in response.content.decode()


def test_the_dashboard_counts_and_rankings_follow_the_cases(client, world, settings):
    settings.RANKING_MIN_CASES = 1  # a handful of cases: rank every department that has one
    late = case_in_state(Bottleneck, "resolution_submitted", world=world, due_in_days=-2)
    case_in_state(ChainTask, "in_progress", world=world, chain=world.wind, due_in_days=30)
    client.force_login(world.office)

    before = client.get(DASHBOARD).context
    assert before["board"].overdue_total == 1
    # Overdue while waiting for the office's decision: counted against the office (docs/metrics.md).
    assert [row.department for row in before["overdue_ranking"]] == ["商务局", "领导小组办公室"]
    assert before["board"].total_rates.overdue_rate == 50

    transition(late, "close", actor=world.office)
    after = client.get(DASHBOARD).context
    assert after["board"].overdue_total == 0
    assert after["board"].light_totals["grey"] == 1
    # Closed after its original deadline: 0% on time for 工信局.
    assert [(row.department, row.on_time_rate) for row in after["on_time_ranking"]] == [("工信局", 0)]
    industries = {bar.label: bar.values for bar in after["industry_bars"]}
    assert industries["金属材料"]["grey"] == 1 and industries["新能源"]["green"] == 1


def test_the_task_force_leader_sees_only_their_industry(client, world):
    case_in_state(Bottleneck, "handling", world=world, due_in_days=-2)
    case_in_state(Bottleneck, "handling", world=world, chain=world.wind, due_in_days=-2)
    client.force_login(world.taskforce)

    board = client.get(DASHBOARD).context["board"]

    assert board.overdue_total == 1
    assert [row["name"] for row in board.by_chain] == ["钛白粉"]


# --- the chain map -----------------------------------------------------------------------------------
def test_the_chain_map_shows_nodes_enterprises_missing_links_and_visible_cases(client, world):
    ore = ChainNode.objects.create(chain=world.titanium, segment="upstream", name="钛精矿", order=1)
    ore.enterprises.add(world.citic)
    ChainNode.objects.create(chain=world.titanium, segment="downstream", name="钛白粉涂料", is_missing_link=True)
    red = case_in_state(Bottleneck, "handling", world=world, title="原料断供", due_in_days=-1)
    client.force_login(world.chainlead)

    index = client.get(reverse("portal:chains")).content.decode()
    assert "钛白粉" in index and "风电装备" in index

    response = client.get(reverse("portal:chain", args=[world.titanium.pk]))
    html = response.content.decode()
    assert "钛精矿" in html and "中信钛业" in html
    assert [node.name for node in response.context["missing_links"]] == ["钛白粉涂料"]
    assert response.context["totals"]["red"] == 1
    assert [case.reference for case in response.context["cases"]] == [red.reference]

    client.force_login(world.otherlead)
    other = client.get(reverse("portal:chain", args=[world.titanium.pk]))
    assert other.status_code == 200
    assert list(other.context["cases"]) == []
    assert "原料断供" not in other.content.decode()


def test_the_chain_page_costs_the_same_queries_for_1_or_10_cases_and_nodes(client, world):
    client.force_login(world.chainlead)
    url = reverse("portal:chain", args=[world.titanium.pk])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    def add(index: int) -> None:
        node = ChainNode.objects.create(chain=world.titanium, segment="midstream", name=f"环节{index}")
        node.enterprises.add(world.citic)
        case_in_state(Bottleneck, "handling", world=world, due_in_days=index)

    add(0)
    one = count()
    for index in range(1, 10):
        add(index)
    assert count() == one


# --- the inbox ---------------------------------------------------------------------------------------
def test_the_inbox_lists_own_notifications_and_the_header_counts_unread(client, world):
    case = case_in_state(Bottleneck, "handling", world=world)
    first = notify([world.chainlead], case=case, step="test:1", title="提醒1", body="请办理")
    notify([world.chainlead], case=case, step="test:2", title="提醒2", body="请办理")
    notify([world.otherlead], step="test:other", title="别人的通知", body="")
    client.force_login(world.chainlead)

    response = client.get(reverse("portal:inbox"))
    html = response.content.decode()
    assert "提醒1" in html and "提醒2" in html and "别人的通知" not in html
    assert 'data-testid="unread-count">2<' in html

    client.post(reverse("portal:mark_read"), {"ids": [first[0].pk]})
    assert 'data-testid="unread-count">1<' in client.get(reverse("portal:todos")).content.decode()
    # Another user's notification id marks nothing.
    theirs = Notification.objects.get(recipient=world.otherlead)
    client.post(reverse("portal:mark_read"), {"ids": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = client.post(reverse("portal:mark_read"), {"all": "1"}, follow=True)
    assert messages_of(response)
    assert not Notification.objects.filter(recipient=world.chainlead, read_at__isnull=True).exists()


def test_the_dashboard_shows_the_investment_pipeline_by_stage_and_amount(client, world):
    from decimal import Decimal

    from projects.services import investment
    from projects.workflows import CHALLENGE

    investment.create_investment_project(
        actor=world.office, title="国电投400MW风电", enterprise=world.other_enterprise, amount_yi=Decimal("23")
    )
    client.force_login(world.leader)

    response = client.get(DASHBOARD)

    pitched = response.context["pipeline"][0]
    assert (pitched.total, pitched.amount) == (1, Decimal("23"))
    assert 'data-testid="pipeline"' in response.content.decode()
    # A section with nothing to count yet still renders, every stage at zero and "no challenges yet".
    assert [(bar.label, bar.total) for bar in response.context["challenges"]] == [
        (str(state.label), 0) for state in CHALLENGE.states
    ]
    section = response.content.decode().split('data-testid="challenges"', 1)[1].split("</section>", 1)[0]
    assert '<p class="empty">' in section


def test_a_department_with_too_few_cases_is_listed_apart_not_ranked_first(client, world, settings):
    """1 of 1 closed on time is not a 100 % to rank above 5 of 6: fewer than RANKING_MIN_CASES
    cases with a deadline are shown apart, with their figures."""
    settings.RANKING_MIN_CASES = 5
    for n in range(6):
        case = case_in_state(ChainTask, "submitted", world=world, due_in_days=5, title=f"任务{n}")
        transition(case, "close", actor=world.office)
    lone = case_in_state(ChainTask, "submitted", world=world, chain=world.wind, due_in_days=5)
    transition(lone, "close", actor=world.office)
    client.force_login(world.leader)
    response = client.get(DASHBOARD)
    assert [row.department for row in response.context["on_time_ranking"]] == ["工信局"]
    assert [row.department for row in response.context["on_time_unranked"]] == ["商务局"]
    unranked = response.content.decode()
    assert 'data-testid="on-time-unranked"' in unranked and "商务局 100" in unranked
