"""The member's phone home (`/` for a member-only user) and their own record: every section from the
owning app's reads, in a bounded number of queries, and nobody else's data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models import AttendanceStatus
from gonghui.activities.tests.factories import ActivityFactory, AttendanceFactory
from gonghui.care.tests.factories import OccurrenceFactory
from gonghui.conftest import FIXED_NOW, ROLE_USERS
from gonghui.democracy.models import VoteStatus
from gonghui.democracy.tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    LeaderEvaluationFactory,
    ProposalFactory,
    SecondingFactory,
    SessionFactory,
    VoteFactory,
)
from gonghui.dues import months
from gonghui.dues.tests.factories import DuesBaseFactory, DuesPaymentFactory
from gonghui.members.tests.factories import MemberFactory
from gonghui.unionwork.tests.factories import HonourFactory
from gonghui.voice.models import Audience
from gonghui.voice.tests.factories import NoticeFactory

# Written around the suite's day (2026-06-15: dues owed April to June, a round open in June): pinned
# there, also under the date sweep.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(FIXED_NOW, tick=True)]


def _paid_to_march(w):
    """Jan–Mar 2026 paid on a 6000 元 wage (0.5 %: 30 元 a month); April to June (today) owed."""
    member = w.member_a_record
    DuesBaseFactory(org=member.org, member=member, monthly_wage=Decimal("6000"))
    DuesPaymentFactory(
        org=member.org,
        member=member,
        first_month=months.month_index(2026, 1),
        last_month=months.month_index(2026, 3),
        amount=Decimal("90.00"),
        paid_on=date(2026, 3, 5),
    )


def _congress(w, n=1):
    delegate = DelegateFactory(org=w.union_a, member=w.member_a_record)
    session = SessionFactory(org=w.union_a, congress=delegate.congress)
    for i in range(n):
        item = AgendaItemFactory(org=w.union_a, session=session, title=f"审议职工福利制度{i}")
        VoteFactory(
            org=w.union_a, item=item, session=session, status=VoteStatus.OPEN, opened_at=timezone.now()
        )
        LeaderEvaluationFactory(
            org=w.union_a, session=session, status=VoteStatus.OPEN, by_members=True, title=f"民主评议{i}"
        )
        proposal = ProposalFactory(org=w.union_a, session=session, title=f"增设职工休息室{i}")
        SecondingFactory(org=w.union_a, proposal=proposal, delegate=delegate)
    return delegate


def _published(w, n=1):
    for i in range(n):
        for audience in (Audience.ALL, Audience.DELEGATES, Audience.WOMEN):
            NoticeFactory(org=w.union_a, audience=audience, title=f"{audience.label}公示{i}")
        NoticeFactory(org=w.union_a, audience=Audience.GROUP, audience_group=w.group_a, title=f"小组公示{i}")
        ActivityFactory(org=w.union_a, title=f"职工趣味运动会{i}")


def test_a_member_lands_on_the_home_with_every_section(world, login):
    _paid_to_march(world)
    _congress(world)
    _published(world)
    NoticeFactory(org=world.union_b, title="乙校的公示")
    signed = ActivityFactory(org=world.union_a, title="读书分享会")
    AttendanceFactory(org=world.group_a, activity=signed, member=world.member_a_record)
    body = login(world.member_a).get("/", follow=True).content.decode()
    unread = body.split('data-testid="unread"')[1].split("</div></div>")[0]
    assert "全体职工（含下级组织）公示0" in unread and "职工代表公示0" in unread and "小组公示0" in unread
    assert "女职工公示0" not in unread and "乙校的公示" not in body  # a man; another union
    activities = body.split('data-testid="activities"')[1]
    assert (
        "职工趣味运动会0" in activities and reverse("activities:sign_up_self", args=[signed.pk]) not in body
    )
    assert "读书分享会" in activities and AttendanceStatus.REGISTERED.label in activities
    dues = body.split('data-testid="dues"')[1]
    assert "已缴至 <strong>2026年3月</strong>" in dues
    assert "欠缴 3 个月" in dues and "2026-04 至 2026-06" in dues and "90.00 元" in dues
    congress = body.split('data-testid="congress"')[1]
    assert "审议职工福利制度0" in congress and "民主评议0" in congress and "增设职工休息室0" in congress
    assert reverse("care:report_own") in body and reverse("voice:record") in body


def test_the_home_is_the_same_page_at_voice_me(world, login):
    _paid_to_march(world)
    assert 'data-testid="dues"' in login(world.member_a).get(reverse("voice:me")).content.decode()


def test_not_a_delegate_no_congress_votes(world, login):
    other = DelegateFactory(org=world.union_a)  # someone else's seat and vote
    session = SessionFactory(org=world.union_a, congress=other.congress)
    VoteFactory(
        org=world.union_a, item=AgendaItemFactory(org=world.union_a, session=session), status=VoteStatus.OPEN
    )
    assert 'data-testid="congress"' not in login(world.member_a).get("/", follow=True).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/", follow=True).status_code == 200
    return len(captured)


def test_the_home_takes_the_same_queries_however_much_there_is(world, login):
    _paid_to_march(world)
    _congress(world)
    _published(world)
    client = login(world.member_a)
    client.cookies.load({})
    few = _queries(client)
    _congress(world, n=5)
    _published(world, n=8)
    for _ in range(5):
        AttendanceFactory(
            org=world.group_a, activity=ActivityFactory(org=world.union_a), member=world.member_a_record
        )
    many = _queries(client)
    assert many <= few < 60, (few, many)


# ---- the own record ----------------------------------------------------------------------------


def _someone_else(w):
    other = MemberFactory(org=w.group_a, name="邻居老王")
    DuesPaymentFactory(org=w.group_a, member=other, note="老王的缴费", amount=Decimal("77.77"))
    HonourFactory(org=w.union_a, member=other, title="老王的先进")
    OccurrenceFactory(org=w.group_a, member=other, note="老王住院")
    AttendanceFactory(
        org=w.group_a, member=other, activity=ActivityFactory(org=w.union_a, title="老王的活动")
    )
    return other


def test_the_record_shows_their_own_data_only_and_masked(world, login):
    me = world.member_a_record
    _paid_to_march(world)
    HonourFactory(org=world.union_a, member=me, title="优秀工会会员")
    OccurrenceFactory(org=world.group_a, member=me, note="县医院住院")
    AttendanceFactory(
        org=world.group_a, member=me, activity=ActivityFactory(org=world.union_a, title="五一长跑")
    )
    _someone_else(world)
    body = login(world.member_a).get(reverse("voice:record")).content.decode()
    assert me.name in body and "优秀工会会员" in body and "县医院住院" in body and "五一长跑" in body
    assert "2026-01 至 2026-03" in body and "已缴至 <strong>2026年3月</strong>" in body
    assert me.id_number not in body and me.id_number[-4:] in body and me.phone not in body
    for theirs in ("邻居老王", "77.77", "老王的先进", "老王住院", "老王的活动"):
        assert theirs not in body


@pytest.mark.parametrize("role", ROLE_USERS)
def test_the_record_is_only_ever_the_users_own(world, login, role):
    user = getattr(world, role)
    client = login(user)
    if role != "member_a":
        assert client.get(reverse("voice:record")).status_code == 404  # no roster row bound to them
        home = {"chair_b": world.union_b, "group_leader_a": world.group_a}.get(role, world.union_a)
        MemberFactory(org=home, user=user, name="本人档案")
    body = client.get(reverse("voice:record")).content.decode()
    assert ("甲会员" in body) == (role == "member_a")
    assert ("本人档案" in body) == (role != "member_a")


def test_the_record_page_is_for_logged_in_users(client, world):
    assert client.get(reverse("voice:record")).status_code == 302


def test_activities_past_or_closed_are_not_offered(world, login):
    ActivityFactory(
        org=world.union_a,
        title="已截止的活动",
        signup_deadline=timezone.now() - timedelta(hours=1),
    )
    ActivityFactory(org=world.union_a, title="只限女职工", audience="women")
    body = login(world.member_a).get("/", follow=True).content.decode()
    assert "只限女职工" not in body
    assert "报名已截止" in body.split("已截止的活动")[1][:600]
