"""One factory per org-owned care model (the authorization test builds one of each with `org=`)."""

import itertools
import random
from datetime import date
from decimal import Decimal

import factory

from gonghui.care.models import (
    Aid,
    AidKind,
    Campaign,
    CampaignItem,
    CampaignReason,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    HardshipCase,
    Level,
    Occasion,
    Occurrence,
    Pairing,
    PairingContact,
    Step,
    Visit,
)
from gonghui.members.demo import make_id_number
from gonghui.members.models import Gender
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import OfficerFactory, UserFactory

_births = itertools.count()
_rng = random.Random(2026)


def member_in(org, **fields):
    """A member with a birth date (hence an ID number) of their own, drawn without touching the
    members factory's generator, so the ID numbers other factories make do not shift or collide."""
    n = next(_births)
    # Born in March or April between 1975 and 1994: never in the birthday or retirement windows tests use.
    fields.setdefault("birth_date", date(1975 + (n // 56) % 20, 3 + (n // 28) % 2, 1 + n % 28))
    fields.setdefault(
        "id_number", make_id_number(_rng, fields["birth_date"], fields.get("gender", Gender.MALE))
    )
    return MemberFactory(org=org, **fields)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    member = factory.LazyAttribute(lambda o: member_in(o.org))
    occasion = Occasion.HOSPITALISED
    visited_on = date(2026, 3, 2)
    money = Decimal("500.00")
    goods = "水果、牛奶"
    notes = "胃部手术后恢复中"
    recorded_by = factory.SubFactory(UserFactory)


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    member = factory.LazyAttribute(lambda o: member_in(o.org))
    kind = Occasion.HOSPITALISED
    occurred_on = date(2026, 3, 1)
    note = "县医院住院"
    reported_by = factory.SubFactory(UserFactory)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    occasion = Occasion.SPRING_FESTIVAL
    year = factory.Sequence(lambda n: 2026 + n)
    name = factory.LazyAttribute(lambda o: f"{o.year}年节日送温暖")
    due_on = date(2026, 2, 10)
    created_by = factory.SubFactory(UserFactory)


class CampaignItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignItem

    campaign = factory.LazyAttribute(lambda o: CampaignFactory(org=o.org))
    member = factory.LazyAttribute(lambda o: member_in(o.org))
    reason = CampaignReason.RETIREE


class HardshipCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipCase

    member = factory.LazyAttribute(lambda o: member_in(o.org))
    opened_on = date(2026, 1, 5)
    household_size = 3
    household_members = "配偶 务农\n女儿 初二"
    income_per_head = Decimal("650.00")
    causes = "illness,schooling"
    cause_detail = "本人尿毒症，每周透析"
    level = Level.DEEP
    status = CaseStatus.FOUND


class OnFileCaseFactory(HardshipCaseFactory):
    status = CaseStatus.ON_FILE
    notice_start = date(2026, 1, 10)
    notice_end = date(2026, 1, 16)
    filed_on = date(2026, 1, 20)
    next_review_on = date(2027, 1, 20)


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.LazyAttribute(lambda o: HardshipCaseFactory(org=o.org))
    step = Step.OPEN
    status_after = CaseStatus.FOUND
    by = factory.SubFactory(UserFactory)
    note = "本人申请"


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDocument

    case = factory.LazyAttribute(lambda o: HardshipCaseFactory(org=o.org))
    title = "低保证明"
    file = factory.django.FileField(filename="proof.pdf", data=b"%PDF-1.4 test")
    uploaded_by = factory.SubFactory(UserFactory)


class AidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aid

    case = factory.LazyAttribute(lambda o: OnFileCaseFactory(org=o.org))
    member = factory.LazyAttribute(lambda o: o.case.member if o.case else member_in(o.org))
    kind = AidKind.LIVING
    amount = Decimal("1000.00")
    paid_on = date(2026, 2, 1)
    fund_source = "工会经费"
    approved_by = "王主席"
    recorded_by = factory.SubFactory(UserFactory)


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    case = factory.LazyAttribute(lambda o: OnFileCaseFactory(org=o.org))
    officer = factory.LazyAttribute(lambda o: OfficerFactory(org=o.org))
    started_on = date(2026, 1, 21)
    note = "每月上门一次"


class PairingContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairingContact

    pairing = factory.LazyAttribute(lambda o: PairingFactory(org=o.org))
    contacted_on = date(2026, 2, 3)
    way = "phone"
    note = "了解透析费用报销进度"
    recorded_by = factory.SubFactory(UserFactory)
