"""The legal clocks of rights work (rules 18, 22–26), as plain date arithmetic.

Periods follow 民法典 第二百零一、二百零三条: a period counted in days starts the day after the
event, and a last day that falls on a statutory rest day (法定休假日: weekends and public holidays,
less the weekends the State Council turns into working days) moves to the next working day.
The holiday calendar is the `chinesecalendar` package; for a year it does not know yet only
weekends and the fixed-date holidays count, and `mediation_deadline` says the date is provisional.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.conf import settings

MEDIATION_DAYS = 15  # 劳动争议调解仲裁法 第十四条
ACCEPTANCE_WORKING_DAYS = 3  # 企业劳动争议协商调解规定 (as reported), ⚙ internal
FILE_WITHIN_DAYS = 10  # 集体合同规定 第四十二条
OBJECTION_DAYS = 15  # 劳动合同法 第五十四条; 集体合同规定 第四十七条
RENEWAL_MONTHS = 3  # 集体合同规定 第三十八条
MATERNITY_DAYS, DIFFICULT_BIRTH_DAYS, EXTRA_BABY_DAYS = 98, 15, 15  # 女职工劳动保护特别规定 第七条
# Fixed-date public holidays used past the calendar's last known year (the lunar ones cannot be guessed).
FIXED_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}


def answer_days() -> int:
    """⚙ Days the other side has to answer a negotiation request (上海 15; default 20, 集体合同规定 第三十二条)."""
    return getattr(settings, "GONGHUI_RIGHTS_ANSWER_DAYS", 20)


def women_committee_threshold() -> int:
    """⚙ Women members from which a union needs a 女职工委员会 (上海/北京 25; default 10)."""
    return getattr(settings, "GONGHUI_RIGHTS_WOMEN_COMMITTEE_FROM", 10)


def women_check_years() -> int:
    """⚙ Years between a woman's gynaecological and breast checks (福建: at least every 2 years)."""
    return getattr(settings, "GONGHUI_RIGHTS_WOMEN_CHECK_YEARS", 2)


def covered_until() -> date:
    """The last day the holiday calendar knows."""
    return date(max(chinese_calendar.constants.holidays).year, 12, 31)


def covered_from() -> date:
    return date(min(chinese_calendar.constants.holidays).year, 1, 1)


def is_known(day: date) -> bool:
    return covered_from() <= day <= covered_until()


def is_rest_day(day: date) -> bool:
    if is_known(day):
        return chinese_calendar.is_holiday(day)
    return day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS


def next_working_day(day: date) -> date:
    while is_rest_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if not is_rest_day(day):
            n -= 1
    return day


@dataclass(frozen=True)
class Deadline:
    day: date
    provisional: bool  # past the holiday calendar: a holiday not known yet could still move it


def period_end(start: date, days: int) -> Deadline:
    """The last day of a period of `days` days counted from the day after `start`."""
    last = start + timedelta(days=days)
    moved = next_working_day(last)
    return Deadline(moved, provisional=not is_known(moved))


def mediation_deadline(received_on: date) -> Deadline:
    """Rule 18: received + 15 days, the last day moved off a rest day."""
    return period_end(received_on, MEDIATION_DAYS)


def acceptance_due(received_on: date) -> date:
    return add_working_days(received_on, ACCEPTANCE_WORKING_DAYS)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def contract_expiry(starts_on: date, years: int) -> date:
    return add_months(starts_on, 12 * years) - timedelta(days=1)


def renewal_opens(expires_on: date) -> date:
    return add_months(expires_on, -RENEWAL_MONTHS)


def maternity_leave_days(babies: int = 1, difficult: bool = False) -> int:
    """Rule 25: 98 + 15 for a difficult birth + 15 per extra baby."""
    return MATERNITY_DAYS + (DIFFICULT_BIRTH_DAYS if difficult else 0) + EXTRA_BABY_DAYS * max(babies - 1, 0)


def miscarriage_leave_days(months_pregnant: int) -> int:
    return 15 if months_pregnant < 4 else 42


def seventh_month_from(due_date: date) -> date:
    """Rule 26: the 7th month of pregnancy (28 weeks) begins 12 weeks before the due date."""
    return due_date - timedelta(weeks=12)


def first_birthday(birth_date: date) -> date:
    return add_months(birth_date, 12)
