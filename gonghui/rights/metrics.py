"""Rights KPIs: the mediation rate (调解率), the petition rate (上访率, a zero goal), the collective
contract rate (集体合同签订率) and the health-check rates."""

from django.db.models import Count, Exists, OuterRef, Q

from gonghui.members.models import Gender, Member
from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union
from gonghui.orgs.models import Org, OrgKind
from gonghui.rights import clock
from gonghui.rights.models import (
    CaseStatus,
    CheckCampaign,
    CheckKind,
    CheckResult,
    CollectiveContract,
    ContractKind,
    DisputeCase,
    HealthCheck,
    Petition,
)

ATTENDED = Q(result__in=[CheckResult.ATTENDED, CheckResult.FOLLOW_UP])


@metric(
    key="rights.mediation_rate",
    label="劳动争议调解率",
    unit="%",
    description="期间内调解成功（达成调解协议）的案件 / 期间内结案的案件（调解成功、调解不成、撤回）",
)
def mediation_rate(orgs, start, end):
    closed = DisputeCase.objects.in_orgs(orgs).closed_between(start, end)
    return closed.filter(status=CaseStatus.AGREED).count(), closed.count()


@metric(
    key="rights.cases",
    label="劳动争议调解案件",
    unit="次",
    higher_is_better=False,
    description="期间内收到的劳动争议调解申请件数",
)
def cases(orgs, start, end):
    return DisputeCase.objects.in_orgs(orgs).filter(
        received_on__gte=start, received_on__lte=end
    ).count(), None


@metric(
    key="rights.petition_rate",
    label="越级上访和集体上访率",
    unit="%",
    higher_is_better=False,
    description="期间内越级上访或3人以上集体上访的件数 / 在册会员人数（每百名会员件数，目标为零）",
)
def petition_rate(orgs, start, end):
    counted = Petition.objects.in_orgs(orgs).in_period(start, end).counted().count()
    return counted, Member.objects.in_orgs(orgs).active().count()


def _contract_rate(orgs, end, kind):
    unions = Org.objects.filter(pk__in=orgs.values("pk"), kind=OrgKind.UNION)
    effective = CollectiveContract.objects.filter(org=OuterRef("pk"), kind=kind).effective_on(end)
    return unions.filter(Exists(effective)).count(), unions.count()


@metric(
    key="rights.contract_coverage",
    label="集体合同签订率",
    unit="%",
    description="期末有生效综合集体合同的基层工会 / 基层工会",
)
def contract_rate(orgs, start, end):
    return _contract_rate(orgs, end, ContractKind.GENERAL)


def _register_contract_kinds():
    for kind in (ContractKind.WAGES, ContractKind.WOMEN, ContractKind.SAFETY):

        def rate(orgs, start, end, kind=kind):
            return _contract_rate(orgs, end, kind)

        rate.__qualname__ = f"contract_rate_{kind.value}"
        metric(
            key=f"rights.contract_coverage.{kind.value}",
            label=f"{kind.label}签订率",
            unit="%",
            description=f"期末有生效{kind.label}的基层工会 / 基层工会",
        )(rate)


_register_contract_kinds()


def _checks(orgs, start, end, kind):
    campaigns = CheckCampaign.objects.filter(kind=kind, held_from__gte=start, held_from__lte=end)
    return HealthCheck.objects.in_orgs(orgs).filter(campaign__in=campaigns)


@metric(
    key="rights.health_check_rate",
    label="职工健康体检率",
    unit="%",
    description="期间内年度体检中已体检（含需复查）的人数 / 应检人数",
)
def health_check_rate(orgs, start, end):
    checks = _checks(orgs, start, end, CheckKind.YEARLY)
    return checks.filter(ATTENDED).count(), checks.count()


@metric(
    key="rights.women_check_rate",
    label="女职工专项体检率",
    unit="%",
    description="期间内女职工专项体检（妇科、乳腺）已体检的人数 / 应检人数",
)
def women_check_rate(orgs, start, end):
    checks = _checks(orgs, start, end, CheckKind.WOMEN)
    return checks.filter(ATTENDED).count(), checks.count()


def _campaigns(orgs, start, end, kind):
    return CheckCampaign.objects.in_orgs(orgs).filter(kind=kind, held_from__gte=start, held_from__lte=end)


