"""Demo organisations: a county federation, two town federations, 14 unions with groups, terms and users."""

from datetime import date

from django.contrib.auth import get_user_model

from gonghui.orgs.models import Officer, OfficerPost, Org, OrgKind, Role, RoleAssignment, Term, UnitType

DEMO_PASSWORD = "gonghui-demo"

COUNTY = ("chengguan", "城关县总工会", UnitType.COUNTY)
TOWNS = [("wuyin-town", "五音镇总工会"), ("zishan-town", "梓山镇总工会")]
# (parent code, code, name, unit type, employees)
UNIONS = [
    ("wuyin-town", "wuyin-village", "五音村工会", UnitType.VILLAGE, 160),
    ("wuyin-town", "luzhong-school", "芦中学校工会", UnitType.SCHOOL, 140),
    ("wuyin-town", "wuyin-textile", "五音纺织有限公司工会", UnitType.ENTERPRISE, 320),
    ("wuyin-town", "wuyin-community", "五音社区工会", UnitType.COMMUNITY, 90),
    ("wuyin-town", "lizhuang-school", "厉庄镇中心小学工会", UnitType.SCHOOL, 110),
    ("zishan-town", "zishan-village", "梓山村工会", UnitType.VILLAGE, 130),
    ("zishan-town", "zishan-hospital", "梓山镇卫生院工会", UnitType.HOSPITAL, 120),
    ("zishan-town", "zishan-machinery", "梓山机械制造厂工会", UnitType.ENTERPRISE, 380),
    ("zishan-town", "dongsichi-school", "东四尺小学工会", UnitType.SCHOOL, 95),
    ("zishan-town", "zishan-community", "梓山社区工会", UnitType.COMMUNITY, 80),
    ("chengguan", "county-hospital", "城关县人民医院工会", UnitType.HOSPITAL, 260),
    ("chengguan", "county-no1-school", "城关县第一中学工会", UnitType.SCHOOL, 180),
    ("chengguan", "county-power", "城关供电公司工会", UnitType.ENTERPRISE, 150),
    ("chengguan", "county-agency", "县机关联合工会", UnitType.AGENCY, 100),
]
GROUP_NAMES = ["第一工会小组", "第二工会小组", "第三工会小组"]
OFFICER_NAMES = ["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋", "赵敏", "黄磊", "周强", "吴婷"]

# username, full name, role, org code, duties
DEMO_USERS = [
    ("fed_admin", "县总工会管理员", Role.FEDERATION_ADMIN, "chengguan", ""),
    ("fed_viewer", "县总工会查看员", Role.FEDERATION_VIEWER, "chengguan", ""),
    ("town_admin", "五音镇总工会管理员", Role.FEDERATION_ADMIN, "wuyin-town", ""),
    ("chair", "五音村工会主席", Role.UNION_CHAIR, "wuyin-village", ""),
    ("officer", "五音村工会委员（帮扶）", Role.UNION_OFFICER, "wuyin-village", "care"),
    ("group_leader", "五音村第一小组长", Role.GROUP_LEADER, "wuyin-village-g1", ""),
    ("member", "五音村会员", Role.MEMBER, "wuyin-village", ""),
    ("school_chair", "芦中学校工会主席", Role.UNION_CHAIR, "luzhong-school", ""),
]


def populate(rng):
    if Org.objects.filter(code=COUNTY[0]).exists():
        return
    county = Org.objects.add_root(
        dict(
            code=COUNTY[0],
            name=COUNTY[1],
            kind=OrgKind.FEDERATION,
            unit_type=COUNTY[2],
            address="城关县人民路 1 号",
            established_on=date(1952, 5, 1),
        )
    )
    for code, name in TOWNS:
        Org.objects.add_child(
            county,
            dict(
                code=code,
                name=name,
                kind=OrgKind.FEDERATION,
                unit_type=UnitType.TOWN,
                address=f"{name[:3]}政府大院",
            ),
        )
    for index, (parent, code, name, unit_type, employees) in enumerate(UNIONS):
        union = Org.objects.add_child(
            Org.objects.get(code=parent),
            dict(
                code=code,
                name=name,
                kind=OrgKind.UNION,
                unit_type=unit_type,
                employee_count=employees,
                established_on=date(1990 + index, 3, 1),
                address=name[:-2],
            ),
        )
        for g, group_name in enumerate(GROUP_NAMES, start=1):
            Org.objects.add_child(
                union,
                dict(
                    code=f"{code}-g{g}",
                    name=f"{name[:-2]}{group_name}",
                    kind=OrgKind.GROUP,
                    unit_type=unit_type,
                ),
            )
        _add_term(union, rng, expired=index % 5 == 4)
    _add_users()


def _add_term(union, rng, *, expired):
    start = date(2019, 6, 1) if expired else date(2023, 6, 1)
    term = Term.objects.create(
        org=union,
        number=3 if expired else 4,
        start_on=start,
        end_on=start.replace(year=start.year + 5 if not expired else start.year + 3),
    )
    names = rng.sample(OFFICER_NAMES, 6)
    posts = [
        OfficerPost.CHAIR,
        OfficerPost.VICE_CHAIR,
        OfficerPost.MEMBER,
        OfficerPost.MEMBER,
        OfficerPost.AUDITOR,
        OfficerPost.WOMEN,
    ]
    duties = ["全面工作", "宣传文体", "组织", "帮扶", "经费审查", "女职工工作"]
    for name, post, duty in zip(names, posts, duties, strict=True):
        Officer.objects.create(
            org=union,
            term=term,
            name=name,
            post=post,
            duties=duty,
            phone=f"139{rng.randint(10000000, 99999999)}",
        )


def _add_users():
    User = get_user_model()
    for username, full_name, role, org_code, duties in DEMO_USERS:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=full_name)
        RoleAssignment.objects.create(user=user, org=Org.objects.get(code=org_code), role=role, duties=duties)
