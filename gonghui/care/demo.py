"""Demo care data for the demo unions: visits, open occurrences, cases at every step, aid, pairings.

Built through the services, so the demo obeys the same rules (ceilings, step order) as users do.
Runs once: a second run finds the data and changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from gonghui.care import services
from gonghui.care.models import AidKind, Cause, HardshipCase, Level, Occasion, Origin, Visit
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Officer, Org

DEMO_UNIONS = ["wuyin-village", "luzhong-school", "wuyin-textile", "zishan-hospital", "county-no1-school"]
VISIT_NOTES = {
    Occasion.HOSPITALISED: "住院治疗，精神尚可，转达工会慰问。",
    Occasion.BEREAVEMENT: "父亲病故，代表工会吊唁。",
    Occasion.HAPPY_EVENT: "新婚祝贺。",
    Occasion.FAMILY_DISPUTE: "与家属沟通，劝解矛盾。",
    Occasion.EMOTIONAL: "谈心谈话，了解工作压力。",
    Occasion.SPRING_FESTIVAL: "春节前走访慰问。",
    Occasion.SUMMER: "高温天气送清凉。",
}
# How far each demo case gets through the archive workflow.
CASE_STAGES = ["found", "checked", "home_visited", "in_notice", "on_file", "on_file", "on_file", "exited"]


def populate(rng):
    unions = list(Org.objects.filter(code__in=DEMO_UNIONS))
    if not unions or Visit.objects.filter(org__path__startswith=unions[0].path).exists():
        return
    users = get_user_model().objects
    fallback = users.filter(username="fed_admin").first() or users.filter(is_superuser=True).first()
    if fallback is None:
        return
    by_union = {
        "wuyin-village": users.filter(username="chair").first(),
        "luzhong-school": users.filter(username="school_chair").first(),
    }
    today = date.today()
    for union in unions:
        by = by_union.get(union.code) or fallback
        members = list(Member.objects.in_subtree(union).active().order_by("member_number")[:60])
        if len(members) < 30:
            continue
        officers = list(Officer.objects.filter(org=union))
        _visits(rng, members[:14], officers, by, today)
        _occurrences(rng, members[14:17], by, today)
        _cases(rng, union, members[20 : 20 + len(CASE_STAGES)], officers, by, today)
        _retirees(members[40:43])
    first = unions[0]
    chair = by_union.get(first.code) or fallback
    campaign = services.generate_campaign(
        org=first,
        occasion=Occasion.SPRING_FESTIVAL,
        year=today.year,
        due_on=date(today.year, 12, 31),
        by=chair,
    )
    for item in campaign.items.order_by("member__name")[:2]:
        services.tick_campaign_item(item=item, by=chair, done_on=today)


def _visits(rng, members, officers, by, today):
    occasions = list(VISIT_NOTES)
    for n, member in enumerate(members):
        occasion = occasions[n % len(occasions)]
        festival = occasion in (Occasion.SPRING_FESTIVAL, Occasion.SUMMER)
        services.record_visit(
            member=member,
            occasion=occasion,
            visited_on=today - timedelta(days=rng.randint(3, 250)),
            by=by,
            visitors=rng.sample(officers, min(2, len(officers))),
            money=Decimal(rng.choice([200, 300, 500])) if not festival else Decimal(300),
            goods=rng.choice(["水果", "牛奶、鸡蛋", "米、油", "绿豆、饮料"]),
            notes=VISIT_NOTES[occasion],
        )


def _occurrences(rng, members, by, today):
    for member, kind in zip(
        members, [Occasion.HOSPITALISED, Occasion.BEREAVEMENT, Occasion.HOSPITALISED], strict=False
    ):
        services.report_occurrence(
            member=member,
            kind=kind,
            occurred_on=today - timedelta(days=rng.randint(1, 6)),
            by=by,
            note="小组长报告",
        )


def _cases(rng, union, members, officers, by, today):
    for member, stage in zip(members, CASE_STAGES, strict=False):
        if HardshipCase.objects.open().filter(member=member).exists():
            continue
        case = services.open_case(
            member=member,
            by=by,
            origin=rng.choice(Origin.values),
            income_per_head=Decimal(rng.randint(300, 900)),
            causes=rng.sample([Cause.ILLNESS, Cause.DISABILITY, Cause.SCHOOLING, Cause.UNEMPLOYMENT], 2),
            level=rng.choice(Level.values),
            household_size=rng.randint(2, 5),
            household_members="配偶 无业\n子女 在读",
            cause_detail=rng.choice(
                ["本人慢性肾病，长期透析", "配偶重度残疾，需人照料", "子女就读大学，家庭负担重"]
            ),
            opened_on=today - timedelta(days=120),
        )
        _walk(case, stage, by, today)
        case.refresh_from_db()
        if case.status == "on_file" or stage == "exited":
            _aid_and_pairing(rng, case, officers, by, today)
        if stage == "exited":
            services.exit_case(
                case=case, by=by, reason="子女毕业就业，家庭收入稳定", exited_on=today - timedelta(days=5)
            )


def _walk(case, stage, by, today):
    order = ["found", "checked", "home_visited", "in_notice", "on_file", "exited"]
    target = order.index(stage)
    if target >= 1:
        services.check_case(case=case, by=by, note="基层初核：情况属实")
    if target >= 2:
        services.record_home_visit(
            case=case, by=by, note="入户核查：住房简陋，家中有病人", visited_on=today - timedelta(days=100)
        )
    if target >= 3:
        services.committee_review(case=case, by=by, note="委员会会议研究同意", approved=True)
        if services.upper_review_required(case.org):
            services.upper_review(case=case, by=by, note="同意", approved=True)
        start = today - timedelta(days=80) if target >= 4 else today - timedelta(days=2)
        services.start_notice(
            case=case, by=by, note="在厂务公开栏公示", start=start, end=start + timedelta(days=6)
        )
    if target >= 4:
        services.file_case(case=case, by=by, note="公示无异议，建档", filed_on=today - timedelta(days=70))


def _aid_and_pairing(rng, case, officers, by, today):
    services.record_aid(
        case=case,
        kind=AidKind.LIVING,
        amount=Decimal(rng.choice([800, 1000, 1500])),
        paid_on=today - timedelta(days=rng.randint(10, 60)),
        fund_source="工会经费",
        approved_by="工会委员会",
        by=by,
    )
    if rng.random() < 0.5:
        services.record_aid(
            case=case,
            kind=AidKind.SCHOOLING,
            amount=Decimal(1000),
            paid_on=today - timedelta(days=rng.randint(10, 60)),
            fund_source="金秋助学专项",
            approved_by="县总工会",
            student_school="城关县第一中学",
            student_grade="高二",
            by=by,
        )
    if officers:
        pairing = services.pair_officer(
            case=case, officer=rng.choice(officers), by=by, started_on=today - timedelta(days=65)
        )
        services.record_contact(
            pairing=pairing,
            by=by,
            contacted_on=today - timedelta(days=30),
            way="visit",
            note="上门了解近况，协助申请医保报销",
        )


def _retirees(members):
    Member.objects.filter(pk__in=[m.pk for m in members]).update(status=MemberStatus.RETIRED)
