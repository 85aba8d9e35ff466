"""One factory per org-owned democracy model (the authorization test builds one of each with `org=`)."""

from datetime import date

import factory

from gonghui.care.tests.factories import member_in
from gonghui.democracy.models import (
    GRADES,
    MOTION_OPTIONS,
    AgendaItem,
    Category,
    CheckIn,
    Congress,
    CongressKind,
    Delegate,
    DelegateElection,
    ElectionCandidate,
    EvaluatedLeader,
    EvaluationBox,
    EvaluationTally,
    ItemKind,
    JointDecision,
    JointMeeting,
    LeaderEvaluation,
    Proposal,
    ProposalEvent,
    Seconding,
    Session,
    Vote,
    VoteOption,
)
from gonghui.orgs.tests.factories import UserFactory


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress

    kind = CongressKind.WORKERS
    term_number = factory.Sequence(lambda n: n + 1)
    starts_on = date(2024, 1, 1)
    ends_on = date(2028, 12, 31)


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    congress = factory.LazyAttribute(lambda o: CongressFactory(org=o.org))
    member = factory.LazyAttribute(lambda o: member_in(o.org))
    category = Category.FRONTLINE
    delegation = "第一代表团"
    elected_on = date(2024, 1, 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    congress = factory.LazyAttribute(lambda o: CongressFactory(org=o.org))
    number = factory.Sequence(lambda n: n + 1)
    held_on = date(2026, 6, 15)
    place = "大会议室"
    created_by = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.LazyAttribute(lambda o: SessionFactory(org=o.org))
    title = "审议《职工福利制度》"
    kind = ItemKind.APPROVE


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    session = factory.LazyAttribute(lambda o: SessionFactory(org=o.org))
    delegate = factory.LazyAttribute(lambda o: DelegateFactory(org=o.org, congress=o.session.congress))
    recorded_by = factory.SubFactory(UserFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote
        skip_postgeneration_save = True

    item = factory.LazyAttribute(lambda o: AgendaItemFactory(org=o.org))
    session = factory.LazyAttribute(lambda o: o.item.session)
    title = factory.LazyAttribute(lambda o: o.item.title)

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if create:
            VoteOption.objects.bulk_create(
                VoteOption(vote=self, position=i, label=label, is_yes=i == 0)
                for i, label in enumerate(MOTION_OPTIONS)
            )


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    session = factory.LazyAttribute(lambda o: SessionFactory(org=o.org))
    proposer = factory.LazyAttribute(lambda o: DelegateFactory(org=o.org, congress=o.session.congress))
    title = "增设职工休息室"
    reasons = "一线职工午间无处休息。"
    suggestion = "在二楼空置房间设休息室。"


class SecondingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seconding

    proposal = factory.LazyAttribute(lambda o: ProposalFactory(org=o.org))
    delegate = factory.LazyAttribute(
        lambda o: DelegateFactory(org=o.org, congress=o.proposal.session.congress)
    )


class ProposalEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalEvent

    proposal = factory.LazyAttribute(lambda o: ProposalFactory(org=o.org))
    step = "起草"
    by = factory.SubFactory(UserFactory)


class LeaderEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderEvaluation
        skip_postgeneration_save = True

    session = factory.LazyAttribute(lambda o: SessionFactory(org=o.org))
    title = "民主评议领导干部"

    @factory.post_generation
    def box(self, create, extracted, **kwargs):
        if create:
            EvaluationBox.objects.create(evaluation=self)


class EvaluatedLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluatedLeader
        skip_postgeneration_save = True

    evaluation = factory.LazyAttribute(lambda o: LeaderEvaluationFactory(org=o.org))
    name = "张校长"
    post = "校长"

    @factory.post_generation
    def tallies(self, create, extracted, **kwargs):
        if create:
            EvaluationTally.objects.bulk_create(EvaluationTally(leader=self, grade=g) for g, _ in GRADES)


class JointMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointMeeting

    congress = factory.LazyAttribute(lambda o: CongressFactory(org=o.org))
    held_on = date(2026, 3, 1)
    attendees = "各代表团团长、工会委员"
    created_by = factory.SubFactory(UserFactory)


class JointDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointDecision

    meeting = factory.LazyAttribute(lambda o: JointMeetingFactory(org=o.org))
    title = "调整夏季作息时间"
    decision = "同意自7月1日起执行夏季作息时间。"


class DelegateElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegateElection

    congress = factory.LazyAttribute(lambda o: CongressFactory(org=o.org))
    constituency = "第一车间"
    held_on = date(2024, 1, 1)
    electorate = 30
    ballots_cast = 24
    valid = True
    rule_text = (
        "选区职工30人：须有三分之二以上（至少20人）参加投票，当选人赞成票须达到选区全体职工半数（至少15票）"
    )
    result_text = "当选：候选人"
    created_by = factory.SubFactory(UserFactory)


class ElectionCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectionCandidate

    election = factory.LazyAttribute(lambda o: DelegateElectionFactory(org=o.org))
    member = factory.LazyAttribute(lambda o: member_in(o.org))
    votes = 18
    elected = True
