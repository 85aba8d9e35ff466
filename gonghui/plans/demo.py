"""Demo plans: every demo union and federation gets this year's plan, parsed from a real plan text of its own kind.

Past items are done later, with real proof, once the records exist: by the activities demo (the
activities made for them) and by reports/demo_evidence.py (visits, dues batches, written reasons),
which also builds the metric snapshots and digests from the result.

The texts are the seed plans (../shared/seed): the article's school and town plans, and the development set's
village, enterprise, community, hospital, agency, town and federation plans. Each is moved to the demo year
(the year on the clock when the demo is loaded; every year in the text shifts with it, so "next year" stays
next year), and the union it was written for is renamed to the demo union, so no plan names another place.
"""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.orgs.models import Org
from gonghui.plans import services
from gonghui.plans.models import Plan

TEXTS = Path(__file__).parent / "demo_plans"

# Machinery words of dev-03-enterprise rewritten for the other two enterprises.
TEXTILE = {
    "在铸造、机加工、装配等车间": "在纺纱、织造、印染等车间",
    "焊工、数控车工、电工技能比武": "挡车工、保全工、电工技能比武",
    "焊工": "挡车工",
}
POWER = {
    "在铸造、机加工、装配等车间": "在变电、配电、营销等班组",
    "焊工、数控车工、电工技能比武": "配电线路工、变电运维工、电工技能比武",
    "焊工": "配电线路工",
    "每个车间": "每个班组",
    "各车间": "各班组",
}
# An opening sentence about one particular year (an anniversary, a five-year plan's first or last year) is
# true only of that year: it becomes a sentence about this year.
THIS_YEAR = "今年是全面贯彻落实党的二十届历次全会精神的重要一年。"

# org code → (text, the year the text was written for (None: it names none), replacements in order)
PLANS = {
    "chengguan": (
        "dev-07-federation.txt",
        2025,
        {
            "2025年是“十四五”规划收官之年，也是谋划“十五五”发展的重要一年。": THIS_YEAR,
            "云溪区总工会": "城关县总工会",
            "云溪": "城关",
            "区总工会": "县总工会",
            "全区": "全县",
            "区级": "县级",
            "区直": "县直",
            "区第十二届": "县第十二届",
        },
    ),
    "wuyin-town": (
        "dev-05-town.txt",
        2021,
        {"2021年是中国共产党成立100周年，也是“十四五”规划开局之年。": THIS_YEAR, "清河": "五音"},
    ),
    # The article's town plan was written for 梓山镇; its year is misprinted 1017 (2017, see the seed README).
    "zishan-town": (
        "04-town.txt",
        2017,
        {"1017年": "2017年", "以十八届四中、五中、六中全会为指导": "以党的二十大和二十届历次全会精神为指导"},
    ),
    "wuyin-village": (
        "dev-01-village.txt",
        2023,
        {
            "2023年是全面贯彻落实党的二十大精神的开局之年，也是我村": "今年是我村",
            "柳塘": "五音",
        },
    ),
    "zishan-village": ("dev-13-village.txt", None, {"石桥": "梓山"}),
    "luzhong-school": ("02-school.txt", None, {}),
    "lizhuang-school": ("03-town-schools.txt", None, {}),
    "dongsichi-school": ("05-school-168.txt", None, {"[x年": "今年"}),
    "county-no1-school": ("dev-20-school.txt", 2021, {"江北第三中学": "城关县第一中学"}),
    "wuyin-textile": ("dev-03-enterprise.txt", 2024, {"华源机械制造有限公司": "五音纺织有限公司", **TEXTILE}),
    "zishan-machinery": ("dev-03-enterprise.txt", 2024, {"华源机械制造有限公司": "梓山机械制造厂"}),
    "county-power": ("dev-03-enterprise.txt", 2024, {"华源机械制造有限公司": "城关供电公司", **POWER}),
    "wuyin-community": ("dev-14-community.txt", 2023, {"锦绣": "五音"}),
    "zishan-community": ("dev-14-community.txt", 2023, {"锦绣": "梓山"}),
    "zishan-hospital": (
        "dev-12-hospital.txt",
        2024,
        {"医院工会工作计划2024（最新版）_医疗卫生_实用文档站\n": "", "东岭县中医院": "梓山镇卫生院"},
    ),
    "county-hospital": ("dev-04-hospital.txt", 2023, {"市第二人民医院": "城关县人民医院"}),
    # A plan in prose without a timetable: it stays a draft for the chair to complete.
    "county-agency": ("dev-18-agency.txt", 2024, {"县市场监督管理局机关工会": "县机关联合工会"}),
}
PLACEHOLDER_YEAR = re.compile(r"20[xX]{2}(?=年)")
YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")


def plan_text(code: str, year: int) -> str:
    """The demo plan of org `code`, renamed to it and moved to `year`."""
    name, written_for, replacements = PLANS[code]
    text = (TEXTS / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    return move_to_year(text, written_for=written_for, year=year)


def move_to_year(text: str, *, written_for: int | None, year: int) -> str:
    """Every year in the text shifted by the same amount, so the plan's year becomes `year`.

    Placeholders (20xx年) stand for the plan's own year. Only years from 2000 on move: the texts name
    no earlier event by its year, and a founding year (1952) must not move.
    """
    text = PLACEHOLDER_YEAR.sub(str(written_for or year), text)
    shift = year - (written_for or year)
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def populate(rng):
    today = timezone.localdate()
    orgs = list(Org.objects.filter(code__in=PLANS).order_by("path"))
    if not orgs or Plan.objects.filter(year=today.year, org__in=orgs).exists():
        return
    by = get_user_model().objects.filter(is_superuser=False).order_by("pk").first()
    for org in orgs:
        plan = services.create_plan_from_text(
            org=org, text=plan_text(org.code, today.year), year=today.year, by=by
        )
        if (
            str(today.year) not in plan.title or org.name not in plan.title
        ):  # e.g. untitled, or 「2026年工会工作计划」
            plan.title = f"{org.name}{today.year}年工作计划"
            plan.save(update_fields=["title"])
        if not plan.items.exists() and not plan.targets.exists():
            continue
        services.confirm_plan(plan=plan, by=by)
