"""Demo rights data for the demo unions: a mediation committee, cases at every stage (one overdue),
petitions, a general and a women's special collective contract, women's records and a health check.
芦中学校's general contract is approved by the vote its 教代会 took in the democracy demo (which runs
first: GONGHUI_APPS order), so the contract links to a real congress vote.

Built through the services, so the demo obeys the same rules as users do. Runs once: a second run
finds the data and changes nothing.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.members.models import Gender, Member
from gonghui.orgs.models import Org
from gonghui.rights import services
from gonghui.rights.models import Body, CheckKind, CheckResult, ClaimKind, ContractKind, DisputeCase, Side

DEMO_UNIONS = ["wuyin-textile", "wuyin-village", "luzhong-school"]
CLAIMS = [
    ClaimKind.WAGES,
    ClaimKind.OVERTIME,
    ClaimKind.SOCIAL_INSURANCE,
    ClaimKind.TERMINATION,
    ClaimKind.REST,
]


def populate(rng):
    unions = list(Org.objects.filter(code__in=DEMO_UNIONS).order_by("path"))
    if not unions or DisputeCase.objects.filter(org__in=unions).exists():
        return
    users = get_user_model().objects
    by = users.filter(username="fed_admin").first() or users.filter(is_superuser=True).first()
    if by is None:
        return
    today = date.today()
    for union in unions:
        _committee(union)
        _cases(rng, union, by, today)
        _petitions(rng, union, by, today)
        _contracts(union, today)
        _women(rng, union, by, today)


def _committee(union):
    for name, side, chair in (
        ("周调解", Side.WORKER, True),
        ("吴职工", Side.WORKER, False),
        ("郑经理", Side.EMPLOYER, False),
    ):
        services.add_committee_member(org=union, body=Body.MEDIATION, name=name, side=side, is_chair=chair)
    for name in ("林女委", "陈女委", "黄女委"):
        services.add_committee_member(org=union, body=Body.WOMEN, name=name, side=Side.WORKER)


def _cases(rng, union, by, today):
    stages = ["agreed", "agreed", "failed", "withdrawn", "open", "overdue"]
    for n, stage in enumerate(stages):
        received = today - timedelta(days={"open": 3, "overdue": 25}.get(stage, 60 + 20 * n))
        claim = CLAIMS[n % len(CLAIMS)]
        case = services.receive_case(
            org=union, by=by, applicants=rng.choice(["李师傅", "王女士", "张师傅", "刘女士"]), respondent=f"{union.name[:4]}有限公司",
            matter="申请人称单位未按约定支付相关款项，请求调解。", received_on=received,
            claims=[(claim, rng.choice([2000, 3500, 6000, 12000]), "")],
        )  # fmt: skip
        if stage in ("open", "overdue"):
            if stage == "overdue":
                services.accept_case(case=case, accepted_on=received + timedelta(days=1), mediator="周调解")
            continue
        services.accept_case(case=case, accepted_on=received + timedelta(days=1), mediator="周调解")
        services.hold_session(case=case, held_on=received + timedelta(days=5), present="双方当事人、调解员",
                              minutes="双方陈述意见，调解员释明相关法律规定。")  # fmt: skip
        closing = received + timedelta(days=10)
        if stage == "agreed":
            services.record_agreement(
                case=case, on=closing, result="被申请人同意支付申请人相关款项。",
                performance_deadline=closing + timedelta(days=15), performance_method="银行转账",
                signed_applicant=True, signed_respondent=True, signed_mediator=True, committee_seal=True,
            )  # fmt: skip
        elif stage == "failed":
            services.record_no_agreement(case=case, on=closing, note="双方分歧较大")
            services.refer_to_arbitration(case=case, on=closing, note="已告知当事人可依法申请仲裁")
        else:
            services.withdraw_case(case=case, on=closing, note="双方自行和解")


def _petitions(rng, union, by, today):
    services.record_petition(
        org=union, by=by, received_on=today - timedelta(days=40), petitioner="赵师傅", matter="反映车间高温降温措施不足",
        handling="已与行政沟通，增设降温设备。", handled_on=today - timedelta(days=30),
    )  # fmt: skip
    services.record_petition(
        org=union, by=by, received_on=today - timedelta(days=10), petitioner="钱师傅等", people=3,
        matter="反映班组排班调整问题",
    )  # fmt: skip


def _contracts(union, today):
    for kind, title, years_ago in (
        (ContractKind.GENERAL, f"{union.name}集体合同", 2),
        (ContractKind.WOMEN, f"{union.name}女职工权益保护专项集体合同", 1),
    ):
        contract = services.start_contract(
            org=union, kind=kind, title=title, employer=union.name.replace("工会", "")
        )
        for side in (Side.WORKER, Side.EMPLOYER):
            for i in range(3):
                services.add_negotiator(contract=contract, side=side, name=f"{'职' if side == Side.WORKER else '企'}方代表{i + 1}",
                                        is_chief=i == 0)  # fmt: skip
        vote = _congress_vote(union) if kind == ContractKind.GENERAL else None
        if vote is not None:  # the draft went to this year's 教代会: dated back from its vote
            start = timezone.localdate(vote.closed_at) - timedelta(days=40)
        else:
            start = today - timedelta(days=365 * years_ago + 120)
        services.request_negotiation(
            contract=contract, requested_on=start, answered_on=start + timedelta(days=10)
        )
        services.record_meeting(
            contract=contract, held_on=start + timedelta(days=20), minutes="就工资增长幅度等条款协商一致。"
        )
        if vote is not None:
            services.approve_by_vote(contract=contract, vote=vote)  # rule 21 on the congress's own counts
        else:
            services.record_approval(contract=contract, approved_on=start + timedelta(days=40), delegates_total=45,
                                     delegates_present=40, votes_yes=38)  # fmt: skip
        services.sign_contract(contract=contract, signed_on=start + timedelta(days=42))
        services.file_contract(contract=contract, filed_on=start + timedelta(days=48))
        services.publish_contract(contract=contract, published_on=contract.effective_on + timedelta(days=5))
        services.set_terms(contract=contract, wage_increase_pct=5 if kind == ContractKind.GENERAL else None,
                           minimum_wage=2300, covered_workers=union.employee_count)  # fmt: skip


def _congress_vote(union):
    """The closed vote on the contract draft that the democracy demo held at this union's congress, if any."""
    from gonghui.democracy.demo import CONTRACT_ITEM
    from gonghui.democracy.models import Vote, VoteStatus

    return Vote.objects.filter(org=union, item__title=CONTRACT_ITEM, status=VoteStatus.CLOSED).first()


def _women(rng, union, by, today):
    women = list(
        Member.objects.in_subtree(union).active().filter(gender=Gender.FEMALE).order_by("member_number")[:20]
    )
    if len(women) >= 2:
        services.record_care(member=women[0], by=by, period="pregnancy", consent=True,
                             started_on=today - timedelta(days=200), due_date=today + timedelta(days=70))  # fmt: skip
        services.record_care(member=women[1], by=by, period="nursing", consent=True,
                             started_on=today - timedelta(days=150), birth_date=today - timedelta(days=150))  # fmt: skip
    campaign = services.open_campaign(
        org=union, kind=CheckKind.WOMEN, title=f"{today.year}年女职工两癌筛查", held_from=today - timedelta(days=30),
        held_to=today - timedelta(days=20), members=Member.objects.in_subtree(union).active(),
    )  # fmt: skip
    for check in campaign.checks.all():
        services.record_check(
            check=check,
            result=rng.choice([CheckResult.ATTENDED] * 6 + [CheckResult.FOLLOW_UP, CheckResult.DUE]),
        )
