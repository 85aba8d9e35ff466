"""Visits and aid are recorded after they happen: a date after today (Asia/Shanghai) is refused, by
the form and by the API, and so is a mistyped year. The clock is pinned to the year boundary, where
a server on UTC would still be in the old year."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gonghui.care.models import Aid, Visit
from gonghui.care.tests.factories import OnFileCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def new_years_morning():
    with time_machine.travel(datetime(2027, 1, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def visit_by_form(client, care, day):
    url = reverse("care:visit_create", args=[care.union_a.code])
    return client.post(url, {"member": care.patient.pk, "occasion": "hospitalised", "visited_on": day})


@pytest.mark.parametrize(
    ("day", "message"),
    [("2027-01-02", "不能晚于今天"), ("2099-01-01", "不能晚于今天"), ("1927-01-01", "不能早于 2000 年")],
)
def test_a_visit_outside_the_sensible_dates_is_refused(care, login, day, message):
    client = login(care.officer_a)
    assert message in visit_by_form(client, care, day).content.decode()
    api = client.post(
        f"/api/care/{care.union_a.code}/visits",
        json.dumps({"member_id": str(care.patient.pk), "occasion": "hospitalised", "visited_on": day}),
        content_type="application/json",
    )
    assert api.status_code == 422 and message in api.json()["detail"]
    assert not Visit.objects.exists()


def test_a_visit_today_in_shanghai_is_recorded(care, login):
    assert visit_by_form(login(care.officer_a), care, "2027-01-01").status_code == 302
    assert Visit.objects.get().visited_on.isoformat() == "2027-01-01"


@pytest.mark.parametrize(
    ("day", "created"), [("2027-01-01", True), ("2027-01-02", False), ("2099-03-01", False)]
)
def test_aid_may_not_be_paid_in_the_future(care, login, day, created):
    case = OnFileCaseFactory(org=care.group_a)
    body = {
        "case_id": str(case.pk),
        "kind": "living",
        "amount": "800",
        "paid_on": day,
        "fund_source": "工会经费",
        "approved_by": "王主席",
    }
    response = login(care.officer_a).post(
        f"/api/care/{care.union_a.code}/aid", json.dumps(body), content_type="application/json"
    )
    assert (response.status_code == 201) is created
    if not created:
        assert "不能晚于今天" in response.json()["detail"]
    assert Aid.objects.exists() is created
