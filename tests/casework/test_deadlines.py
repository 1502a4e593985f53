"""Working-day arithmetic over the calendar the migration loads from chinesecalendar 1.11.0.

2026 in that data: Spring Festival off 2/15–2/23 with make-up days Sat 2/14 and Sat 2/28;
Mid-Autumn off 9/25–9/27 and National Day off 10/1–10/7 with make-up days Sun 9/20 and Sat 10/10.
2027 is not in the package, so its statutory holidays are computed (tests/casework/test_statutory_holidays.py).
"""

import importlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from chinese_calendar import constants
from django.apps import apps
from django.core.cache import cache

from jinzhou.casework import deadlines
from jinzhou.casework.deadlines import (
    add_working_days,
    calendar_gaps,
    invalidate_calendar_cache,
    is_working_day,
    missing_calendar_years,
    next_working_moment,
    working_days_between,
)
from jinzhou.casework.models import CalendarYear, Holiday

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def fresh_calendar(db):
    # The snapshot outlives the test transaction; without this a test would see the rows of the
    # previous, rolled-back test.
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


def brute_force_between(a: date, b: date) -> int:
    low, high, sign = (a, b, 1) if a <= b else (b, a, -1)
    days = (low + timedelta(days=i) for i in range(1, (high - low).days + 1))
    return sign * sum(is_working_day(d) for d in days)


class TestMigration:
    def test_filled_2025_and_2026_from_the_package(self):
        for year in (2025, 2026):
            calendar_year = CalendarYear.objects.get(year=year)
            assert calendar_year.complete
            assert calendar_year.source == "chinesecalendar"
            package_days = {d for d in [*constants.holidays, *constants.workdays] if d.year == year}
            assert set(Holiday.objects.filter(date__year=year).values_list("date", flat=True)) == package_days
        assert Holiday.objects.get(date=date(2026, 2, 17)).kind == "holiday"
        assert Holiday.objects.get(date=date(2026, 2, 17)).name == "春节"
        assert Holiday.objects.get(date=date(2026, 10, 10)).kind == "workday"
        assert Holiday.objects.get(date=date(2025, 1, 26)).kind == "workday"
        assert Holiday.history.filter(date=date(2026, 2, 17), history_type="+").exists()

    def test_running_the_data_step_again_changes_nothing(self):
        migration = importlib.import_module("jinzhou.casework.migrations.0001_calendar")
        Holiday.objects.filter(date=date(2026, 2, 17)).update(name="edited by hand")
        before = (Holiday.objects.count(), CalendarYear.objects.count(), Holiday.history.count())

        migration.fill_from_chinesecalendar(apps, None)

        assert (Holiday.objects.count(), CalendarYear.objects.count(), Holiday.history.count()) == before
        assert Holiday.objects.get(date=date(2026, 2, 17)).name == "edited by hand"


class TestSpringFestival2026:
    def test_working_days(self):
        assert is_working_day(date(2026, 2, 13))  # Friday
        assert is_working_day(date(2026, 2, 14))  # Saturday, make-up day
        assert not is_working_day(date(2026, 2, 16))  # Monday, day off
        assert not is_working_day(date(2026, 2, 23))  # Monday, last day off
        assert is_working_day(date(2026, 2, 24))
        assert is_working_day(date(2026, 2, 28))  # Saturday, make-up day
        assert not is_working_day(date(2026, 3, 1))

    def test_add_working_days_forward(self):
        assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
        assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
        assert add_working_days(date(2026, 2, 9), 10) == date(2026, 2, 28)

    def test_add_zero_is_start_or_the_next_working_day(self):
        assert add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)
        assert add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 24)

    def test_add_working_days_backward(self):
        assert add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)
        assert add_working_days(date(2026, 2, 24), -2) == date(2026, 2, 13)
        assert add_working_days(date(2026, 3, 2), -3) == date(2026, 2, 26)

    def test_working_days_between(self):
        assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
        assert working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
        assert working_days_between(date(2026, 2, 15), date(2026, 2, 23)) == 0
        # February 2026: 20 weekdays, 6 of them off, plus the two make-up Saturdays.
        assert working_days_between(date(2026, 1, 31), date(2026, 2, 28)) == 16


class TestNationalDay2026:
    def test_working_days(self):
        assert is_working_day(date(2026, 9, 20))  # Sunday, make-up day
        assert not is_working_day(date(2026, 9, 25))  # Friday, Mid-Autumn
        assert not is_working_day(date(2026, 10, 1))
        assert not is_working_day(date(2026, 10, 7))
        assert is_working_day(date(2026, 10, 8))
        assert is_working_day(date(2026, 10, 10))  # Saturday, make-up day
        assert not is_working_day(date(2026, 10, 11))

    def test_add_and_count(self):
        assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
        assert add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)
        # Three working days before a deadline on Friday 10/9.
        assert add_working_days(date(2026, 10, 9), -3) == date(2026, 9, 29)
        assert working_days_between(date(2026, 9, 18), date(2026, 10, 12)) == 12
        assert working_days_between(date(2026, 10, 12), date(2026, 9, 18)) == -12


