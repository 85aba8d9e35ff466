from datetime import date
from types import SimpleNamespace

import pytest

from gonghui.care.tests.factories import member_in
from gonghui.democracy import services
from gonghui.democracy.models import Category, CongressKind, DelegateKind, ItemKind
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user


def seat(congress, n, *, prefix="d", category=Category.FRONTLINE, kind=DelegateKind.REGULAR):
    """n delegates of `congress`, each a member with a login (role member on the congress's union)."""
    found = []
    for i in range(n):
        user = make_user(f"{prefix}{i}_{congress.pk.hex[:6]}", Role.MEMBER, congress.org)
        member = member_in(congress.org, name=f"代表{prefix}{i}", user=user)
        found.append(
            services.add_delegate(
                congress=congress, member=member, category=category, elected_on=date(2024, 3, 1), kind=kind
            )
        )
    return found


@pytest.fixture
def congress_world(world):
    """union_a's 职代会 with 6 seated delegates (member_a is one), a session on 2026-06-15, an item."""
    congress = services.create_congress(
        org=world.union_a,
        kind=CongressKind.WORKERS,
        term_number=1,
        starts_on=date(2024, 3, 1),
        ends_on=date(2027, 2, 28),
    )
    delegates = seat(congress, 5)
    delegates.append(
        services.add_delegate(
            congress=congress,
            member=world.member_a_record,
            category=Category.FRONTLINE,
            elected_on=date(2024, 3, 1),
        )
    )
    session = services.create_session(congress=congress, held_on=date(2026, 6, 15), by=world.chair_a)
    item = services.add_agenda_item(session=session, title="审议《职工福利制度》", kind=ItemKind.APPROVE)
    return SimpleNamespace(**vars(world), congress=congress, delegates=delegates, session=session, item=item)


def users_of(delegates):
    return [d.member.user for d in delegates]
