"""A dues payment may cover months at most 12 ahead and be paid no later than today (Asia/Shanghai):
a payment for 2099 was accepted. Form, API and import. The clock is pinned to New Year's morning."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gonghui.dues import services
from gonghui.dues.models import DuesPayment
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def new_years_morning():
    with time_machine.travel(datetime(2027, 1, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def member(world):
    return MemberFactory(org=world.group_a, name="张三", join_date=date(2020, 1, 1))


def by_form(client, world, member, first, last, paid_on="2027-01-01"):
    data = {"member": str(member.pk), "first_month": first, "last_month": last, "amount": "30"}
    data |= {"paid_on": paid_on, "method": "cash"}
    return client.post(reverse("dues:record", args=[world.union_a.code]), data)


def by_api(client, member, first, last, paid_on="2027-01-01"):
    body = {"first_month": first, "last_month": last, "amount": "30", "paid_on": paid_on, "method": "cash"}
    return client.post(
        f"/api/dues/members/{member.pk}/payments", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("first", "last", "paid_on", "message"),
    [
        ("2099-01", "2099-03", "2027-01-01", "最多预缴 12 个月"),
        ("2027-12", "2028-02", "2027-01-01", "截止月份最晚为 2028-01"),
        ("2026-10", "2026-12", "2027-01-02", "缴费日期不能晚于今天"),
        ("1927-01", "1927-03", "2027-01-01", "起始月份不能早于"),
    ],
)
def test_payments_beyond_the_sensible_dates_are_refused(login, world, member, first, last, paid_on, message):
    client = login(world.chair_a)
    assert message in by_form(client, world, member, first, last, paid_on).content.decode()
    api = by_api(client, member, first, last, paid_on)
    assert api.status_code == 422 and message in api.json()["detail"]
    assert not DuesPayment.objects.exists()


def test_a_year_ahead_is_allowed(login, world, member):
    client = login(world.chair_a)
    assert by_form(client, world, member, "2027-11", "2028-01").status_code == 302
    assert by_api(client, member, "2026-12", "2026-12").status_code == 201


def test_the_service_takes_the_day_it_is_given():
    with pytest.raises(services.ValidationError, match="2099-01"):
        services.validate_months(member=None, first_month=10**6, last_month=10**6, today=date(2098, 1, 15))
