from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from gonghui.activities.models import ActivityFile
from gonghui.activities.tests.factories import ActivityFactory
from gonghui.care.models import CaseStatus, Step
from gonghui.care.tests.factories import (
    AidFactory,
    CaseDocumentFactory,
    CaseEventFactory,
    VisitFactory,
    member_in,
)
from gonghui.dues import months
from gonghui.dues.models import ImportStatus
from gonghui.dues.tests.factories import DuesImportFactory, DuesPaymentFactory
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

YEAR = 2026


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def aware(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def records(world):
    """A year of union A's records, one or more of every registered evidence type and ledger, plus
    union B's and last year's, which must stay out."""
    r = SimpleNamespace()
    r.activity = ActivityFactory(
        org=world.union_a, title="三八节趣味运动会", start=aware(YEAR, 3, 8), end=aware(YEAR, 3, 8, 11)
    )
    r.notice = ActivityFile.objects.create(
        org=world.union_a,
        activity=r.activity,
        name="活动通知.pdf",
        file=ContentFile(b"%PDF-1.4 notice", name="notice.pdf"),
    )
    r.member = member_in(world.group_a, name="王困难")
    r.visit = VisitFactory(org=world.group_a, member=r.member, visited_on=date(YEAR, 3, 15))
    r.aid = AidFactory(org=world.union_a, paid_on=date(YEAR, 4, 1))
    r.case = r.aid.case
    r.step = CaseEventFactory(
        org=world.union_a, case=r.case, step=Step.FILE, status_after=CaseStatus.ON_FILE, at=aware(YEAR, 1, 20)
    )
    CaseDocumentFactory(org=world.union_a, case=r.case)
    r.payment = DuesPaymentFactory(
        org=world.group_a,
        member=r.member,
        first_month=months.month_index(YEAR, 1),
        last_month=months.month_index(YEAR, 3),
        paid_on=date(YEAR, 3, 10),
    )
    r.batch = DuesImportFactory(
        org=world.union_a,
        status=ImportStatus.COMMITTED,
        committed_at=aware(YEAR, 3, 10),
        counts={"created": 12},
    )
    # elsewhere and other years: never counted, linked or filed for union A's year
    ActivityFactory(org=world.union_b, title="乙校活动", start=aware(YEAR, 3, 8), end=aware(YEAR, 3, 8, 11))
    ActivityFactory(
        org=world.union_a, title="去年的活动", start=aware(YEAR - 1, 3, 8), end=aware(YEAR - 1, 3, 8, 11)
    )
    VisitFactory(org=world.union_b, visited_on=date(YEAR, 3, 15))
    r.plan = PlanFactory(org=world.union_a, year=YEAR)
    r.item = ScheduleItemFactory(org=world.union_a, plan=r.plan, month=3, text="组织三八节活动")
    from gonghui.unionwork.tests.factories import MeetingFactory, StudySessionFactory

    r.meeting = MeetingFactory(org=world.union_a, held_on=date(YEAR, 3, 10))
    r.study = StudySessionFactory(org=world.union_a, held_on=date(YEAR, 2, 20))
    return r
