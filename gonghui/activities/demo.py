"""Demo activities: a year for each demo union, following the schedules of the seed plans.

A union with a confirmed plan for the year (the plans demo parses the seed plans) gets an activity
for each activity-like schedule item, linked to the item as its evidence. A union without one
follows the schedules below, taken from the seed plans (shared/seed/plans: 02 芦中学校, 04 梓山镇 …)
with the festivals every union keeps (三八, 五一, 国庆). Past activities get sign-ups and
attendance; later ones are open for sign-up.
"""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from gonghui.activities import planning, services
from gonghui.activities.models import (
    Activity,
    Attendance,
    AttendanceStatus,
    Audience,
    Category,
    CheckInMethod,
    Contest,
    Entrant,
)
from gonghui.members.models import Member
from gonghui.orgs.models import Org

SHANGHAI = ZoneInfo("Asia/Shanghai")
C = Category

# (month, day, title, category, audience, contests)
COMMON = [
    (3, 6, "庆“三八”国际劳动妇女节系列活动", C.FESTIVAL, Audience.WOMEN, []),
    (4, 28, "“五一”国际劳动节职工趣味运动会", C.SPORTS, Audience.ALL, ["拔河", "跳绳", "托球跑"]),
    (5, 4, "青年职工“五四”联谊活动", C.CULTURE, Audience.YOUTH, []),
    (9, 28, "庆国庆职工文艺汇演", C.CULTURE, Audience.ALL, []),
]
SCHOOL = [
    (1, 9, "迎新年书画作品征集赛", C.CULTURE, Audience.ALL, ["书法", "国画"]),
    (3, 20, "教职工趣味游艺活动", C.SPORTS, Audience.ALL, []),
    (4, 17, "中小学教工羽毛球比赛", C.SPORTS, Audience.ALL, ["羽毛球男单", "羽毛球女单"]),
    (6, 12, "中小学教工书画比赛", C.CULTURE, Audience.ALL, ["书法"]),
    (7, 8, "工会干部暑期培训", C.STUDY, Audience.ALL, []),
    (9, 9, "教师节庆祝活动", C.FESTIVAL, Audience.ALL, []),
    (11, 13, "教职工健身运动会", C.SPORTS, Audience.ALL, ["乒乓球", "踢毽子"]),
    (12, 18, "艺术节教工文艺演出", C.CULTURE, Audience.ALL, []),
]
TOWN = [
    (2, 24, "安全生产教育培训", C.STUDY, Audience.ALL, []),
    (4, 10, "职工书法比赛", C.CULTURE, Audience.ALL, ["书法"]),
    (6, 19, "“创建学习型、争做知识型职工”读书交流", C.STUDY, Audience.ALL, []),
    (7, 1, "庆“七一”职工歌咏比赛", C.CULTURE, Audience.ALL, ["合唱"]),
    (9, 18, "职工乒乓球赛", C.SPORTS, Audience.ALL, ["乒乓球"]),
    (11, 20, "技能比武", C.CONTEST, Audience.ALL, ["岗位技能操作"]),
    (12, 11, "冬季职工志愿服务", C.VOLUNTEER, Audience.ALL, []),
]
ENTERPRISE = [
    (5, 20, "“五一”劳动竞赛技术比武", C.CONTEST, Audience.ALL, ["钳工", "电工"]),
    (8, 14, "职工疗休养参观", C.OUTING, Audience.ALL, []),
    (10, 16, "安全知识竞赛", C.STUDY, Audience.ALL, ["安全知识"]),
]
SCHEDULES = {
    "school": SCHOOL,
    "village": TOWN,
    "community": TOWN[:4],
    "hospital": TOWN[1:5] + ENTERPRISE[2:],
    "enterprise": ENTERPRISE + TOWN[4:6],
    "agency": TOWN[:3],
}
PLACES = ["工会活动室", "会议室", "体育馆", "文化广场", "职工之家", "多功能厅"]


ACTIVITY_CATEGORIES = {"festival", "sports", "culture", "study"}
CONTEST_NAMES = [
    (r"乒乓", "乒乓球"),
    (r"羽毛球", "羽毛球"),
    (r"书法|书画", "书法"),
    (r"歌咏|合唱", "合唱"),
    (r"比武|技能", "技能操作"),
]


def populate(rng):
    unions = list(Org.objects.filter(kind="union").order_by("path"))
    if not unions or Activity.objects.filter(org__in=unions).exists():
        return
    now = timezone.now()
    year = timezone.localdate().year
    for union in unions:
        members = list(Member.objects.in_subtree(union).active().select_related("org"))
        if not members:
            continue
        items = _plan_items(union, year)
        if items:
            for item in items:
                _activity_for_item(rng, union, members, now, item)
            continue
        for month, day, *rest in COMMON + SCHEDULES.get(union.unit_type, TOWN[:3]):
            _activity(rng, union, members, now, date(year, month, day), *rest)
    _federation_activity(rng, now, year)


