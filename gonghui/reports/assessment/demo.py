"""Demo: this year's county assessment round: every union has its pre-filled sheet, two have submitted
their self-assessment and the county has scored one of them item by item."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.orgs.models import Org
from gonghui.reports.assessment import services
from gonghui.reports.assessment.models import Rubric

COUNTY = "chengguan"
SUBMITTED = ["wuyin-village", "luzhong-school"]  # the first one is also scored
USERS = {"wuyin-village": "chair", "luzhong-school": "school_chair"}


def populate(rng):
    county = Org.objects.filter(code=COUNTY).first()
    today = timezone.localdate()
    if county is None or Rubric.objects.filter(org=county, year=today.year).exists():
        return
    users = get_user_model().objects.in_bulk(["fed_admin", *USERS.values()], field_name="username")
    admin = users.get("fed_admin")
    services.load_shipped_rubric(org=county, key="model_home", year=today.year, by=admin)
    rubric = services.load_shipped_rubric(org=county, key="county_annual", year=today.year, by=admin)
    found = services.open_round(
        rubric=rubric, title=f"{today.year}年度基层工会工作考核", year=today.year, by=admin, today=today
    )
    for code in SUBMITTED:
        assessment = found.assessments.select_related("org").get(org__code=code)
        _self_assess(rng, assessment, users.get(USERS[code]), today)
    _review(rng, found.assessments.get(org__code=SUBMITTED[0]), admin)


def _self_assess(rng, assessment, by, today):
    for score in assessment.scores.select_related("item"):
        if score.claimed_points is None:
            points = score.item.max_points - rng.choice([0, 0, 1])
            services.save_self_score(score=score, points=points, note="材料已归档，可到会查阅。", by=by)
    services.submit_self_assessment(assessment=assessment, by=by, today=today)


def _review(rng, assessment, by):
    for score in assessment.scores.select_related("item"):
        claimed = score.claimed_points or Decimal(0)
        if not score.item.is_automatic and claimed > 1 and rng.random() < 0.3:
            services.score_item(score=score, points=claimed - 1, comment="记录不够完整，扣1分。", by=by)
        else:
            services.score_item(score=score, points=claimed, comment="", by=by)
