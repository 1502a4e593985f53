"""The dashboards' figures from the kept tallies (``casework.figures``) are exactly the plain queries'
(``casework.reports`` / ``casework.trends``, kept as the reference), on random cases made through the
services and then spread over 15 months, for every kind of visitor and period, and again once the
clock has moved on with nothing happening in between (the lights change, the tallies stay right).
"""

import contextlib
import datetime as dt
import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chains.models import Bottleneck, ChainTask
from jinzhou.casework import figures, reports
from jinzhou.casework.dashboard_options import trends_for
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed, VersionConflict
from jinzhou.casework.models import Case, CaseTally, TimelineEvent
from jinzhou.casework.periods import parse_period
from jinzhou.casework.reports import dashboard_for, handed_in_at_from_timeline
from jinzhou.casework.services import (
    add_co_handler,
    available_transitions,
    decide_extension,
    request_extension,
    transition,
)
from jinzhou.casework.tallies import TALLIED, rebuild_tallies
from jinzhou.casework.trends import monthly_trends
from tests.world import case_in_state

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tallies are kept on PostgreSQL")

REFUSED = (ValidationError, ActionRefused, CaseNotFound, TransitionNotAllowed, VersionConflict)
USERS = ("office", "leader", "taskforce", "chainlead", "otherlead", "enterprise")


def _walk(case, world, rng, steps: int):
    actors = [world.office, world.chainlead, world.otherlead, world.enterprise]
    for _step in range(steps):
        case = Case.objects.get(pk=case.pk).spec.model.objects.get(pk=case.pk)
        choices = [(actor, step) for actor in actors for step in available_transitions(case, actor)]
        if not choices:
            return case
        # Mostly forward, sometimes back (return, send back, reopen): every state is reached.
        backward = {"return", "send_back", "reopen", "reassign"}
        forward = [choice for choice in choices if choice[1].action not in backward]
        actor, step = rng.choice(forward if forward and rng.random() < 0.85 else choices)
        data = {
            "department": rng.choice([world.miit, world.mofcom]),
            "due_date": timezone.localdate() + dt.timedelta(days=rng.randint(-5, 40)),
            "note": "随机",
            "resolution": "已解决",
        }
        try:
            case = transition(case, step.action, actor=actor, **data)
        except REFUSED:
            continue
        if case.is_open and case.due_at and rng.random() < 0.15:
            try:
                handler = world.chainlead if case.responsible_department_id == world.miit.pk else world.otherlead
                extension = request_extension(
                    case, actor=handler, new_due_date=timezone.localdate() + dt.timedelta(days=60), reason="延"
                )
                if rng.random() < 0.6:
                    decide_extension(extension, actor=world.office, approve=rng.random() < 0.7)
            except REFUSED:
                pass
    return case


def _spread(case, rng) -> None:
    """As if the case had lived ``back`` days ago: every moment of it and of its timeline moved."""
    back = dt.timedelta(days=rng.randint(0, 450), hours=rng.randint(0, 23))
    moved = {
        name: F(name) - back
        for name in ("created_at", "closed_at", "due_at", "original_due_at", "warn_at", "handed_in_at")
    }
    Case.objects.filter(pk=case.pk).update(**moved)
    TimelineEvent.objects.filter(case_id=case.pk).update(at=F("at") - back)


@pytest.fixture
def random_cases(world):
    rng = random.Random(20261206)
    made = []
    for number in range(110):
        model = rng.choice([Bottleneck, ChainTask])
        states = ["draft", "submitted", "accepted"] if model is Bottleneck else ["assigned"]
        chain = rng.choice([world.titanium, world.wind, world.titanium])
        fields = {}
        if rng.random() < 0.1:
            fields = {"reporter": world.chainlead, "reporter_enterprise": None}
        case = case_in_state(model, rng.choice(states), world=world, chain=chain, title=f"随机 {number}", **fields)
        case = _walk(case, world, rng, rng.randint(3, 10))
        if rng.random() < 0.2 and case.responsible_department_id:
            department = world.mofcom if case.responsible_department_id == world.miit.pk else world.miit
            with contextlib.suppress(*REFUSED):
                add_co_handler(case, actor=world.office, department=department)
        made.append(case)
    for case in made:
        _spread(case, rng)
    closed = list(Case.objects.filter(is_open=False, closed_at__isnull=False).order_by("pk"))
    for case in rng.sample(
        closed, min(12, len(closed) // 3)
    ):  # edits of closed cases: another department, another deadline
        Case.objects.filter(pk=case.pk).update(
            responsible_department=rng.choice([world.miit, world.mofcom, None]),
            original_due_at=case.closed_at - dt.timedelta(days=rng.randint(-20, 20)),
        )
    Case.objects.filter(pk=closed[0].pk).update(chain=None)
    # Oddities the tallies leave to the live counts: closed before created, closed without a time.
    case_in_state(ChainTask, "closed", world=world, closed_at=timezone.now() - dt.timedelta(days=40))
    case_in_state(Bottleneck, "closed", world=world, closed_at=None)
    return made


def _periods(today: dt.date) -> list:
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return [
        None,
        parse_period(f"{last_month:%Y-%m}"),
        parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}"),
        parse_period(str(today.year - 1)),
        parse_period(f"{today - dt.timedelta(days=200)}..{today - dt.timedelta(days=95)}"),
        parse_period(f"{today - dt.timedelta(days=20)}..{today - dt.timedelta(days=10)}"),
        # To date and beyond (the assessment's year to date): the month of now is read whole.
        parse_period(f"{today - dt.timedelta(days=50)}..{today + dt.timedelta(days=3)}"),
    ]


