from datetime import date
from decimal import Decimal

import pytest

from gonghui.dues import months, reads
from gonghui.dues.metrics import collection
from gonghui.dues.models import first_month_due
from gonghui.dues.tests.factories import DuesPaymentFactory
from gonghui.members.models import EventKind, Member, MemberStatus
from gonghui.members.tests.factories import MemberEventFactory, MemberFactory
from gonghui.metrics import registry

Y = 2025


def m(month):
    return months.month_index(Y, month)


def paid(member, first, last):
    return DuesPaymentFactory(
        org=member.org,
        member=member,
        first_month=first,
        last_month=last,
        amount=Decimal(30 * (last - first + 1)),
    )


@pytest.fixture
def cast(world):
    Member.objects.all().delete()  # the world's own member would add 12 months due
    full = MemberFactory(org=world.group_a, name="全年", join_date=date(2019, 1, 1))
    paid(full, m(1), m(12))
    mid = MemberFactory(org=world.union_a, name="年中", join_date=date(Y, 7, 15))  # owes Jul–Dec: 6 months
    paid(mid, m(7), m(9))
    early = MemberFactory(org=world.group_a, name="预缴", join_date=None)  # owes all 12
    paid(early, m(11) - 12, m(3))  # Nov last year to Mar: 3 months count
    gone = MemberFactory(org=world.group_a, name="退会", join_date=date(2010, 1, 1), status=MemberStatus.LEFT)
    paid(gone, m(1), m(6))
    other = MemberFactory(org=world.union_b, name="乙校", join_date=date(2010, 1, 1))
    paid(other, m(1), m(6))
    return world


def test_collection_rate_counts_months_after_joining_and_skips_members_who_left(cast):
    # due: 12 (全年) + 6 (年中) + 12 (预缴) = 30; paid: 12 + 3 + 3 = 18
    assert collection(cast.union_a.subtree(), m(1), m(12)) == (18, 30)
    value = registry.compute("dues.collection_rate", cast.union_a, date(Y, 1, 1), date(Y, 12, 31))
    assert value.value == 60.0
    # the federation adds 乙校: due 12, paid 6
    assert collection(cast.fed.subtree(), m(1), m(12)) == (24, 42)


def test_payment_before_joining_does_not_count(cast):
    before = collection(cast.union_a.subtree(), m(1), m(12))
    late = MemberFactory(org=cast.union_a, join_date=date(Y, 6, 1))
    paid(late, m(3), m(8))  # joined in June: Mar–May were not due and do not count
    after = collection(cast.union_a.subtree(), m(1), m(12))
    assert (after[0] - before[0], after[1] - before[1]) == (3, 7)


def test_no_members_is_no_data(world):
    Member.objects.all().delete()
    value = registry.compute("dues.collection_rate", world.union_b, date(Y, 1, 1), date(Y, 12, 31))
    assert value.display() == "无数据"


def test_amount_collected(cast):
    value = registry.compute("dues.amount", cast.union_a, date(Y, 1, 1), date(Y, 12, 31))
    assert value.value == 30 * (12 + 3 + 5 + 6)


def test_arrears_list_shows_who_owes_which_months(cast):
    members = Member.objects.active().in_subtree(cast.union_a)
    owing = list(reads.with_arrears(members, m(1), m(12)).order_by("name"))
    assert [(x.name, x.months_owed) for x in owing] == [("年中", 3), ("预缴", 9)]
    owed = reads.owed_months(owing, m(1), m(12))
    assert reads.owed_text(owed[owing[0].pk]) == "2025-10 至 2025-12"
    assert reads.owed_text(owed[owing[1].pk]) == "2025-04 至 2025-12"


def test_month_counts(cast):
    counts = {c.month: c for c in reads.month_counts(cast.union_a.subtree(), m(1), m(12))}
    assert (counts[m(1)].due, counts[m(1)].paid) == (2, 2)
    assert (counts[m(7)].due, counts[m(7)].paid) == (3, 2)
    assert (counts[m(12)].due, counts[m(12)].paid) == (3, 1)


