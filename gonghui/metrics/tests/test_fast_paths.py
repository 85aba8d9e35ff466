"""Every registered metric: the snapshot task's figures equal the metric computed directly.

Parametrized over the registry, so a metric added later is covered without touching this file. Each
key is checked twice: through its grouped fast path (if it has one) and through the per-org path,
for every union and every federation (the roll-up), including rows a federation holds itself.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities.models import Category
from gonghui.activities.tests.factories import ActivityFactory, AttendanceFactory
from gonghui.care.models import CaseStatus, Occasion
from gonghui.care.tests.factories import AidFactory, HardshipCaseFactory, OnFileCaseFactory, VisitFactory
from gonghui.dues import months
from gonghui.dues.tests.factories import DuesPaymentFactory
from gonghui.members.models import EventKind, MemberStatus
from gonghui.members.services import accept_transfer, start_transfer
from gonghui.members.tests.factories import MemberEventFactory
from gonghui.metrics import registry
from gonghui.metrics.models import MetricSnapshot
from gonghui.metrics.snapshots import build_snapshots, month_end
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import make_org
from gonghui.plans.models import ItemStatus
from gonghui.plans.tests.factories import EvidenceFactory, PlanFactory, ScheduleItemFactory
from gonghui.reports.tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
MONTHS = [date(YEAR, 2, 1), date(YEAR, 3, 1)]
KEYS = [m.key for m in registry.all_metrics()]

_n = iter(range(100000))


def _member(org, joined=date(2015, 1, 1), **fields):
    from gonghui.care.tests.factories import member_in

    return member_in(org, join_date=joined, phone=f"136{next(_n):08d}", **fields)


def _at(month, day):
    return timezone.make_aware(datetime(YEAR, month, day, 9, 0))


def _activity(org, month, category=Category.SPORTS, cost=None):
    start = _at(month, 10)
    return ActivityFactory(org=org, start=start, end=start, category=category, actual_cost=cost)


def _came(activity, member, attended=True):
    return AttendanceFactory(
        org=member.org, activity=activity, member=member, attended_at=_at(1, 1) if attended else None
    )


def _pay(member, first, last, paid_on, amount="30.00"):
    return DuesPaymentFactory(
        org=member.org,
        member=member,
        first_month=months.month_index(YEAR, first),
        last_month=months.month_index(YEAR, last),
        paid_on=paid_on,
        amount=Decimal(amount),
    )


@pytest.fixture
def tree(world):
    """fed (holding rows itself) → union_a → group_a, union_b, town (federation, with rows) → union_c."""
    town = make_org(world.fed, code="town", name="某镇总工会", kind=OrgKind.FEDERATION)
    union_c = make_org(town, code="union-c", name="丙厂工会")  # no employee count on record
    for org in (world.fed, world.union_a, world.union_b, world.group_a):
        org.refresh_from_db()  # siblings are kept sorted by code: adding "town" moved their paths
    fed, a, b, group = world.fed, world.union_a, world.union_b, world.group_a

    # Members: joined at various times, one without a join date, some gone, one held by the federation.
    a1, a2 = _member(a), _member(a, joined=date(YEAR, 2, 15))
    a3 = _member(a, joined=None)
    g1, g2 = _member(group), _member(group, joined=date(YEAR, 3, 20))
    g_left = _member(group, status=MemberStatus.LEFT)
    b1, b2 = _member(b), _member(b, joined=date(2020, 6, 1))
    c1 = _member(union_c)
    staff = _member(fed)

    # Dues: partial, full, one payment before joining, one of a member who left since, one in another year.
    _pay(a1, 1, 3, date(YEAR, 1, 20))
    _pay(a2, 1, 3, date(YEAR, 2, 20), amount="90.00")
    _pay(g1, 1, 1, date(YEAR, 1, 5))
    _pay(g1, 2, 2, date(YEAR, 3, 5))
    _pay(g_left, 1, 3, date(YEAR, 1, 5))
    _pay(b1, 1, 6, date(YEAR, 2, 1), amount="180.00")
    _pay(c1, 1, 2, date(YEAR - 1, 12, 30))
    _pay(staff, 1, 3, date(YEAR, 2, 2))
    MemberEventFactory(org=group, member=g_left, kind=EventKind.LEFT, on=date(YEAR, 2, 10))  # owes Jan, Feb
    # 会籍转接 from union A to union C on 10 February: A is owed Jan–Feb, C (in another federation) March on.
    moving = _member(a)
    _pay(moving, 1, 2, date(YEAR, 1, 8))
    transfer = start_transfer(member=moving, to_org=union_c, by=None)
    moved = accept_transfer(transfer=transfer, by=None, on=date(YEAR, 2, 10))
    _pay(moved, 2, 3, date(YEAR, 3, 1))  # February was A's: only March counts in C
    voided = _pay(b2, 1, 3, date(YEAR, 2, 5))
    voided.voided_at = timezone.now()
    voided.save()

    # Activities: each union, the group, the federations themselves; attendance across orgs.
    sports_a = _activity(a, 2, cost=Decimal("1200.50"))
    culture_g = _activity(group, 3, Category.CULTURE, cost=Decimal("300"))
    festival_b = _activity(b, 1, Category.FESTIVAL)
    study_fed = _activity(fed, 2, Category.STUDY, cost=Decimal("5000"))
    _activity(town, 3, Category.OUTING, cost=Decimal("800"))
    _activity(a, 5, Category.SPORTS, cost=Decimal("99"))  # after the period
    for activity, member in [
        (sports_a, a1),
        (sports_a, a2),
        (study_fed, a1),  # a1 twice: one person in the participation rate, two in attendance
        (culture_g, g1),
        (study_fed, g1),
        (study_fed, b1),
        (festival_b, b2),
        (study_fed, c1),
        (sports_a, g_left),  # left since: counts in attendance, not in participation
    ]:
        _came(activity, member)
    _came(festival_b, b1, attended=False)  # signed up, never came

    # Care: visits by unions and by the federation (to a union's member), cases in every state, aid.
    VisitFactory(org=a, member=a1, visited_on=date(YEAR, 2, 3))
    VisitFactory(org=group, member=g1, occasion=Occasion.BIRTHDAY, visited_on=date(YEAR, 3, 3))
    VisitFactory(org=b, member=b1, occasion=Occasion.SPRING_FESTIVAL, visited_on=date(YEAR, 1, 25))
    VisitFactory(org=fed, member=b2, occasion=Occasion.SPRING_FESTIVAL, visited_on=date(YEAR, 1, 26))
    VisitFactory(org=town, member=c1, occasion=Occasion.SUMMER, visited_on=date(YEAR, 3, 30))
    HardshipCaseFactory(org=a, member=a3, opened_on=date(YEAR, 2, 1))
    HardshipCaseFactory(org=a, member=a2, status=CaseStatus.REJECTED)
    on_file_g = OnFileCaseFactory(org=group, member=g2, filed_on=date(YEAR, 1, 20))
    on_file_b = OnFileCaseFactory(org=b, member=b2, filed_on=date(YEAR, 3, 2))
    OnFileCaseFactory(org=union_c, member=c1, filed_on=date(YEAR, 1, 20))
    AidFactory(org=group, case=on_file_g, member=g2, paid_on=date(YEAR, 2, 1))
    AidFactory(org=fed, case=on_file_b, member=b2, paid_on=date(YEAR, 3, 10), amount=Decimal("2000"))

    # Designations from assessments: one union twice (counts once), one under the town, one last year.
    for org, title, year in [(a, "示范工会", YEAR), (a, "模范职工之家", YEAR), (union_c, "示范工会", YEAR), (b, "示范工会", YEAR - 1)]:  # fmt: skip
        DesignationFactory(org=org, title=title, year=year)

    # Plans: items due, done and overdue in the unions, the group and the federation.
    for org, done, planned in [(a, 2, 1), (group, 1, 1), (b, 0, 2), (fed, 1, 0), (union_c, 1, 1)]:
        plan = PlanFactory(org=org, year=YEAR)
        for status, count in [(ItemStatus.DONE, done), (ItemStatus.PLANNED, planned)]:
            for _ in range(count):
                ScheduleItemFactory(org=org, plan=plan, month=1, status=status)
    # Proof of done items (reports.done_traced_rate): a linked activity in A, a file in the federation.
    first_done = a.scheduleitem_set.filter(status=ItemStatus.DONE).first()
    EvidenceFactory(org=a, item=first_done, record=_activity(a, 1), note="")
    EvidenceFactory(org=fed, item=fed.scheduleitem_set.get(), file="plans/evidence/x.pdf", note="")
    _democracy(a, b, union_c)
    _voice(fed, a, b, group, union_c)
    _rights(a, b, group, union_c)

    # The union's own work: a meeting of every kind spread over the tree, study, honours, reports, decisions.
    from gonghui.unionwork.models import MeetingKind
    from gonghui.unionwork.tests import factories as uw

    for n, kind in enumerate(MeetingKind):
        uw.MeetingFactory(
            org=[a, group, b, fed, town, union_c][n % 6], kind=kind, held_on=date(YEAR, 1 + n % 3, 9)
        )
    uw.MeetingFactory(org=a, held_on=date(YEAR, 2, 9), minutes="")  # planned only: never counted
    meeting = uw.MeetingFactory(org=b, held_on=date(YEAR, 1, 5))
    uw.DecisionFactory(org=b, meeting=meeting, due_on=date(YEAR, 2, 1), done_on=date(YEAR, 1, 30))
    uw.DecisionFactory(org=group, meeting=meeting, due_on=date(YEAR, 3, 1), done_on=date(YEAR, 3, 5))  # late
    uw.DecisionFactory(org=fed, meeting=meeting, due_on=date(YEAR, 3, 1))
    for org, day in [(a, date(YEAR, 2, 20)), (group, date(YEAR, 3, 1)), (town, date(YEAR, 1, 9))]:
        uw.StudySessionFactory(org=org, held_on=day, hours=Decimal("1.5"))
    uw.HonourFactory(org=group, member=g1, awarded_on=date(YEAR, 3, 1))
    uw.HonourFactory(org=union_c, member=c1, awarded_on=date(YEAR, 1, 1))
    uw.HonourFactory(org=b, member=b1, status="nominated", awarded_on=None)
    first = uw.NewsReportFactory(
        org=a, submitted_on=date(YEAR, 1, 9), status="adopted", adopted_on=date(YEAR, 1, 20)
    )
    uw.NewsReportFactory(
        org=a, previous=first, version=2, submitted_on=date(YEAR, 2, 9)
    )  # a revision: not again
    uw.NewsReportFactory(
        org=town, submitted_on=date(YEAR, 3, 9), status="adopted", adopted_on=date(YEAR, 3, 20)
    )
    return [a, b, union_c, fed, town, world.other_fed]


def _democracy(a, b, union_c):
    """Congress sessions held (one in A, one after the period in B) and proposals answered on time or late."""
    from gonghui.democracy.tests.factories import ProposalFactory, SessionFactory

    SessionFactory(org=a, held_on=date(YEAR, 2, 20), status="closed")
    SessionFactory(org=b, held_on=date(YEAR, 5, 20), status="closed")
    for org, replied_on, rating in [(a, date(YEAR, 3, 1), "satisfied"), (b, date(YEAR, 3, 30), "unsatisfied"),
                                    (union_c, None, "")]:  # fmt: skip
        ProposalFactory(org=org, status="accepted", accepted_on=date(YEAR, 1, 10), reply_due=date(YEAR, 3, 10),
                        replied_on=replied_on, rating=rating)  # fmt: skip


def _figures(numerator, denominator):
    return (
        pytest.approx(float(numerator)) if numerator is not None else None,
        pytest.approx(float(denominator)) if denominator is not None else None,
    )


def _assert_snapshots_equal_direct(key, orgs):
    for month in MONTHS:
        snapshots = {s.org_id: s for s in MetricSnapshot.objects.filter(metric_key=key, month=month)}
        for org in orgs:
            direct = registry.compute(key, org, date(YEAR, 1, 1), month_end(month))
            assert org.pk in snapshots, f"{key} {month}: no snapshot for {org.code}"
            snapshot = snapshots[org.pk]
            assert (snapshot.numerator, snapshot.denominator) == _figures(
                direct.numerator, direct.denominator
            ), f"{key} {month:%Y-%m} {org.code}"


@pytest.mark.parametrize("key", KEYS)
def test_snapshots_equal_the_metric_computed_directly(tree, key, monkeypatch):
    build_snapshots(months=MONTHS, keys=[key])
    _assert_snapshots_equal_direct(key, tree)

    monkeypatch.delitem(registry._GROUPED, key, raising=False)  # the per-org path, as a metric without one
    build_snapshots(months=MONTHS, keys=[key])
    _assert_snapshots_equal_direct(key, tree)


@pytest.mark.parametrize("key", KEYS)
def test_every_metric_has_a_fast_path(key):
    """Without one, the nightly run makes a query per union for the metric (10,000 unions: 10,000 queries)."""
    assert registry.grouped_for(key) is not None, f"add @grouped({key!r}) next to the metric"


def test_the_fixture_exercises_every_metric(tree):
    """The comparison above would pass trivially on zeros: make sure the tree has data for each metric."""
    fed = tree[3]
    empty = [
        key
        for key in KEYS
        if not registry.compute(key, fed, date(YEAR, 1, 1), date(YEAR, 3, 31)).numerator
        and key.split(".")[-1] not in {c.value for c in Category} | {o.value for o in Occasion}
    ]
    assert empty == []


def _voice(fed, a, b, group, union_c):
    """Open affairs and the voice: a notice of every category, a village's monthly finances (one
    withdrawn early), suggestions evaluated either way, letters answered on time and late."""
    from gonghui.voice.models import Category as NoticeCategory
    from gonghui.voice.models import Channel, NoticeKind, NoticeStatus
    from gonghui.voice.tests.factories import NoticeFactory, SuggestionFactory

    for n, category in enumerate(NoticeCategory):
        org = [a, b, group, fed, union_c][n % 5]
        NoticeFactory(
            org=org,
            category=category,
            publish_from=date(YEAR, 1 + n % 3, 5),
            publish_to=date(YEAR, 1 + n % 3, 25),
        )
    NoticeFactory(
        org=a,
        kind=NoticeKind.VILLAGE,
        category=NoticeCategory.FINANCE,
        publish_from=date(YEAR, 2, 3),
        publish_to=date(YEAR, 2, 20),
    )
    NoticeFactory(org=a, kind=NoticeKind.VILLAGE, category=NoticeCategory.FINANCE, publish_from=date(YEAR, 1, 3), publish_to=date(YEAR, 1, 20),
                  status=NoticeStatus.WITHDRAWN, withdrawn_on=date(YEAR, 1, 5))  # fmt: skip
    NoticeFactory(org=b, kind=NoticeKind.SCHOOL, publish_from=date(YEAR, 3, 1), publish_to=date(YEAR, 3, 20))
    for org, status, day in [(a, "adopted", 10), (group, "not_adopted", 11), (b, "implemented", 12), (union_c, "submitted", 13), (fed, "referred", 14)]:  # fmt: skip
        SuggestionFactory(org=org, status=status, submitted_on=date(YEAR, 2, day))
    answered = timezone.make_aware(datetime(YEAR, 2, 20, 9, 0))
    for org, due, replied in [(a, date(YEAR, 2, 25), answered), (b, date(YEAR, 2, 10), answered), (fed, date(YEAR, 3, 5), None)]:  # fmt: skip
        SuggestionFactory(
            org=org,
            channel=Channel.MAILBOX,
            submitted_on=date(YEAR, 1, 20),
            due_on=due,
            replied_at=replied,
            reply="答复" if replied else "",
        )


def _rights(a, b, group, union_c):
    """Rights: cases closed either way, counted and uncounted petitions, a contract of every kind,
    yearly and women's checks attended or not."""
    from gonghui.rights.models import CaseStatus, CheckKind, CheckResult, ContractKind
    from gonghui.rights.tests import factories as rf

    for org, status, day in [
        (a, CaseStatus.AGREED, date(YEAR, 2, 10)),
        (b, CaseStatus.FAILED, date(YEAR, 3, 1)),
        (group, CaseStatus.AGREED, date(YEAR, 3, 5)),
        (union_c, CaseStatus.WITHDRAWN, date(YEAR, 1, 20)),
    ]:
        rf.DisputeCaseFactory(org=org, status=status, received_on=day - timedelta(days=5), closed_on=day)
    rf.PetitionFactory(org=a, received_on=date(YEAR, 2, 1), skip_level=True)
    rf.PetitionFactory(org=union_c, received_on=date(YEAR, 3, 1), people=5)
    rf.PetitionFactory(org=b, received_on=date(YEAR, 3, 2))  # one person, not 越级: not counted
    for kind in ContractKind:
        rf.CollectiveContractFactory(
            org=a, kind=kind, effective_on=date(YEAR, 1, 1), expires_on=date(YEAR + 2, 12, 31)
        )
    rf.CollectiveContractFactory(org=b, effective_on=date(YEAR, 1, 1), expires_on=date(YEAR + 1, 12, 31))
    for kind in CheckKind:
        campaign = rf.CheckCampaignFactory(
            org=a, kind=kind, held_from=date(YEAR, 2, 1), held_to=date(YEAR, 2, 28)
        )
        for org, result in [(a, CheckResult.ATTENDED), (group, CheckResult.FOLLOW_UP), (b, CheckResult.DUE)]:
            rf.HealthCheckFactory(org=org, campaign=campaign, result=result)
