"""60 delegates voting in the same second, each twice: no lost or double counts (PostgreSQL, threads)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.democracy import services
from gonghui.democracy.models import CongressKind, ItemKind
from gonghui.democracy.tests.conftest import seat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def test_sixty_delegates_voting_at_once(world):
    congress = services.create_congress(
        org=world.union_a, kind=CongressKind.WORKERS, term_number=1, starts_on=date(2024, 3, 1),
        ends_on=date(2027, 2, 28),
    )  # fmt: skip
    delegates = seat(congress, 60)
    session = services.create_session(congress=congress, held_on=date(2026, 6, 15), by=world.chair_a)
    for d in delegates:
        services.check_in(session=session, delegate=d, by=world.chair_a)
    item = services.add_agenda_item(session=session, title="审议", kind=ItemKind.APPROVE)
    vote = services.create_vote(item=item)
    services.open_vote(vote=vote, by=world.chair_a)
    options = vote.option_rows()

    def cast(i):
        user = delegates[i % 60].member.user
        try:
            services.cast_ballot(vote=vote, user=user, option_id=options[i % 60 % 3].pk)
            return "ok"
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(cast, range(120)))  # every delegate tries twice
    assert outcomes.count("ok") == 60 and outcomes.count("refused") == 60
    vote = services.close_vote(vote=vote, by=world.chair_a)
    assert [o.count for o in vote.option_rows()] == [20, 20, 20]
    assert vote.ballots_cast == 60