def _plan_items(union, year):
    from gonghui.plans.models import ScheduleItem

    items = ScheduleItem.objects.in_confirmed_plans().of_year(year).filter(org=union, month__isnull=False)
    return [i for i in items.select_related("plan", "org") if i.status != "cancelled" and _is_activity(i)]


# Paperwork items (inspections, applications, essays, meetings) are in the schedule but are no activity.
PAPERWORK = re.compile(r"检查|申报|评选|评估|评比|调研|论文|总结|会议|配合|调查|考核|迎接")


def _is_activity(item):
    if PAPERWORK.search(item.text):
        return False
    return item.category in ACTIVITY_CATEGORIES or planning.category_for(item) != Category.OTHER


def _activity_for_item(rng, union, members, now, item):
    category = planning.category_for(item)
    contests = [name for pattern, name in CONTEST_NAMES if re.search(pattern, item.text)]
    day = date(item.plan.year, item.month, rng.randint(5, 25))
    # Plans leave the count blank (第__个教师节); Teachers' Day was first kept in 1985.
    title = re.sub(r"第_+个教师节", f"第{item.plan.year - 1984}个教师节", item.text)[:200]
    activity = _activity(rng, union, members, now, day, title, category, Audience.ALL, contests)
    if activity.end < now:  # the activity proves its plan item done (plans' rules: a linked record)
        planning.link_to_item(activity=activity, item=item, by=None)


def _activity(rng, union, members, now, day, title, category, audience, contests):
    start = datetime.combine(day, time(rng.choice([9, 14, 15])), SHANGHAI)
    capacity = rng.choice([None, None, 30, 60])
    activity = Activity.objects.create(
        org=union,
        title=title,
        category=category,
        start=start,
        end=start + timedelta(hours=rng.choice([2, 3, 4])),
        place=rng.choice(PLACES),
        organiser="工会委员会",
        audience=audience,
        capacity=capacity,
        signup_deadline=start - timedelta(days=2),
        budget=Decimal(rng.randrange(5, 60) * 100),
        description=f"{union.name}组织开展{title}，丰富职工文化生活。",
    )
    eligible = [m for m in members if services.eligibility_problem(activity=activity, member=m) is None]
    chosen = rng.sample(eligible, min(len(eligible), rng.randint(10, 45)))
    past = activity.end < now
    rows = []
    for i, member in enumerate(chosen):
        full = capacity is not None and i >= capacity
        came = past and not full and rng.random() < 0.85
        rows.append(
            Attendance(
                activity=activity,
                member=member,
                org_id=member.org_id,
                status=AttendanceStatus.WAITING if full else AttendanceStatus.REGISTERED,
                signed_up_at=start - timedelta(days=5, minutes=i),
                attended_at=start + timedelta(minutes=rng.randint(-20, 10)) if came else None,
                check_in_method=rng.choice([CheckInMethod.TAP, CheckInMethod.QR, CheckInMethod.PAPER])
                if came
                else "",
            )
        )
    Attendance.objects.bulk_create(rows)
    if past:
        activity.actual_cost = (activity.budget * Decimal(rng.uniform(0.6, 1.0))).quantize(Decimal("0.01"))
        activity.summary = f"共 {sum(1 for r in rows if r.attended_at)} 名会员参加，活动顺利完成。"
        activity.save(update_fields=["actual_cost", "summary"])
    for name in contests:
        _contest(rng, activity, name, [r.member for r in rows if r.attended_at], past)
    return activity


def _contest(rng, activity, name, attendees, past):
    contest = Contest.objects.create(activity=activity, org=activity.org, name=name)
    entrants = [
        Entrant(
            contest=contest, org=activity.org, member=m, score=Decimal(rng.randint(60, 100)) if past else None
        )
        for m in attendees[: rng.randint(4, 12)]
    ]
    Entrant.objects.bulk_create(entrants)
    if past:
        services.rank_contest(contest=contest)


def _federation_activity(rng, now, year):
    county = Org.objects.filter(code="chengguan").first()
    if county is None:
        return
    start = datetime(year, 10, 23, 9, tzinfo=SHANGHAI)
    activity = Activity.objects.create(
        org=county,
        title="全县职工技能大赛",
        category=C.CONTEST,
        start=start,
        end=start + timedelta(hours=8),
        place="县职工文化中心",
        organiser="县总工会",
        capacity=80,
        signup_deadline=start - timedelta(days=7),
        budget=Decimal("30000"),
        actual_cost=Decimal("27650.00") if start < now else None,
        description="面向全县基层工会会员的职工技能大赛。",
    )
    members = list(Member.objects.in_subtree(county).active().order_by("member_number")[::37][:60])
    for member in members:
        came = start < now and rng.random() < 0.9
        Attendance.objects.create(
            activity=activity,
            member=member,
            org_id=member.org_id,
            signed_up_at=start - timedelta(days=10),
            attended_at=start if came else None,
            check_in_method=CheckInMethod.QR if came else "",
        )
