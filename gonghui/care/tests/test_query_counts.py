"""The care overview under load (bench/locustfile.py): a bound on its queries that does not grow with
the members, their birthdays in the window or their visits (a bound on queries, not on time)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.care.models import Occasion
from gonghui.care.tests.factories import VisitFactory, member_in

OVERVIEW_QUERIES = 18


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.time_machine("2026-12-28 10:00 +08:00")  # the birthday window runs into January
@pytest.mark.parametrize("user, org", [("fed_admin", "fed"), ("officer_a", "union_a")])
def test_overview_queries_bounded_and_flat(world, login, user, org):
    client = login(getattr(world, user))
    url = f"/care/{getattr(world, org).code}/"
    member_in(world.group_a, birth_date=date(1980, 12, 30))
    few = _queries(client, url)
    assert few <= OVERVIEW_QUERIES
    for n in range(6):
        birthday = member_in(world.group_a, birth_date=date(1970 + n, 12 if n % 2 else 1, 29 if n % 2 else 2))
        VisitFactory(
            org=world.group_a, member=birthday, occasion=Occasion.HOSPITALISED, visited_on=date(2026, 5, 1)
        )
        VisitFactory(org=world.union_b, visited_on=date(2026, 6, n + 1))
    assert _queries(client, url) == few
