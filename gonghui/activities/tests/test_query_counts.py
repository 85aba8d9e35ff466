"""The activity pages of the load scenario (bench/locustfile.py): a bound on their queries that does not
grow with the activities or their sign-ups, and the day ranges the overview's figures count by."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.activities.tests.factories import ActivityFactory, AttendanceFactory, member_in

LIST_QUERIES = 16
DETAIL_QUERIES = 14


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, follow=True)
    assert response.status_code == 200
    return len(queries)


def _busy(world, n):
    for i in range(n):
        activity = ActivityFactory(
            org=world.union_a if i % 2 else world.fed, start=timezone.now() - timedelta(days=i)
        )
        for _ in range(2):
            AttendanceFactory(org=world.union_a, activity=activity, member=member_in(world.group_a))


@pytest.mark.parametrize("user", ["fed_admin", "chair_a", "member_a"])
def test_list_queries_bounded_and_flat(world, login, user):
    client = login(getattr(world, user))
    org = world.fed if user == "fed_admin" else world.union_a
    url = f"/activities/org/{org.code}/"
    _busy(world, 1)
    few = _queries(client, url)
    assert few <= LIST_QUERIES
    _busy(world, 8)
    assert _queries(client, url) == few


@pytest.mark.parametrize("user", ["chair_a", "member_a"])
def test_detail_queries_bounded_and_flat(world, login, user):
    activity = ActivityFactory(org=world.union_a)
    client = login(getattr(world, user))
    url = f"/activities/{activity.pk}/"
    AttendanceFactory(org=world.union_a, activity=activity, member=member_in(world.group_a))
    few = _queries(client, url)
    assert few <= DETAIL_QUERIES
    for _ in range(8):
        AttendanceFactory(org=world.union_a, activity=activity, member=member_in(world.group_a))
    assert _queries(client, url) == few


def test_in_period_counts_whole_local_days(world):
    zone = timezone.get_current_timezone()
    at = [
        datetime(2026, 2, 28, 23, 59, tzinfo=zone),  # the day before
        datetime(2026, 3, 1, 0, 0, tzinfo=zone),  # first minute of the first day
        datetime(2026, 3, 31, 23, 59, tzinfo=zone),  # last minute of the last day
        datetime(2026, 4, 1, 0, 0, tzinfo=zone),  # the day after
    ]
    made = [ActivityFactory(org=world.union_a, start=start, end=start + timedelta(minutes=1)) for start in at]
    inside = set(Activity.objects.in_period(date(2026, 3, 1), date(2026, 3, 31)).values_list("pk", flat=True))
    assert inside == {made[1].pk, made[2].pk}