@pytest.fixture
def leavers(cast):
    """Three members of union A who stopped part-way through the year, each paid Jan–Mar."""
    from gonghui.members import services as members

    left = MemberFactory(org=cast.group_a, name="退会者", join_date=date(2015, 1, 1))
    paid(left, m(1), m(3))
    members.leave_member(member=left, by=None, on=date(Y, 4, 20))  # owes Jan–Apr: 4, paid 3
    retired = MemberFactory(org=cast.union_a, name="退休者", join_date=date(2015, 1, 1))
    paid(retired, m(1), m(6))
    members.retire_member(member=retired, by=None, on=date(Y, 2, 28))  # owes Jan–Feb: 2, paid 2 of 6
    members.record_death(member=retired, by=None, on=date(Y, 9, 1))  # the first leaving date counts
    moved = MemberFactory(
        org=cast.group_a, name="转出者", join_date=date(Y, 3, 1), status=MemberStatus.TRANSFERRED
    )
    MemberEventFactory(org=cast.group_a, member=moved, kind=EventKind.TRANSFERRED_OUT, on=date(Y, 5, 2))
    paid(moved, m(3), m(3))  # owes Mar–May: 3, paid 1
    before = MemberFactory(org=cast.group_a, name="早已退会", join_date=date(2015, 1, 1))
    members.leave_member(member=before, by=None, on=date(Y - 1, 12, 31))  # nothing due this year
    return cast


def test_members_who_left_owe_months_up_to_leaving(leavers):
    # the cast's 30 due / 18 paid, plus 4 + 2 + 3 due and 3 + 2 + 1 paid
    assert collection(leavers.union_a.subtree(), m(1), m(12)) == (24, 39)
    # June on, all three are gone: only the cast's 全年 (7 paid of 7), 年中 (3 of 6), 预缴 (0 of 7)
    assert collection(leavers.union_a.subtree(), m(6), m(12)) == (7 + 3, 7 + 6 + 7)


def test_arrears_of_members_who_left(leavers):
    members = Member.objects.in_subtree(leavers.union_a)
    owing = {x.name: x for x in reads.with_arrears(members, m(1), m(12))}
    assert set(owing) == {"年中", "预缴", "退会者", "转出者"}
    assert (owing["退会者"].months_due, owing["退会者"].months_owed) == (4, 1)
    assert (owing["转出者"].months_due, owing["转出者"].months_owed) == (3, 2)
    owed = reads.owed_months(list(owing.values()), m(1), m(12))
    assert reads.owed_text(owed[owing["退会者"].pk]) == "2025-04"
    assert reads.owed_text(owed[owing["转出者"].pk]) == "2025-04 至 2025-05"


def test_month_counts_stop_at_leaving(leavers):
    counts = {c.month: c for c in reads.month_counts(leavers.union_a.subtree(), m(1), m(12))}
    assert (counts[m(1)].due, counts[m(1)].paid) == (2 + 2, 2 + 2)  # + 退会者, 退休者
    assert (counts[m(4)].due, counts[m(4)].paid) == (2 + 2, 1)  # + 退会者, 转出者; neither paid April
    assert (counts[m(7)].due, counts[m(7)].paid) == (3, 2)  # back to the cast alone


def test_member_page_greys_months_after_leaving(login, leavers):
    from django.urls import reverse

    left = Member.objects.get(name="退会者")
    page = login(leavers.chair_a).get(reverse("dues:member", args=[left.pk]) + f"?year={Y}")
    grid = page.content.decode()
    assert f'data-month="{m(4)}" data-paid="0" title="未缴"' in grid
    assert f'data-month="{m(5)}" data-paid="0" title="不在会"' in grid


@pytest.fixture
def moved(cast):
    """调动者 joined in 2015, paid Jan–Jun in union A, and was accepted by union B on 20 June (会籍转接);
    the new record in B keeps the join date and paid Jul–Sep."""
    from gonghui.members import services as members

    old = MemberFactory(org=cast.group_a, name="调动者", join_date=date(2015, 1, 1))
    paid(old, m(1), m(6))
    transfer = members.start_transfer(member=old, to_org=cast.union_b, by=cast.chair_a)
    new = members.accept_transfer(transfer=transfer, by=cast.chair_b, on=date(Y, 6, 20))
    paid(new, m(7), m(9))
    cast.old, cast.new = old, new
    return cast