def _plain_lights(cases, now):
    return {
        "chain": reports.light_counts_by(cases, "chain", now=now),
        "responsible_department": reports.light_counts_by(cases, "responsible_department", now=now),
        "chain__industry": reports.light_counts_by(cases, "chain__industry", now=now),
        "totals": reports.light_totals(cases, now=now),
    }


def _check_everything(world, now):
    today = timezone.localtime(now).date()
    for name in USERS:
        user = getattr(world, name)
        cases = Case.objects.visible_to(user)
        scope = figures.scope_for(user)
        assert figures.lights(scope, now) == _plain_lights(cases, now), name
        for period in _periods(today):
            plain = (
                reports.department_rates(cases, now=now, period=period),
                reports.chain_rates(cases, now=now, period=period),
                reports.total_rates(cases, now=now, period=period),
            )
            assert figures.rates(scope, now, period) == plain, (name, period)
        assert figures.trends(scope, now, 12) == monthly_trends(cases, now=now), name
        for narrow, behind in (
            (Q(chain_id=world.titanium.pk), {"chain": world.titanium.pk}),
            (Q(responsible_department_id=world.mofcom.pk), {"department": world.mofcom.pk}),
            (Q(chain__industry_id=world.wind.subfield.industry_id), {"industry": world.wind.subfield.industry_id}),
        ):
            narrowed = reports.cases_behind(cases, now=now, **behind)
            assert figures.trends(figures.scope_for(user, narrow), now, 12) == monthly_trends(narrowed, now=now)


def test_every_figure_is_the_plain_querys_now_and_later(world, random_cases):
    # The stored hand-in is the timeline's (what the migration and the services write).
    stored = Case.objects.filter(is_open=False).annotate(timeline=handed_in_at_from_timeline())
    for case in stored:
        assert (case.handed_in_at or case.closed_at) == case.timeline, case.reference
    now = timezone.now()
    assert figures.usable(now)
    counts = Case.objects.aggregate(closed=Count("pk", filter=Q(is_open=False)), all=Count("pk"))
    assert 30 < counts["closed"] < counts["all"]  # both parts of every figure have cases in them
    _check_everything(world, now)
    # The clock moves on, nothing happens: some lights turn red, the tallies stay right.
    later = now + dt.timedelta(days=45)
    assert reports.light_totals(Case.objects.all(), now=now) != reports.light_totals(Case.objects.all(), now=later)
    _check_everything(world, later)
    # What the trigger kept is what a rebuild from the cases counts.
    by_trigger = _kept()
    rebuild_tallies()
    assert _kept() == by_trigger


def _kept():
    rows = CaseTally.objects.exclude(opened=0, closed=0, overdue_at_end=0, closed_with_deadline=0)
    fields = ("month", "chain_id", "responsible_department_id", "opened", "closed")
    rows = rows.values_list(*fields, "closed_with_deadline", "closed_on_time", "overdue_at_end")
    return sorted(rows, key=lambda row: tuple(-1 if value is None else value for value in row))


def test_a_past_now_is_answered_by_the_plain_queries(world, random_cases):
    past = timezone.now() - dt.timedelta(days=100)
    assert not figures.usable(past)
    board = dashboard_for(world.office, now=past)
    assert board.by_chain == reports.light_counts_by(Case.objects.all(), "chain", now=past)


def test_the_dashboards_queries_do_not_grow_with_the_cases(world, random_cases):
    period = parse_period(f"{timezone.localdate():%Y}")

    def queries(user):
        dashboard_for(user, period=period)  # the visitor's roles and scope read once, as a page does
        with CaptureQueriesContext(connection) as captured:
            dashboard_for(user, period=period)
            trends_for(user)
        return len(captured.captured_queries)

    before = {name: queries(getattr(world, name)) for name in ("office", "taskforce", "chainlead")}
    for number in range(5):
        case = case_in_state(ChainTask, "closed", world=world, title=f"又一个 {number}")
        _spread(case, random.Random(number))
    assert before == {name: queries(getattr(world, name)) for name in before}
    assert before == {"office": 10, "taskforce": 11, "chainlead": 12}


def test_the_command_recounts_and_can_make_the_trigger_again(world, random_cases):
    from django.core.management import call_command

    by_trigger = _kept()
    CaseTally.objects.all().delete()  # a damaged table: the dashboards would show zero closed cases
    call_command("rebuild_case_tallies", "--remake-trigger", stdout=io.StringIO())
    assert _kept() == by_trigger
    # The trigger made again keeps counting: a closed case handed to another department moves at once.
    moved = Case.objects.filter(TALLIED, responsible_department=world.miit).order_by("pk").first()
    Case.objects.filter(pk=moved.pk).update(responsible_department=world.mofcom)
    rebuilt = _kept()
    rebuild_tallies()
    assert _kept() == rebuilt != by_trigger
