"""Democracy KPIs: congress sessions held (the seed plans' 职代会/教代会 target), proposal handling
and satisfaction."""

from django.db.models import Count, F, Q

from gonghui.democracy.models import Proposal, Rating, Session
from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union


@metric(
    key="democracy.congress_held",
    label="职代会/教代会召开次数",
    unit="次",
    description="期间内召开（已闭会）的职代会、教代会、职工大会会议次数",
)
def congress_held(orgs, start, end):
    return Session.objects.in_orgs(orgs).held_between(start, end).count(), None


ANSWERED_ON_TIME = Q(replied_on__isnull=False, replied_on__lte=F("reply_due"))


@metric(
    key="democracy.proposal_handling_rate",
    label="提案按期答复率",
    unit="%",
    description="期间内立案的提案中，在答复期限内书面答复的比例",
)
def proposal_handling_rate(orgs, start, end):
    accepted = Proposal.objects.in_orgs(orgs).accepted_between(start, end)
    return accepted.filter(ANSWERED_ON_TIME).count(), accepted.count()


RATED = Q(rating__in=[Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED])
SATISFIED = Q(rating__in=[Rating.SATISFIED, Rating.BASIC])


@metric(
    key="democracy.proposal_satisfaction_rate",
    label="提案办理满意率",
    unit="%",
    description="期间内立案并已评价的提案中，提案人评价满意或基本满意的比例（以最近一次评价计）",
)
def proposal_satisfaction_rate(orgs, start, end):
    rated = Proposal.objects.in_orgs(orgs).accepted_between(start, end).filter(RATED)
    return rated.filter(SATISFIED).count(), rated.count()


@metric(
    key="democracy.proposals_accepted", label="立案提案数", unit="件", description="期间内立案的职代会提案"
)
def proposals_accepted(orgs, start, end):
    return Proposal.objects.in_orgs(orgs).accepted_between(start, end).count(), None


# Fast paths for the snapshot task: one grouped query for all unions.


def _grouped(unions, queryset, num=None):
    rows = (
        queryset.order_by()
        .values("org__path")
        .annotate(den=Count("pk"), num=Count("pk", filter=num) if num is not None else Count("pk"))
        .values_list("org__path", "num", "den")
    )
    if num is None:
        return sum_by_union(((path, n, None) for path, n, _ in rows), unions)
    return sum_by_union(rows, unions)


@grouped("democracy.congress_held")
def congress_held_by_union(unions, start, end):
    return _grouped(unions, Session.objects.held_between(start, end))


@grouped("democracy.proposals_accepted")
def proposals_accepted_by_union(unions, start, end):
    return _grouped(unions, Proposal.objects.accepted_between(start, end))


@grouped("democracy.proposal_handling_rate")
def proposal_handling_rate_by_union(unions, start, end):
    return _grouped(unions, Proposal.objects.accepted_between(start, end), ANSWERED_ON_TIME)


@grouped("democracy.proposal_satisfaction_rate")
def proposal_satisfaction_rate_by_union(unions, start, end):
    return _grouped(unions, Proposal.objects.accepted_between(start, end).filter(RATED), SATISFIED)