def test_transferred_member_owes_each_union_its_own_months(moved):
    # A: the cast's 18 of 30, plus Jan–Jun (the transfer month included), all paid
    assert collection(moved.union_a.subtree(), m(1), m(12)) == (18 + 6, 30 + 6)
    # B: 乙校's 6 of 12, plus Jul–Dec only, 3 paid; the months in A are not due again here
    assert collection(moved.union_b.subtree(), m(1), m(12)) == (6 + 3, 12 + 6)
    # the federation: 12 months due for the person, not 18
    assert collection(moved.fed.subtree(), m(1), m(12)) == (24 + 6 + 3, 42 + 12)
    assert collection(moved.union_b.subtree(), m(1), m(6)) == (6, 6)  # nothing due in B before July


def test_arrears_and_month_counts_of_a_transferred_member(moved):
    owing = {x.name: x for x in reads.with_arrears(Member.objects.in_subtree(moved.fed), m(1), m(12))}
    assert owing["调动者"].pk == moved.new.pk  # the old record owes nothing: Jan–Jun paid
    assert (owing["调动者"].months_due, owing["调动者"].months_owed) == (6, 3)
    owed = reads.owed_months([owing["调动者"]], m(1), m(12))
    assert reads.owed_text(owed[moved.new.pk]) == "2025-10 至 2025-12"
    counts = {c.month: c for c in reads.month_counts(moved.union_b.subtree(), m(1), m(12))}
    assert (counts[m(6)].due, counts[m(6)].paid) == (1, 1)  # 乙校 only
    assert (counts[m(7)].due, counts[m(7)].paid) == (2, 1)


def test_member_page_of_a_transferred_member_starts_after_the_transfer(login, moved):
    from django.urls import reverse

    page = login(moved.chair_b).get(reverse("dues:member", args=[moved.new.pk]) + f"?year={Y}")
    grid = page.content.decode()
    assert f'data-month="{m(6)}" data-paid="0" title="不在会"' in grid
    assert f'data-month="{m(7)}" data-paid="1" title="已缴"' in grid
    assert f'data-month="{m(10)}" data-paid="0" title="未缴"' in grid


@pytest.mark.parametrize(
    "joined, moved_in, due",
    [
        (None, None, 12),
        (date(Y - 1, 12, 31), None, 12),
        (date(Y, 1, 31), None, 12),
        (date(Y, 2, 1), None, 11),
        (date(Y, 9, 30), None, 4),
        (date(Y, 10, 1), None, 3),
        (date(Y, 12, 31), None, 1),
        (date(Y + 1, 1, 1), None, 0),
        (date(2015, 1, 1), date(Y - 1, 12, 31), 12),  # transferred in: from the month after
        (date(2015, 1, 1), date(Y, 1, 1), 11),
        (date(2015, 1, 1), date(Y, 9, 30), 3),
        (date(2015, 1, 1), date(Y, 12, 1), 0),
        (None, date(Y, 10, 15), 2),
    ],
)
def test_months_due_from_joining_or_transfer(world, joined, moved_in, due):
    """The SQL month arithmetic (dues.models.MonthIndex) agrees with Python's at month edges, and the
    metric, the month counts and the member's dues tab (first_month_due) agree with each other."""
    Member.objects.all().delete()
    member = MemberFactory(org=world.union_a, join_date=joined, transferred_in_on=moved_in)
    owed = set(range(m(13) - due, m(13)))  # the last `due` months of the year
    assert collection(world.union_a.subtree(), m(1), m(12)) == (0, due)
    assert {c.month for c in reads.month_counts(world.union_a.subtree(), m(1), m(12)) if c.due} == owed
    assert max(first_month_due(member) or m(1), m(1)) == m(13) - due