class TestNewYearInto2027:
    """2027's notice is not entered: its statutory holidays (computed) and weekends are days off."""

    def test_2027_is_missing(self):
        assert missing_calendar_years(2025, 2027) == [2027]
        assert calendar_gaps([2027, 2026, 2030, 2027]) == [2027, 2030]

    def test_new_years_day_is_off_although_the_notice_is_missing(self):
        assert not is_working_day(date(2027, 1, 1))  # Friday, 元旦 by law
        assert not is_working_day(date(2027, 1, 2))
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
        assert add_working_days(date(2026, 12, 31), 3) == date(2027, 1, 6)
        assert add_working_days(date(2027, 1, 5), -2) == date(2026, 12, 31)
        assert working_days_between(date(2026, 12, 25), date(2027, 1, 8)) == 9

    def test_a_twenty_working_day_challenge_is_no_longer_due_on_new_years_day(self):
        # Received on Friday 2026-12-04: Monday–Friday alone would make it due on 2027-01-01.
        assert add_working_days(date(2026, 12, 4), 20) == date(2027, 1, 4)
        assert working_days_between(date(2026, 12, 4), date(2027, 1, 4)) == 20

    def test_rows_of_an_incomplete_year_wait_until_it_is_marked_complete(self):
        # 2027-02-09, a Tuesday after the four statutory days of 春节, is a bridging day of a notice.
        Holiday.objects.create(date=date(2027, 2, 9), kind="holiday", name="春节")
        assert is_working_day(date(2027, 2, 9))

        CalendarYear.objects.create(year=2027, complete=True)

        assert not is_working_day(date(2027, 2, 9))
        assert missing_calendar_years(2026, 2027) == []


class TestNextWorkingMoment:
    def test_quiet_hours(self):
        friday_evening = datetime(2026, 2, 13, 19, 0, tzinfo=SHANGHAI)
        assert next_working_moment(friday_evening) == datetime(2026, 2, 14, 9, 0, tzinfo=SHANGHAI)
        saturday_noon = datetime(2026, 2, 14, 12, 0, tzinfo=SHANGHAI)
        assert next_working_moment(saturday_noon) == saturday_noon
        assert next_working_moment(datetime(2026, 2, 14, 18, 0, tzinfo=SHANGHAI)) == datetime(
            2026, 2, 24, 9, 0, tzinfo=SHANGHAI
        )
        assert next_working_moment(datetime(2026, 9, 30, 7, 30, tzinfo=SHANGHAI)) == datetime(
            2026, 9, 30, 9, 0, tzinfo=SHANGHAI
        )

    def test_utc_input_is_judged_in_shanghai_time(self):
        # 2026-09-30 17:30 UTC is 10/1 01:30 in Shanghai, the first day of National Day.
        result = next_working_moment(datetime(2026, 9, 30, 17, 30, tzinfo=ZoneInfo("UTC")))
        assert result == datetime(2026, 10, 8, 9, 0, tzinfo=SHANGHAI)
        assert result.utcoffset() == timedelta(hours=8)

    def test_custom_hours(self):
        moment = datetime(2026, 3, 2, 8, 45, tzinfo=SHANGHAI)
        assert next_working_moment(moment, start=time(8, 30), end=time(17, 30)) == moment


class TestConsistency:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            (date(2025, 12, 20), date(2026, 3, 10)),
            (date(2026, 9, 1), date(2027, 2, 1)),
            (date(2026, 10, 3), date(2026, 9, 19)),
            (date(2024, 9, 14), date(2026, 10, 10)),
            (date(2026, 11, 20), date(2028, 2, 1)),
            (date(2028, 1, 10), date(2026, 12, 24)),
        ],
    )
    def test_between_matches_counting_day_by_day(self, a, b):
        assert working_days_between(a, b) == brute_force_between(a, b)

    @pytest.mark.parametrize(
        "start", [date(2026, 1, 1), date(2026, 2, 14), date(2026, 9, 30), date(2026, 12, 24), date(2027, 1, 29)]
    )
    def test_add_is_the_inverse_of_between(self, start):
        for n in range(1, 80):
            assert working_days_between(start, add_working_days(start, n)) == n
        working_start = add_working_days(start, 0)
        for n in range(-80, 0):
            assert working_days_between(working_start, add_working_days(working_start, n)) == n

    def test_datetime_arguments_are_taken_as_their_shanghai_date(self):
        utc_evening = datetime(2026, 2, 13, 17, 0, tzinfo=ZoneInfo("UTC"))  # Saturday 2/14 in Shanghai
        assert add_working_days(utc_evening, 1) == date(2026, 2, 24)


class TestCache:
    def test_a_sweep_queries_the_calendar_once(self, django_assert_num_queries):
        is_working_day(date(2026, 1, 1))
        with django_assert_num_queries(0):
            for offset in range(2000):
                add_working_days(date(2026, 1, 1) + timedelta(days=offset % 700), offset % 25)

    def test_saving_or_deleting_a_holiday_takes_effect_at_once(self):
        assert is_working_day(date(2026, 3, 2))
        holiday = Holiday.objects.create(date=date(2026, 3, 2), kind="holiday", name="test")
        assert not is_working_day(date(2026, 3, 2))
        holiday.delete()
        assert is_working_day(date(2026, 3, 2))

    def test_a_change_made_by_another_process_is_seen_through_the_cache_version(self, monkeypatch):
        assert is_working_day(date(2026, 3, 2))
        # queryset.update() sends no signal: this process only learns of it as another process
        # would, through the version token in the shared cache.
        Holiday.objects.filter(date=date(2026, 2, 14)).update(date=date(2026, 3, 2), kind="holiday")
        assert is_working_day(date(2026, 3, 2))
        monkeypatch.setattr(deadlines, "VERSION_CHECK_SECONDS", 0)
        cache.set(deadlines.VERSION_KEY, "bumped elsewhere", timeout=None)
        assert not is_working_day(date(2026, 3, 2))