@metric(
    key="rights.health_checks",
    label="组织职工健康体检",
    unit="次",
    description="期间内开始的职工年度健康体检（体检安排）次数",
)
def health_checks(orgs, start, end):
    return _campaigns(orgs, start, end, CheckKind.YEARLY).count(), None


@metric(
    key="rights.women_checks",
    label="组织女职工专项体检",
    unit="次",
    description="期间内开始的女职工专项体检（妇科、乳腺、两癌筛查）次数",
)
def women_checks(orgs, start, end):
    return _campaigns(orgs, start, end, CheckKind.WOMEN).count(), None


# Fast paths for the snapshot task: one grouped query for all unions, the same figures as above.


def _rows(queryset, part=None, den=True):
    annotations = {"num": Count("pk", filter=part) if part is not None else Count("pk")}
    if den:
        annotations["den"] = Count("pk")
    fields = ["org__path", "num", "den"] if den else ["org__path", "num"]
    rows = queryset.order_by().values("org__path").annotate(**annotations).values_list(*fields)
    return rows if den else ((path, num, None) for path, num in rows)


@grouped("rights.mediation_rate")
def mediation_rate_by_union(unions, start, end):
    closed = DisputeCase.objects.closed_between(start, end)
    return sum_by_union(_rows(closed, Q(status=CaseStatus.AGREED)), unions)


@grouped("rights.cases")
def cases_by_union(unions, start, end):
    received = DisputeCase.objects.filter(received_on__gte=start, received_on__lte=end)
    return sum_by_union(_rows(received, den=False), unions)


@grouped("rights.petition_rate")
def petition_rate_by_union(unions, start, end):
    petitions = Petition.objects.in_period(start, end).counted()
    members = Member.objects.active()
    rows = [(path, n, 0) for path, n, _ in _rows(petitions, den=False)]
    rows += [(path, 0, n) for path, n, _ in _rows(members, den=False)]
    return sum_by_union(rows, unions)


def _contract_rate_by_union(unions, end, kind):
    effective = CollectiveContract.objects.filter(org=OuterRef("pk"), kind=kind).effective_on(end)
    rows = Org.objects.filter(kind=OrgKind.UNION).annotate(has=Exists(effective)).values_list("path", "has")
    return sum_by_union(((path, int(has), 1) for path, has in rows), unions)


@grouped("rights.contract_coverage")
def contract_rate_by_union(unions, start, end):
    return _contract_rate_by_union(unions, end, ContractKind.GENERAL)


def _register_contract_kinds_by_union():
    for kind in (ContractKind.WAGES, ContractKind.WOMEN, ContractKind.SAFETY):

        def rate_by_union(unions, start, end, kind=kind):
            return _contract_rate_by_union(unions, end, kind)

        rate_by_union.__qualname__ = f"contract_rate_{kind.value}_by_union"
        grouped(f"rights.contract_coverage.{kind.value}")(rate_by_union)


_register_contract_kinds_by_union()


@grouped("rights.health_check_rate")
def health_check_rate_by_union(unions, start, end):
    return sum_by_union(_rows(_checks(Org.objects.all(), start, end, CheckKind.YEARLY), ATTENDED), unions)


@grouped("rights.women_check_rate")
def women_check_rate_by_union(unions, start, end):
    return sum_by_union(_rows(_checks(Org.objects.all(), start, end, CheckKind.WOMEN), ATTENDED), unions)


@grouped("rights.health_checks")
def health_checks_by_union(unions, start, end):
    return sum_by_union(_rows(_campaigns(Org.objects.all(), start, end, CheckKind.YEARLY), den=False), unions)


@grouped("rights.women_checks")
def women_checks_by_union(unions, start, end):
    return sum_by_union(_rows(_campaigns(Org.objects.all(), start, end, CheckKind.WOMEN), den=False), unions)


def women_due_for_check(org, today):
    """Rule 27: active women members with no women's special check attended within the ⚙ interval."""
    since = clock.add_months(today, -12 * clock.women_check_years())
    checked = HealthCheck.objects.filter(
        member=OuterRef("pk"), campaign__kind=CheckKind.WOMEN, campaign__held_from__gt=since
    ).filter(ATTENDED)
    women = Member.objects.in_subtree(org).active().filter(gender=Gender.FEMALE)
    return women.exclude(Exists(checked)).order_by("name")


def women_members(org) -> int:
    return Member.objects.in_subtree(org).active().filter(gender=Gender.FEMALE).count()
