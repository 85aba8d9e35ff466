"""The dues overview under load (bench/locustfile.py): its queries stay few and do not grow with the
members, their payments or the months of the year (a bound on queries, not on time)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.dues import months
from gonghui.dues.tests.factories import DuesPaymentFactory
from gonghui.members.tests.factories import MemberFactory

OVERVIEW_QUERIES = 11  # session, user, roles, active org, switcher, menu; collection rate; two month counts


def _pay(member, first, last):
    DuesPaymentFactory(
        org=member.org,
        member=member,
        first_month=months.month_index(2026, first),
        last_month=months.month_index(2026, last),
        paid_on=date(2026, last, 10),
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.time_machine("2026-12-20 10:00 +08:00")
@pytest.mark.parametrize("user, org", [("fed_admin", "fed"), ("chair_a", "union_a")])
def test_overview_queries_bounded_and_flat(world, login, user, org):
    client = login(getattr(world, user))
    url = f"/dues/{getattr(world, org).code}/"
    _pay(world.member_a_record, 1, 3)
    few = _queries(client, url)
    assert few <= OVERVIEW_QUERIES
    for n in range(12):
        member = MemberFactory(
            org=world.union_a if n % 2 else world.group_a, join_date=date(2026, n % 12 + 1, 1)
        )
        _pay(member, n % 12 + 1, 12)
        _pay(MemberFactory(org=world.union_b), 1, n % 12 + 1)
    assert _queries(client, url) == few
