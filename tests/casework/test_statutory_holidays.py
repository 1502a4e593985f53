"""The statutory holidays computed for a year whose State Council notice is not entered, and the notice's override.

chinesecalendar 1.11.0 knows 2004–2026 (the notices themselves); every day the law gives off must be
a day off there too. 2027 is not in it: its days come from the lunar calendar alone.
"""

import io
from datetime import date, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants
from openpyxl import Workbook

from jinzhou.casework import deadlines, statutory_holidays
from jinzhou.casework.deadlines import (
    add_working_days,
    invalidate_calendar_cache,
    is_working_day,
    missing_calendar_years,
    working_days_between,
)
from jinzhou.casework.services.calendar import import_holidays
from jinzhou.casework.statutory_holidays import statutory_holidays as law

PACKAGE_YEARS = sorted({day.year for day in constants.holidays})


@pytest.fixture(autouse=True)
def fresh_calendar(db):
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


def named(year: int, name: str) -> list[date]:
    return [day for day, day_name in law(year).items() if day_name == name]


class TestAgainstTheNotices:
    def test_the_package_covers_the_three_latest_revisions(self):
        assert PACKAGE_YEARS[0] <= 2007 and PACKAGE_YEARS[-1] >= 2026

    @pytest.mark.parametrize("year", PACKAGE_YEARS)
    def test_every_statutory_day_was_a_day_off(self, year):
        computed = law(year)
        assert computed, year
        assert [day for day in computed if not chinese_calendar.is_holiday(day)] == []
        # A weekday the law gives off is listed by the package as a holiday by name, not just as a weekend.
        assert [day for day in computed if day.weekday() < 5 and day not in constants.holidays] == []


class TestTheRevisions:
    def test_1949_rules(self):
        assert law(1998) == {
            date(1998, 1, 1): "新年",
            **dict.fromkeys([date(1998, 1, 28), date(1998, 1, 29), date(1998, 1, 30)], "春节"),
            date(1998, 5, 1): "劳动节",
            **dict.fromkeys([date(1998, 10, 1), date(1998, 10, 2)], "国庆节"),
        }

    def test_the_1999_revision_took_effect_on_18_september_1999(self):
        assert named(1999, "劳动节") == [date(1999, 5, 1)]
        assert named(1999, "国庆节") == [date(1999, 10, 1), date(1999, 10, 2), date(1999, 10, 3)]
        assert named(2000, "劳动节") == [date(2000, 5, 1), date(2000, 5, 2), date(2000, 5, 3)]
        assert len(law(2007)) == 10 and "清明节" not in law(2007).values()

    def test_2008_to_2013_spring_festival_starts_on_new_years_eve(self):
        # 2013: 除夕 2/9, 正月初一 2/10.
        assert named(2013, "春节") == [date(2013, 2, 9), date(2013, 2, 10), date(2013, 2, 11)]
        assert named(2008, "劳动节") == [date(2008, 5, 1)]
        assert named(2008, "清明节") == [date(2008, 4, 4)]
        assert named(2013, "端午节") == [date(2013, 6, 12)]
        assert len(law(2013)) == 11

    def test_2014_to_2024_spring_festival_is_the_first_three_days(self):
        # 2024: 除夕 2/9 is no longer a statutory day; 正月初一 2/10.
        assert named(2024, "春节") == [date(2024, 2, 10), date(2024, 2, 11), date(2024, 2, 12)]
        assert named(2024, "中秋节") == [date(2024, 9, 17)]
        assert len(law(2024)) == 11
        # 2020: 中秋 fell on National Day; the day counts once.
        assert len(law(2020)) == 10

    def test_from_2025_four_days_of_spring_festival_and_two_of_labour_day(self):
        assert named(2025, "春节") == [date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30), date(2025, 1, 31)]
        assert named(2025, "劳动节") == [date(2025, 5, 1), date(2025, 5, 2)]
        assert len(law(2025)) == 13

    def test_2027_from_the_lunar_calendar_and_the_solar_term(self):
        # 正月初一 is 2027-02-06, so 除夕 is 2/5; 清明 falls on 4/5; 端午 6/9; 中秋 9/15.
        assert named(2027, "春节") == [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]
        assert named(2027, "元旦") == [date(2027, 1, 1)]
        assert named(2027, "清明节") == [date(2027, 4, 5)]
        assert named(2027, "端午节") == [date(2027, 6, 9)]
        assert named(2027, "中秋节") == [date(2027, 9, 15)]
        assert named(2027, "国庆节") == [date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3)]

    def test_nothing_outside_the_years_covered(self):
        assert law(1949) == {} and law(2101) == {}


class TestDeadlinesWithoutTheNotice:
    def test_spring_festival_2027_is_off(self):
        assert is_working_day(date(2027, 2, 4))  # Thursday
        assert not is_working_day(date(2027, 2, 5))  # Friday, 除夕
        assert not is_working_day(date(2027, 2, 8))  # Monday, 初三
        assert add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 9)
        assert working_days_between(date(2027, 2, 1), date(2027, 2, 12)) == 7

    def test_a_sweep_computes_each_year_once_and_queries_nothing(self, django_assert_num_queries):
        statutory_holidays.statutory_holidays.cache_clear()
        deadlines._computed_weekdays_off.cache_clear()
        is_working_day(date(2027, 1, 1))
        with django_assert_num_queries(0):
            for offset in range(2000):
                start = date(2026, 12, 1) + timedelta(days=offset % 400)
                working_days_between(start, add_working_days(start, offset % 25))
        assert statutory_holidays.statutory_holidays.cache_info().misses == 2  # 2027 and 2028


def notice(*rows: tuple) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


class TestTheNoticeOverrides:
    def test_an_imported_notice_replaces_the_computed_days(self):
        assert not is_working_day(date(2027, 1, 31))  # Sunday
        assert is_working_day(date(2027, 2, 9))
        assert not is_working_day(date(2027, 4, 5))  # 清明, computed

        import_holidays(
            notice(
                (date(2027, 1, 1), "放假", "元旦"),
                *((date(2027, 2, 5) + timedelta(days=i), "放假", "春节") for i in range(7)),
                (date(2027, 1, 31), "上班", "春节"),
            )
        )

        assert missing_calendar_years(2027, 2027) == []
        assert is_working_day(date(2027, 1, 31))  # the make-up Sunday counts
        assert not is_working_day(date(2027, 2, 9))  # a bridging day of the notice
        # The entered year wins entirely: a day the notice does not list is not taken from the law.
        assert is_working_day(date(2027, 4, 5))
        assert add_working_days(date(2027, 1, 29), 1) == date(2027, 1, 31)
        assert add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)
        assert working_days_between(date(2027, 1, 29), date(2027, 2, 12)) == 6
