"""Demo plans: every demo union gets this year's confirmed plan, parsed from a real plan text.

Past items are done later, with real proof, once the records exist: by the activities demo (the
activities made for them) and by reports/demo_evidence.py (visits, dues batches, written reasons),
which also builds the metric snapshots and digests from the result."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.orgs.models import Org, OrgKind
from gonghui.plans import services
from gonghui.plans.models import Plan

TEXTS = Path(__file__).parent / "demo_plans"
# Which seed plan suits which kind of union: schools get the school plans, the others the town plan (04),
# whose month-by-month schedule is the richest; 01 (targets, no schedule) shows a plan without a timetable.
BY_UNIT_TYPE = {"school": ["02-school.txt", "03-town-schools.txt", "05-school-168.txt"]}
DEFAULT = ["04-town.txt"]
SPECIFIC = {
    "zishan-village": "01-village.txt",
    "luzhong-school": "02-school.txt",
    "lizhuang-school": "03-town-schools.txt",
    "dongsichi-school": "05-school-168.txt",
}


def populate(rng):
    today = timezone.localdate()
    unions = list(Org.objects.filter(kind=OrgKind.UNION).order_by("code"))
    if not unions or Plan.objects.filter(year=today.year, org__in=unions).exists():
        return
    by = get_user_model().objects.filter(is_superuser=False).order_by("pk").first()
    for index, union in enumerate(unions):
        choices = BY_UNIT_TYPE.get(union.unit_type, DEFAULT)
        name = SPECIFIC.get(union.code) or choices[index % len(choices)]
        plan = services.create_plan_from_text(
            org=union, text=(TEXTS / name).read_text(encoding="utf-8"), year=today.year, by=by
        )
        if not plan.items.exists() and not plan.targets.exists():
            continue
        services.confirm_plan(plan=plan, by=by)
