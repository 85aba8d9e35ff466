"""One factory per org-owned model of the union's own work (the authorization test builds one of each with `org=`)."""

from datetime import date
from decimal import Decimal

import factory

from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import UserFactory
from gonghui.unionwork.models import (
    Decision,
    Honour,
    HonourKind,
    HonourLevel,
    HonourObjection,
    HonourRound,
    HonourStatus,
    Meeting,
    MeetingKind,
    NewsReport,
    ReportStatus,
    StudySession,
)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.COMMITTEE
    title = "工会委员会例会"
    held_on = date(2026, 3, 10)
    place = "村委会议室"
    host = "王主席"
    recorder = "李委员"
    attendance = 5
    agenda = "研究三八节活动安排"
    minutes = "<p>会议研究了三八节活动安排。</p>"
    recorded_by = factory.SubFactory(UserFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.LazyAttribute(lambda o: MeetingFactory(org=o.org))
    text = "组织三八节登山活动"
    owner = "李委员"
    due_on = date(2026, 3, 31)


class StudySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudySession

    topic = "学习《工会法》"
    held_on = date(2026, 2, 20)
    hours = Decimal("2.0")
    attendance = 6
    recorded_by = factory.SubFactory(UserFactory)


class HonourRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonourRound

    name = "2026年度优秀会员评选"
    year = 2026
    opens_on = date(2026, 6, 1)
    closes_on = date(2026, 6, 30)
    publicity_days = 5


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    kind = HonourKind.EXCELLENT_MEMBER
    title = "优秀工会会员"
    level = HonourLevel.UNION
    year = 2026
    member = factory.LazyAttribute(lambda o: MemberFactory(org=o.org))
    status = HonourStatus.AWARDED
    awarded_on = date(2026, 5, 1)
    recorded_by = factory.SubFactory(UserFactory)


class HonourObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonourObjection

    honour = factory.LazyAttribute(
        lambda o: HonourFactory(
            org=o.org,
            status=HonourStatus.PUBLICITY,
            awarded_on=None,
            publicity_start=date(2026, 6, 12),
            publicity_end=date(2026, 6, 16),
        )
    )
    member = factory.LazyAttribute(lambda o: MemberFactory(org=o.org))
    text = "该同志今年曾多次缺席小组活动，请核实。"
    lodged_on = date(2026, 6, 13)


class NewsReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsReport

    title = "我村工会开展三八节登山活动"
    body = "3月8日，村工会组织女职工登山。"
    status = ReportStatus.SUBMITTED
    submitted_on = date(2026, 3, 9)
    written_by = factory.SubFactory(UserFactory)
