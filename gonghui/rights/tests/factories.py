"""One factory per org-owned rights model (the authorization test builds one of each with `org=`)."""

import itertools
from datetime import date

import factory

from gonghui.care.tests.factories import member_in
from gonghui.members.models import Gender
from gonghui.orgs.tests.factories import UserFactory
from gonghui.rights import clock
from gonghui.rights.models import (
    Body,
    CareRecord,
    CheckCampaign,
    CheckKind,
    Claim,
    ClaimKind,
    CollectiveContract,
    CommitteeMember,
    ContractKind,
    DisputeCase,
    HealthCheck,
    Meeting,
    Negotiator,
    Period,
    Petition,
    Session,
    Side,
)

_numbers = itertools.count(1)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    body = Body.MEDIATION
    name = factory.Sequence(lambda n: f"委员{n}")
    side = Side.WORKER


class DisputeCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisputeCase

    number = factory.LazyFunction(lambda: f"2026-{next(_numbers):03d}")
    applicants = "李申请"
    respondent = "某某有限公司"
    matter = "拖欠2026年3月至4月工资"
    received_on = date(2026, 5, 6)
    deadline = factory.LazyAttribute(lambda o: clock.mediation_deadline(o.received_on).day)
    recorded_by = factory.SubFactory(UserFactory)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    case = factory.SubFactory(DisputeCaseFactory, org=factory.SelfAttribute("..org"))
    kind = ClaimKind.WAGES
    amount = 6000


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    case = factory.SubFactory(DisputeCaseFactory, org=factory.SelfAttribute("..org"))
    held_on = date(2026, 5, 12)
    present = "申请人、被申请人代表、调解员"
    minutes = "双方陈述意见"


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    received_on = date(2026, 4, 10)
    petitioner = "王来访"
    matter = "反映食堂伙食问题"
    recorded_by = factory.SubFactory(UserFactory)


class CollectiveContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveContract

    kind = ContractKind.GENERAL
    title = "2026—2028年度集体合同"
    employer = "某某有限公司"


class NegotiatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negotiator

    contract = factory.SubFactory(CollectiveContractFactory, org=factory.SelfAttribute("..org"))
    side = Side.WORKER
    name = factory.Sequence(lambda n: f"代表{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    contract = factory.SubFactory(CollectiveContractFactory, org=factory.SelfAttribute("..org"))
    held_on = date(2026, 3, 1)
    minutes = "首轮协商"


class CareRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareRecord

    member = factory.LazyAttribute(lambda o: member_in(o.org, gender=Gender.FEMALE))
    period = Period.PREGNANCY
    consent = True
    started_on = date(2026, 1, 5)
    due_date = date(2026, 9, 20)
    recorded_by = factory.SubFactory(UserFactory)


class CheckCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckCampaign

    kind = CheckKind.WOMEN
    title = "2026年女职工两癌筛查"
    held_from = date(2026, 4, 1)
    held_to = date(2026, 4, 30)


class HealthCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCheck

    campaign = factory.SubFactory(CheckCampaignFactory, org=factory.SelfAttribute("..org"))
    member = factory.LazyAttribute(lambda o: member_in(o.org, gender=Gender.FEMALE))
