"""Demo data of the union's own work for a village and a school union: a year of monthly committee
meetings with minutes and decisions, quarterly study, a few honours and news reports the county adopted.

Built through the services, so the demo obeys the same rules as users do. Runs once: a second run
finds the meetings and changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.members.models import Member
from gonghui.orgs.models import Officer, Org, OrgKind
from gonghui.plans.models import Plan, Target, TargetPeriod
from gonghui.unionwork import services
from gonghui.unionwork.models import HonourKind, HonourLevel, Meeting, MeetingKind

DEMO_UNIONS = {"wuyin-village": "chair", "luzhong-school": "school_chair"}
AGENDAS = {
    1: ("研究春节送温暖走访名单", "确定走访对象，分组上门慰问"),
    2: ("部署全年工会工作计划", "讨论通过本年度工会工作计划"),
    3: ("研究三八节女职工活动", "组织女职工登山健身活动"),
    4: ("研究劳动竞赛方案", "开展岗位技能比武"),
    5: ("研究五一表彰及会员评先", "启动优秀会员推荐"),
    6: ("研究夏季送清凉安排", "采购防暑降温物品"),
    7: ("研究职工疗休养安排", "分两批组织职工疗休养"),
    8: ("研究金秋助学名单", "审核困难职工子女助学申请"),
    9: ("研究教师节/中秋慰问", "准备节日慰问品"),
    10: ("研究职工运动会筹备", "成立运动会筹备小组"),
    11: ("研究会费收缴和经费审查", "核对会费收缴台账"),
    12: ("研究年度工作总结", "起草年度工作总结，准备考核材料"),
}
STUDY_TOPICS = [
    ("学习《中华人民共和国工会法》", "《工会法》全文及解读"),
    ("学习《中国工会章程》", "《中国工会章程》"),
    ("学习工会经费管理办法", "《基层工会经费收支管理办法》"),
    ("学习劳动合同法相关条款", "《劳动合同法》第四条、第五十一条"),
]


def populate(rng):
    users = get_user_model().objects
    county_admin = users.filter(username="fed_admin").first() or users.filter(is_superuser=True).first()
    if county_admin is None:
        return
    today = timezone.localdate()
    for code, username in DEMO_UNIONS.items():
        union = Org.objects.filter(code=code).first()
        by = users.filter(username=username).first() or county_admin
        if union is None or Meeting.objects.filter(org=union).exists():
            continue
        officers = list(Officer.objects.filter(org=union).order_by("post", "name"))
        _meetings(rng, union, officers, by, today)
        _study(union, officers, by, today)
        _honours(union, by, today)
        _reports(union, by, county_admin, today)
    _rhythm_targets(Org.objects.filter(code="wuyin-village").first(), today)


def _months_back(today, n):
    """The first day of each of the last n months before this one, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return list(reversed(months))


def _meetings(rng, union, officers, by, today):
    chair = officers[0].name if officers else "工会主席"
    for n, month in enumerate(_months_back(today, 12)):
        topic, decision = AGENDAS[month.month]
        held_on = month.replace(day=rng.randint(5, 20))
        meeting = services.record_meeting(
            org=union,
            by=by,
            kind=MeetingKind.COMMITTEE,
            title=f"{month:%Y年%-m月}工会委员会会议",
            held_on=held_on,
            place="工会活动室",
            host=chair,
            recorder=officers[2].name if len(officers) > 2 else "",
            officers=officers[:5],
            attendance=min(5, len(officers)) or 5,
            absent=f"{officers[5].name}（外出学习）" if len(officers) > 5 and n % 4 == 0 else "",
            agenda=f"一、通报上月工作落实情况\n二、{topic}",
            minutes=f"{chair}主持会议。\n一、通报上月决定事项落实情况，均已完成。\n二、{topic}。\n经讨论，一致同意：{decision}。",
        )
        due = held_on + timedelta(days=20)
        found = services.add_decision(
            meeting=meeting,
            by=by,
            text=decision,
            owner=officers[1 + n % 3].name if officers else chair,
            due_on=due,
        )
        if due < today - timedelta(days=10):
            services.complete_decision(
                decision=found, by=by, note="已按期落实", done_on=due - timedelta(days=3)
            )
    services.record_meeting(
        org=union,
        by=by,
        kind=MeetingKind.ASSEMBLY,
        title=f"{today.year}年会员代表大会",
        held_on=today + timedelta(days=14),
        place="大会议室",
        agenda="一、工会工作报告\n二、经费审查报告\n三、选举",
    )


def _study(union, officers, by, today):
    for n, month in enumerate(_months_back(today, 12)[1::3]):
        topic, materials = STUDY_TOPICS[n % len(STUDY_TOPICS)]
        services.record_study(
            org=union,
            by=by,
            topic=topic,
            held_on=month.replace(day=25),
            hours=Decimal("2.0") if n % 2 else Decimal("3.0"),
            place="工会活动室",
            speaker=officers[0].name if officers else "",
            officers=officers,
            attendance=len(officers) + 3,
            materials=materials,
            notes="集中学习后交流心得，每人撰写学习笔记。",
        )


