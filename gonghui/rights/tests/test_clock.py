"""Rule 18's clock and the other dates, pinned: the Spring Festival and National Day 2026, the
State Council's swapped working weekends, and the years the holiday calendar does not know yet."""

from datetime import date

import pytest

from gonghui.rights import clock


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 5, 6), date(2026, 5, 21)),  # an ordinary Thursday: received + 15
        (date(2026, 5, 2), date(2026, 5, 18)),  # 5-17 is a Sunday: Monday
        (date(2026, 2, 1), date(2026, 2, 24)),  # 2-16 falls in the Spring Festival (2-15..2-23)
        (date(2026, 2, 8), date(2026, 2, 24)),  # 2-23, the festival's last day
        (date(2026, 2, 13), date(2026, 2, 28)),  # 2-28 is a Saturday made a working day: it stays
        (date(2026, 9, 16), date(2026, 10, 8)),  # 10-1 National Day: after the golden week
        (date(2026, 9, 5), date(2026, 9, 20)),  # 9-20 is a working Sunday
        (date(2026, 9, 25), date(2026, 10, 10)),  # 10-10 is a working Saturday
        (date(2026, 12, 17), date(2027, 1, 4)),  # 1-1-2027: known only as a fixed holiday (and a weekend)
    ],
)
def test_mediation_deadline(received, deadline):
    assert clock.mediation_deadline(received).day == deadline


def test_the_period_starts_the_next_day():
    # Received on the 1st: day 1 is the 2nd, day 15 the 16th (民法典 第二百零一条).
    assert clock.mediation_deadline(date(2026, 6, 1)).day == date(2026, 6, 16)


def test_the_holiday_calendar_says_when_it_runs_out():
    """When this fails, `chinesecalendar` lost a year: update it (pyproject.toml) once the State Council
    publishes the next year's holidays; until then deadlines in that year are marked provisional."""
    assert clock.covered_until() >= date(2026, 12, 31)
    inside = clock.mediation_deadline(date(2026, 6, 1))
    beyond = clock.mediation_deadline(clock.covered_until())
    assert not inside.provisional
    assert beyond.provisional


def test_beyond_the_calendar_weekends_and_fixed_holidays_still_count():
    far = date(clock.covered_until().year + 1, 9, 16)  # + 15 = 10-1, a fixed holiday
    result = clock.mediation_deadline(far)
    assert result.day.month == 10 and result.day.day >= 4 and result.day.weekday() < 5
    assert result.provisional


def test_acceptance_within_three_working_days_skips_the_festival():
    assert clock.acceptance_due(date(2026, 2, 13)) == date(2026, 2, 25)  # 14 (work), 24, 25


@pytest.mark.parametrize(
    ("babies", "difficult", "days"), [(1, False, 98), (1, True, 113), (2, False, 113), (3, True, 143)]
)
def test_maternity_leave(babies, difficult, days):
    assert clock.maternity_leave_days(babies, difficult) == days


@pytest.mark.parametrize(("months", "days"), [(3, 15), (4, 42), (6, 42)])
def test_miscarriage_leave_at_the_four_month_boundary(months, days):
    assert clock.miscarriage_leave_days(months) == days


def test_contract_dates():
    assert clock.contract_expiry(date(2026, 3, 1), 3) == date(2029, 2, 28)
    assert clock.renewal_opens(date(2029, 2, 28)) == date(2028, 11, 28)
    assert clock.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert clock.first_birthday(date(2024, 2, 29)) == date(2025, 2, 28)
