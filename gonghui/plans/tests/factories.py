from datetime import date
from decimal import Decimal

import factory

from gonghui.plans.models import (
    CalendarFeed,
    Category,
    Digest,
    Evidence,
    Plan,
    PlanSection,
    PlanStatus,
    ScheduleItem,
    Target,
)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = factory.LazyFunction(lambda: date.today().year)
    title = factory.LazyAttribute(lambda p: f"{p.year}年工会工作计划")
    source_text = "一、指导思想\n认真贯彻落实。\n"
    status = PlanStatus.CONFIRMED


class PlanSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.LazyAttribute(lambda o: PlanFactory(org=o.org, status=PlanStatus.DRAFT))
    title = "指导思想"
    level = 1


class ScheduleItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleItem

    plan = factory.LazyAttribute(lambda o: PlanFactory(org=o.org, status=PlanStatus.DRAFT))
    month = 3
    text = factory.Sequence(lambda n: f"组织三八节活动{n}")
    category = Category.FESTIVAL


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    item = factory.LazyAttribute(lambda o: ScheduleItemFactory(org=o.org))
    note = "签到表已存档"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.LazyAttribute(lambda o: PlanFactory(org=o.org, status=PlanStatus.DRAFT))
    text = "会费收缴100%"
    metric_words = "会费收缴"
    metric_key = "dues.collection_rate"
    value = Decimal(100)
    unit = "%"


class DigestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Digest

    day = factory.LazyFunction(date.today)
    overdue = factory.LazyFunction(lambda: [{"text": "召开职代会", "when": "3月"}])


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed
