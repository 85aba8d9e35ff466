"""Demo members: about 2,000 people across the demo unions, with valid ID numbers and phones."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from stdnum.cn import ric

from gonghui.members.models import EmploymentType, Gender, Member
from gonghui.members.pinyin import name_keys
from gonghui.orgs.models import Org, OrgKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国文志海峰"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰燕萍红梅琳雪慧颖倩婷蓉洁佳琴云莉月凤悦"
AREA_CODES = ["320321", "320322", "320324", "320381", "320382", "320311"]
EDUCATION = ["初中", "高中", "中专", "大专", "本科", "本科", "硕士"]
POLITICAL = ["群众", "群众", "中共党员", "共青团员"]


def make_id_number(rng, birth: date, gender: str) -> str:
    sequence = rng.randrange(0, 999)
    if (sequence % 2 == 1) != (gender == Gender.MALE):
        sequence = (sequence + 1) % 1000
    body = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function expects a full-length number


def make_person(rng, today: date) -> dict:
    gender = rng.choice([Gender.MALE, Gender.FEMALE])
    given = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice([1, 2, 2])))
    birth = today - timedelta(days=rng.randint(20 * 365, 59 * 365))
    pinyin, initials = name_keys(name)
    return {
        "name": name,
        "gender": gender,
        "birth_date": birth,
        "id_number": make_id_number(rng, birth, gender),
        "phone": f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}",
        "name_pinyin": pinyin,
        "name_initials": initials,
        "education": rng.choice(EDUCATION),
        "political_status": rng.choice(POLITICAL),
        "employment_type": rng.choices(list(EmploymentType.values)[:4], weights=[6, 3, 1, 2])[0],
        "join_date": today - timedelta(days=rng.randint(30, 15 * 365)),
    }


def populate(rng):
    unions = list(Org.objects.filter(kind=OrgKind.UNION, code__in=_demo_union_codes()))
    if not unions or Member.objects.filter(org__path__startswith=unions[0].path).exists():
        return
    today = date(2026, 1, 1)
    seen = set()
    rows = []
    for union in unions:
        groups = list(union.get_children())
        # Most of the workforce has joined: 80-95% of the unit's employees.
        for n in range(int((union.employee_count or 100) * rng.uniform(0.8, 0.95))):
            person = make_person(rng, today)
            if person["id_number"] in seen:
                continue
            seen.add(person["id_number"])
            org = groups[n % len(groups)] if groups else union
            member = Member(org=org, member_number=f"{union.pk:03d}{n:05d}", **person)
            member.set_search_keys()
            rows.append(member)
    Member.objects.bulk_create(rows, batch_size=1000)
    _link_member_user()


def _demo_union_codes():
    from gonghui.orgs.demo import UNIONS

    return [code for _, code, *_ in UNIONS]


def _link_member_user():
    user = get_user_model().objects.filter(username="member").first()
    member = Member.objects.filter(org__code="wuyin-village-g1").order_by("member_number").first()
    if user and member:
        member.user = user
        member.save(update_fields=["user"])