def _honours(union, by, today):
    members = list(Member.objects.in_subtree(union).active().order_by("member_number")[:6])
    if len(members) < 4:
        return
    last_year = today.year - 1
    for member, (kind, title, level, awarded_by) in zip(
        members,
        [
            (HonourKind.EXCELLENT_MEMBER, "优秀工会会员", HonourLevel.UNION, union.name),
            (HonourKind.ACTIVIST, "工会积极分子", HonourLevel.UNION, union.name),
            (HonourKind.EXCELLENT_OFFICER, "优秀工会干部", HonourLevel.COUNTY, "城关县总工会"),
        ],
        strict=False,
    ):
        services.record_honour(
            org=union,
            by=by,
            kind=kind,
            title=f"{last_year}年度{title}",
            level=level,
            year=last_year,
            awarded_on=date(last_year, 12, 28),
            member=member,
            awarded_by=awarded_by,
            citation="工作认真负责，积极参加工会活动，热心为职工服务。",
        )
    round = services.open_round(
        org=union,
        by=by,
        name=f"{today.year}年度优秀会员评选",
        year=today.year,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=25),
    )
    services.nominate(
        round=round,
        by=by,
        kind=HonourKind.EXCELLENT_MEMBER,
        title=f"{today.year}年度优秀工会会员",
        member=members[3],
        nominated_by="第一工会小组",
        citation="积极参与劳动竞赛，带头参加志愿服务。",
    )
    _member_nominations(union, round, members)
    _on_publicity(union, by, members, today)


def _member_nominations(union, round, members):
    """The demo member (user "member", in the first group) nominates online: a colleague for
    themselves, and another group in their group's name."""
    user = get_user_model().objects.filter(username="member").first()
    nominator = Member.objects.active().in_subtree(union).filter(user=user).first() if user else None
    if nominator is None:
        return
    colleague = next(m for m in members[4:] + members[:3] if m.pk != nominator.pk)
    services.member_nominate(
        round=round,
        by=user,
        kind=HonourKind.EXCELLENT_MEMBER,
        member=colleague,
        citation="常年义务为小组会员代缴会费、送学习材料，热心帮助困难职工。",
    )
    groups = Org.objects.filter(path__startswith=union.path, kind=OrgKind.GROUP).exclude(pk=nominator.org_id)
    group = groups.order_by("path").first()
    if group is not None and nominator.org.kind == OrgKind.GROUP:
        services.member_nominate(
            round=round,
            by=user,
            kind=HonourKind.ADVANCED_GROUP,
            group=group,
            for_group=True,
            citation="小组会费按时收缴，组织活动多，会员参与率高。",
        )


def _on_publicity(union, by, members, today):
    """An earlier round whose result is on publicity (公示) now, for members to see and comment on.
    Built through the services today, then dated as the round really ran (its window has closed)."""
    round = services.open_round(
        org=union,
        by=by,
        name=f"{today.year}年上半年工会积极分子评选",
        year=today.year,
        opens_on=today,
        closes_on=today,
    )
    honour = services.nominate(
        round=round,
        by=by,
        kind=HonourKind.ACTIVIST,
        title=f"{today.year}年上半年工会积极分子",
        member=members[2],
        nominated_by="第二工会小组",
        citation="积极参加工会组织的各项活动，协助开展送温暖走访。",
    )
    services.decide(honour=honour, by=by, approved=True, note="工会委员会表决 5 票赞成")
    services.publicise(honour=honour, by=by, start=today)
    round.opens_on, round.closes_on = today - timedelta(days=30), today - timedelta(days=8)
    round.save(update_fields=["opens_on", "closes_on"])
    honour.nominated_on = today - timedelta(days=15)
    honour.save(update_fields=["nominated_on"])


def _reports(union, by, county_admin, today):
    items = [
        (
            "开展春节送温暖走访慰问",
            "春节前夕，工会委员分组走访慰问困难职工和退休职工，送去慰问金和慰问品。",
            150,
        ),
        ("组织女职工登山健身活动", "三八节期间，工会组织女职工开展登山健身活动，丰富了职工业余生活。", 100),
        ("集中学习《工会法》", "工会委员会组织集中学习《工会法》，结合实际交流学习体会。", 60),
        ("夏季送清凉慰问一线职工", "高温期间，工会为一线职工送去绿豆、饮料等防暑降温物品。", 20),
    ]
    for n, (title, body, days_ago) in enumerate(items):
        report = services.write_report(org=union, by=by, title=f"{union.name}{title}", body=body)
        if n == len(items) - 1:
            continue  # the latest is still a draft
        services.submit_report(report=report, by=by)
        report.submitted_on = today - timedelta(days=days_ago)
        report.save(update_fields=["submitted_on"])
        if n < 2:
            services.adopt_report(report=report, by=county_admin, level="county", note="城关县总工会网站")


# Seed plan 01's study and meeting rule, as the demo village's plan has no such line of its own.
RULE = "工会主席会议坚持每月研究工作和每季集中学习一次制度"


def _rhythm_targets(union, today):
    plan = Plan.objects.current_for(union, today.year) if union else None
    if plan is None or plan.targets.filter(metric_key="unionwork.meetings.committee").exists():
        return
    order = plan.targets.count()
    for n, (words, key, period) in enumerate(
        [
            ("研究工作", "unionwork.meetings.committee", TargetPeriod.EVERY_MONTH),
            ("集中学习", "unionwork.study_sessions", TargetPeriod.EVERY_QUARTER),
        ]
    ):
        Target.objects.create(
            org=union,
            plan=plan,
            order=order + n,
            text=RULE,
            metric_words=words,
            metric_key=key,
            value=1,
            unit="次",
            period=period,
        )
