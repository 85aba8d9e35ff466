"""Care metrics on fixtures, and the who-should-be-visited list."""

from datetime import date
from decimal import Decimal

import pytest

from gonghui.care.models import CaseStatus, Occasion
from gonghui.care.tests.factories import (
    AidFactory,
    HardshipCaseFactory,
    OccurrenceFactory,
    OnFileCaseFactory,
    VisitFactory,
    member_in,
)
from gonghui.care.to_visit import who_to_visit
from gonghui.members.models import Gender
from gonghui.metrics import registry

pytestmark = pytest.mark.django_db
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def value(key, org, period=YEAR):
    return registry.compute(key, org, *period)


def test_archive_rate_counts_cases_found_and_filed(care):
    OnFileCaseFactory(org=care.group_a)
    OnFileCaseFactory(org=care.group_a)
    HardshipCaseFactory(org=care.group_a, status=CaseStatus.IN_NOTICE)
    HardshipCaseFactory(org=care.group_a, status=CaseStatus.REJECTED)  # found not needy: not counted
    OnFileCaseFactory(org=care.union_b)  # another union
    found = value("care.archive_rate", care.union_a)
    assert (found.numerator, found.denominator) == (2, 3)
    assert found.display() == "66.7%"
    assert value("care.archive_rate", care.fed).denominator == 4


def test_rates_without_cases_show_no_data_not_zero(care):
    assert value("care.archive_rate", care.union_b).display() == "无数据"
    assert value("care.aid_rate", care.union_b).display() == "无数据"


def test_aid_rate_and_amount_in_the_period(care):
    aided = OnFileCaseFactory(org=care.group_a)
    OnFileCaseFactory(org=care.group_a)
    AidFactory(org=care.group_a, case=aided, amount=Decimal("800"), paid_on=date(2026, 3, 1))
    AidFactory(
        org=care.group_a,
        case=aided,
        amount=Decimal("1000"),
        paid_on=date(2026, 9, 1),
        kind="schooling",
        student_school="一中",
        student_grade="高一",
    )
    AidFactory(org=care.group_a, case=aided, amount=Decimal("500"), paid_on=date(2025, 3, 1))
    rate = value("care.aid_rate", care.union_a)
    assert (rate.numerator, rate.denominator) == (1, 2)
    assert value("care.aid_amount", care.union_a).value == 1800.0
    last_year = value("care.aid_amount", care.union_a, (date(2025, 1, 1), date(2025, 12, 31)))
    assert last_year.value == 500.0


def test_visits_count_and_by_occasion(care):
    VisitFactory(org=care.group_a, occasion=Occasion.HOSPITALISED, visited_on=date(2026, 2, 1))
    VisitFactory(org=care.group_a, occasion=Occasion.HOSPITALISED, visited_on=date(2026, 5, 1))
    VisitFactory(org=care.group_a, occasion=Occasion.BEREAVEMENT, visited_on=date(2026, 5, 1))
    VisitFactory(org=care.union_b, occasion=Occasion.BEREAVEMENT, visited_on=date(2026, 5, 1))
    assert value("care.visits", care.union_a).value == 3
    assert value("care.visits.hospitalised", care.union_a).value == 2
    assert value("care.visits.bereavement", care.fed).value == 2


def test_who_to_visit(care):
    today = date(2026, 6, 10)
    hospital = OccurrenceFactory(org=care.group_a, member=care.patient, occurred_on=date(2026, 6, 8))
    OccurrenceFactory(org=care.group_a, kind=Occasion.HAPPY_EVENT, occurred_on=date(2026, 6, 8))  # not urgent
    OccurrenceFactory(org=care.group_a, occurred_on=date(2026, 6, 1), closed_on=date(2026, 6, 5))  # over
    visited = OccurrenceFactory(org=care.group_a, occurred_on=date(2026, 6, 2))
    VisitFactory(
        org=care.group_a, member=visited.member, occasion=Occasion.HOSPITALISED, visited_on=date(2026, 6, 3)
    )
    OccurrenceFactory(org=care.union_b, occurred_on=date(2026, 6, 8))  # another union
    birthday = member_in(care.group_a, name="生日", birth_date=date(1990, 6, 14))
    member_in(care.group_a, name="太远", birth_date=date(1990, 7, 30))
    retiring_man = member_in(care.group_a, name="退休男", gender=Gender.MALE, birth_date=date(1966, 6, 25))
    retiring_woman = member_in(care.group_a, name="退休女", gender=Gender.FEMALE, birth_date=date(1971, 7, 1))
    member_in(
        care.group_a, name="女六十", gender=Gender.FEMALE, birth_date=date(1966, 6, 25)
    )  # retired at 55 already

    found = who_to_visit(care.union_a, today=today)
    assert found.occurrences == [hospital]
    assert [(m, d) for m, d in found.birthdays] == [(birthday, date(2026, 6, 14))]
    assert [(m.name, d) for m, d in found.retirements] == [
        ("退休男", date(2026, 6, 25)),
        ("退休女", date(2026, 7, 1)),
    ]
    assert retiring_man and retiring_woman
    # Windows are configurable.
    wider = who_to_visit(care.union_a, today=today, birthday_days=60, retirement_days=10)
    assert {"生日", "太远"} <= {m.name for m, _ in wider.birthdays}
    assert [m.name for m, _ in wider.retirements] == []
    VisitFactory(org=care.group_a, member=birthday, occasion=Occasion.BIRTHDAY, visited_on=today)
    assert who_to_visit(care.union_a, today=today).birthdays == []


def test_birthdays_across_the_new_year(care):
    member = member_in(care.group_a, birth_date=date(1980, 1, 2))
    found = who_to_visit(care.union_a, today=date(2026, 12, 29))
    assert found.birthdays == [(member, date(2027, 1, 2))]


def test_to_visit_page_window_form_rejects_nonsense(care, login):
    from django.urls import reverse

    response = login(care.officer_a).get(
        reverse("care:to_visit", args=[care.union_a.code]) + "?birthday_days=abc&retirement_days=-4"
    )
    assert response.status_code == 200
    assert response.context["window_form"].errors
