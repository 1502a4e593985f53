"""When each reminder step of a policy falls, over the 2026 National Day holiday.

The 2026 calendar (chinesecalendar, loaded by the casework migration): Mid-Autumn off 9/25–9/27,
National Day off Thu 10/1 – Wed 10/7, make-up working days Sun 9/20 and Sat 10/10. So the working
days around it are … Mon 9/28, Tue 9/29, Wed 9/30 | Thu 10/8, Fri 10/9, Sat 10/10, Mon 10/12, Tue 10/13.
"""

import datetime as dt

import pytest

from jinzhou.casework.inputs import end_of_day
from jinzhou.casework.reminder_steps import Rules, Rung, Track, before_steps, next_reminder_at, overdue_moment, plan
from tests.reminders.support import at

pytestmark = pytest.mark.django_db

LADDER = (Rung(1, 2, "department_head"), Rung(3, 3, "task_force_leader"), Rung(5, 4, "leading_group"))


def track(due: dt.date, **kwargs) -> Track:
    kwargs.setdefault("ladder", LADDER)
    return Track(end_of_day(due), **kwargs)


def moments(steps) -> dict[str, dt.datetime]:
    return {step.key: step.moment for step in steps}


class TestBeforeTheDeadline:
    def test_due_on_the_first_working_day_after_national_day(self):
        # Due Thu 10/8: one working day before is Wed 9/30, three are Mon 9/28 — never a holiday.
        assert moments(before_steps(track(dt.date(2026, 10, 8)), Rules())) == {
            "before:3": at(2026, 9, 28),
            "before:1": at(2026, 9, 30),
            "due_day": at(2026, 10, 8),
        }

    def test_one_working_day_before_can_be_the_make_up_saturday(self):
        # Due Mon 10/12: one working day before is the make-up Saturday 10/10; three are Thu 10/8.
        assert moments(before_steps(track(dt.date(2026, 10, 12)), Rules())) == {
            "before:3": at(2026, 10, 8),
            "before:1": at(2026, 10, 10),
            "due_day": at(2026, 10, 12),
        }

    def test_a_deadline_on_a_holiday_gets_no_due_day_reminder_after_it(self):
        # Due Sun 10/4 (a day off): the day's 09:00 would be Thu 10/8, after the deadline.
        steps = moments(before_steps(track(dt.date(2026, 10, 4)), Rules()))
        assert steps == {"before:3": at(2026, 9, 28), "before:1": at(2026, 9, 30)}

    def test_a_step_at_20_00_waits_for_09_00_of_the_next_working_day(self):
        rules = Rules(remind_at=dt.time(20))
        # 20:00 on Sat 10/10 is outside working hours; Sun 10/11 is off; so Mon 10/12 09:00.
        steps = moments(before_steps(track(dt.date(2026, 10, 12)), rules))
        assert steps["before:1"] == at(2026, 10, 12)
        # 20:00 on the due day itself would wait until the next morning, past the deadline: dropped.
        assert "due_day" not in steps

    def test_quiet_hours_follow_the_policy(self):
        rules = Rules(remind_at=dt.time(8), work_start=dt.time(8, 30), work_end=dt.time(17, 30))
        assert moments(before_steps(track(dt.date(2026, 10, 12)), rules))["before:1"] == at(2026, 10, 10, 8, 30)


class TestOverdue:
    def test_overdue_days_and_ladder_rungs_count_working_days_across_the_holiday(self):
        due = track(dt.date(2026, 9, 30))
        assert overdue_moment(due, Rules(), 1) == at(2026, 10, 8)
        assert overdue_moment(due, Rules(), 3) == at(2026, 10, 10)
        assert overdue_moment(due, Rules(), 5) == at(2026, 10, 13)

    def test_during_the_holiday_nothing_new_is_due(self):
        due = track(dt.date(2026, 9, 30))
        result = plan([due], Rules(), at(2026, 10, 5, 11))
        assert result.due == []
        assert result.next_at == at(2026, 10, 8)

    @pytest.mark.parametrize(
        ("now", "due_keys", "next_at"),
        [
            (at(2026, 10, 8, 9, 5), ["overdue:1", "ladder:1"], at(2026, 10, 9)),
            (at(2026, 10, 9, 9, 5), ["overdue:2", "ladder:1"], at(2026, 10, 10)),
            (at(2026, 10, 10, 9, 5), ["overdue:3", "ladder:3"], at(2026, 10, 12)),
            (at(2026, 10, 12, 8, 59), ["overdue:3", "ladder:3"], at(2026, 10, 12)),
            (at(2026, 10, 13, 9, 0), ["overdue:5", "ladder:5"], at(2026, 10, 14)),
        ],
    )
    def test_only_the_latest_step_of_each_family_is_due(self, now, due_keys, next_at):
        result = plan([track(dt.date(2026, 9, 30))], Rules(), now)
        assert [step.key for step in result.due] == due_keys
        assert result.next_at == next_at

    def test_repeat_every_two_working_days(self):
        result = plan([track(dt.date(2026, 9, 30), ladder=())], Rules(overdue_every=2), at(2026, 10, 12, 10))
        # Overdue 4 working days: the repeats are on days 1, 3, 5 … so day 3 (10/10) was the latest.
        assert [step.key for step in result.due] == ["overdue:3"]
        assert result.next_at == at(2026, 10, 13)

    def test_no_repeat_sends_one_overdue_reminder(self):
        result = plan([track(dt.date(2026, 9, 30), ladder=())], Rules(overdue_every=0), at(2026, 10, 12, 10))
        assert [step.key for step in result.due] == ["overdue:1"]
        assert result.next_at is None


class TestNextReminder:
    def test_is_the_next_step_when_nothing_is_due(self):
        assert next_reminder_at([track(dt.date(2026, 10, 12))], Rules(), at(2026, 10, 1, 12)) == at(2026, 10, 8)

    def test_a_step_already_due_makes_it_the_next_working_moment(self):
        # Changed at 20:00 on 10/9 after the 09:00 step of 10/9: the sweep may not have sent it yet,
        # so the case is due again when working hours start (the sweep's notification is idempotent).
        assert next_reminder_at([track(dt.date(2026, 10, 12))], Rules(), at(2026, 10, 9, 20)) == at(2026, 10, 10)

    def test_the_earliest_of_several_deadlines(self):
        tracks = [track(dt.date(2026, 10, 30)), Track(end_of_day(dt.date(2026, 10, 12)), "report:", (1,))]
        assert next_reminder_at(tracks, Rules(), at(2026, 10, 1, 12)) == at(2026, 10, 10)

    def test_nothing_without_deadlines_or_when_disabled(self):
        assert next_reminder_at([], Rules(), at(2026, 10, 1)) is None
        assert next_reminder_at([track(dt.date(2026, 10, 12))], Rules(enabled=False), at(2026, 10, 1)) is None


def test_a_deadline_at_the_end_of_the_calendar_is_not_an_error():
    tracks = [track(dt.date(9999, 12, 31))]
    assert next_reminder_at(tracks, Rules(), at(9999, 12, 31, 12)) is None
