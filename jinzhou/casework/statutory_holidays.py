"""The statutory public holidays of a year, computed from the law and the calendars alone.

《全国年节及纪念日放假办法》 (Article 2) fixes which days every citizen has off; the State Council's
annual notice only adds the bridging days and the make-up working days (调休) around them and
places the 补假 for a holiday that falls on a weekend (Article 6). Which days those are is a policy
choice each year (the 补假 of 中秋 2015 went into National Day), so none of them is computed here.

The revisions, each in force from the date given (the earlier one applies before it):

=================  ======================================================================
1950 (1949-12-23)  新年 1/1; 春节 正月初一–初三; 劳动节 5/1; 国庆 10/1–10/2
1999-09-18         新年 1/1; 春节 正月初一–初三; 劳动节 5/1–5/3; 国庆 10/1–10/3
2008-01-01         元旦 1/1; 春节 除夕、正月初一–初二; 清明 (the solar term); 劳动节 5/1;
                   端午 五月初五; 中秋 八月十五; 国庆 10/1–10/3
2014-01-01         as 2008, but 春节 正月初一–初三 (除夕 no longer a day off)
2025-01-01         as 2014, but 春节 除夕、正月初一–初三 (4 days) and 劳动节 5/1–5/2
=================  ======================================================================

除夕 is the last day of the twelfth lunar month (the day before 正月初一, whether 廿九 or 三十).
The lunar dates and the solar term come from lunar_python (see docs/operations.md for the choice).
Only deadlines.py uses this module, for years whose notice has not been entered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from lunar_python import Lunar

__all__ = ["FIRST_YEAR", "LAST_YEAR", "statutory_holidays"]

# The 1949 rules were first applied in 1950. Past LAST_YEAR nothing is computed: a deadline that
# far out is a typing error, and the bound keeps a count over an absurd span from computing centuries.
FIRST_YEAR = 1950
LAST_YEAR = 2100
ONE_DAY = timedelta(days=1)
REVISION_1999 = date(1999, 9, 18)


def _lunar(year: int, month: int, day: int) -> date:
    """The Gregorian date of a (non-leap) lunar month and day of the lunar year that starts in ``year``."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    # The lunar year starting in ``year`` holds April of ``year``; its solar-term table names 清明.
    solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _days(start: date, count: int, name: str) -> dict[date, str]:
    return {start + ONE_DAY * i: name for i in range(count)}


@cache
def statutory_holidays(year: int) -> Mapping[date, str]:
    """The statutory days off of ``year`` with their names (元旦, 春节 …); empty outside FIRST_YEAR–LAST_YEAR.

    Computed once per year and process (about 6 ms) and kept: the result depends on nothing but
    the year and this code, so it never needs invalidating; read-only, as every caller shares it.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return MappingProxyType({})
    new_year_name = "元旦" if year >= 2008 else "新年"
    spring = _lunar(year, 1, 1)  # 正月初一
    days = {date(year, 1, 1): new_year_name}
    if year >= 2025:
        days |= _days(spring - ONE_DAY, 4, "春节")  # 除夕, 初一–初三
        days |= _days(date(year, 5, 1), 2, "劳动节")
    elif year >= 2014:
        days |= _days(spring, 3, "春节")  # 初一–初三
        days |= _days(date(year, 5, 1), 1, "劳动节")
    elif year >= 2008:
        days |= _days(spring - ONE_DAY, 3, "春节")  # 除夕, 初一, 初二
        days |= _days(date(year, 5, 1), 1, "劳动节")
    else:
        days |= _days(spring, 3, "春节")
        days |= _days(date(year, 5, 1), 3 if date(year, 5, 1) >= REVISION_1999 else 1, "劳动节")
    if year >= 2008:
        days[_qingming(year)] = "清明节"
        days[_lunar(year, 5, 5)] = "端午节"
        days[_lunar(year, 8, 15)] = "中秋节"
    days |= _days(date(year, 10, 1), 3 if date(year, 10, 1) >= REVISION_1999 else 2, "国庆节")
    # Where two holidays meet (中秋 on 10/1 in 2001 and 2020) the day counts once.
    return MappingProxyType(dict(sorted(days.items())))
