"""Targets that mean what they say: a target's period, ranges with both bounds, zero targets, and
frequencies counted in every period (gonghui.plans.periods, generic over any count metric)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gonghui.activities.models import Category as ActivityCategory
from gonghui.activities.tests.factories import ActivityFactory
from gonghui.plans import periods
from gonghui.plans.dashboard import target_progress
from gonghui.plans.models import Comparator, PlanStatus, Target, TargetPeriod
from gonghui.plans.services import create_plan_from_text
from gonghui.plans.tests.factories import PlanFactory, TargetFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def goal(**fields) -> Target:
    """An unsaved target: the evaluation needs only its comparator, value(s) and period."""
    return Target(**{"comparator": Comparator.AT_LEAST, "value": Decimal(1), "period": "Y", **fields})


def counting(per_day: dict[date, int]):
    """value_of for a count metric of any kind: the records dated within [start, end]."""

    def value_of(start, end):
        n = sum(v for d, v in per_day.items() if start <= d <= end)
        return n, f"{n}次"

    return value_of


# --------------------------------------------------------------------------- windows


def test_windows_of_each_period_kind():
    assert [w[0] for w in periods.windows("per_q", 2026)] == ["一季度", "二季度", "三季度", "四季度"]
    assert periods.windows("per_q", 2026)[1][1:] == (date(2026, 4, 1), date(2026, 6, 30))
    assert len(periods.windows("per_m", 2026)) == 12
    assert periods.windows("per_m", 2024)[1][2] == date(2024, 2, 29)
    assert periods.windows("per_2m", 2026)[-1][1:] == (date(2026, 11, 1), date(2026, 12, 31))
    assert periods.windows("per_t", 2026) == [
        ("春季学期", date(2026, 2, 1), date(2026, 7, 31)),
        ("秋季学期", date(2026, 9, 1), date(2026, 12, 31)),
    ]
    assert periods.windows("H1", 2026) == [("上半年", date(2026, 1, 1), date(2026, 6, 30))]
    weeks = periods.windows("per_w", 2026)
    assert weeks[0][1:] == (date(2026, 1, 1), date(2026, 1, 4))  # 1 January 2026 is a Thursday
    assert weeks[-1][2] == date(2026, 12, 31)
    assert all(b[1] == a[2] + timedelta(days=1) for a, b in zip(weeks, weeks[1:], strict=False))
    assert sum((end - start).days + 1 for _, start, end in weeks) == 365


# --------------------------------------------------------------------------- every period of a kind


def test_once_a_quarter_is_met_only_if_every_quarter_so_far_has_one():
    target = goal(period=TargetPeriod.EVERY_QUARTER)
    study = counting({date(2026, 2, 10): 1, date(2026, 5, 20): 1})
    rows, met = periods.evaluate(target, study, 2026, date(2026, 6, 15))
    assert [(r.label, r.value, r.closed) for r in rows] == [("一季度", 1, True), ("二季度", 1, False)]
    assert met is True
    # a quarter that ended without one fails the target for good, whatever came later
    late = counting({date(2026, 5, 20): 3})
    assert periods.evaluate(target, late, 2026, date(2026, 6, 15))[1] is False
    # the running quarter without one yet only keeps it open
    only_first = counting({date(2026, 2, 10): 1})
    assert periods.evaluate(target, only_first, 2026, date(2026, 6, 15))[1] is None
    assert periods.evaluate(target, only_first, 2026, date(2026, 7, 1))[1] is False


def test_monthly_meetings_over_a_year_end():
    target = goal(period=TargetPeriod.EVERY_MONTH)
    every_month = counting({date(2026, m, 3): 1 for m in range(1, 13)})
    rows, met = periods.evaluate(target, every_month, 2026, date(2027, 1, 1))
    assert len(rows) == 12 and all(r.closed for r in rows) and met is True


def test_a_cap_in_every_period_is_lost_once_passed():
    target = goal(period=TargetPeriod.EVERY_MONTH, comparator=Comparator.AT_MOST, value=Decimal(2))
    busy = counting({date(2026, 6, 2): 3})
    assert periods.evaluate(target, busy, 2026, date(2026, 6, 15))[1] is False


def test_a_window_target_counts_only_its_window():
    target = goal(period=TargetPeriod.H1, value=Decimal(2))
    records = counting({date(2026, 3, 1): 1, date(2026, 8, 1): 5})
    rows, met = periods.evaluate(target, records, 2026, date(2026, 12, 31))
    assert [r.value for r in rows] == [1] and met is False
    assert periods.evaluate(goal(period=TargetPeriod.H2), records, 2026, date(2026, 3, 1)) == ([], None)


# --------------------------------------------------------------------------- ranges and zero


def test_a_range_keeps_both_bounds():
    target = goal(comparator=Comparator.BETWEEN, value=Decimal(3), value_max=Decimal(5), unit="项")
    assert [target.met_by(v) for v in (2, 3, 5, 6)] == [False, True, True, False]
    assert target.goal_display() == "3–5项"


def test_a_zero_target_is_met_at_zero():
    target = goal(comparator=Comparator.EQUAL, value=Decimal(0))
    assert target.met_by(0) is True and target.met_by(1) is False and target.met_by(None) is None
    assert target.goal_display() == "为零"


# --------------------------------------------------------------------------- from the plan's words to the stored target


@pytest.mark.django_db
def test_an_imported_plan_stores_periods_ranges_and_zero(world):
    text = (
        "甲村工会2026年工作计划\n一、工作目标\n"
        "1、工会委员会每季度集中学习一次。\n"
        "2、每月召开一次工会例会。\n"
        "3、上半年组织一次征文比赛。\n"
        "4、选送优秀论文3-5篇。\n"
        "5、因欠薪引发的群体性事件为零。\n"
    )
    plan = create_plan_from_text(org=world.union_a, text=text, by=world.chair_a)
    rows = list(
        plan.targets.order_by("order").values_list("period", "comparator", "value", "value_max", "unit")
    )
    assert rows == [
        ("per_q", ">=", Decimal(1), None, "次"),
        ("per_m", ">=", Decimal(1), None, "次"),
        ("H1", ">=", Decimal(1), None, "次"),
        ("Y", "in", Decimal(3), Decimal(5), "篇"),
        ("Y", "==", Decimal(0), None, ""),
    ]
    assert plan.targets.get(order=0).goal_display() == "每季 不低于 1次"


# --------------------------------------------------------------------------- on a live count metric


def _activity(org, day, category=ActivityCategory.STUDY):
    start = datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI)
    return ActivityFactory(org=org, category=category, start=start)


@pytest.mark.django_db
@pytest.mark.time_machine(datetime(2026, 6, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_a_frequency_target_counts_records_of_the_bound_kind_in_each_quarter(login, world):
    plan = PlanFactory(org=world.union_a, year=2026)
    target = TargetFactory(
        org=world.union_a,
        plan=plan,
        text="每季度集中学习一次",
        metric_key="activities.count.study",
        value=Decimal(1),
        unit="次",
        period=TargetPeriod.EVERY_QUARTER,
    )
    _activity(world.union_a, date(2026, 2, 10))
    _activity(world.union_a, date(2026, 3, 5), category=ActivityCategory.SPORTS)  # another kind: not counted
    found = target_progress(target, today=date(2026, 6, 15))
    assert [(w.label, w.value) for w in found.windows] == [("一季度", 1), ("二季度", 0)]
    assert found.met is None and found.display == "1/2 达标（二季度 0次）"
    _activity(world.union_a, date(2026, 5, 8))
    assert target_progress(target, today=date(2026, 6, 15)).met is True
    # the dashboard shows each quarter beside the target
    plan.status = PlanStatus.CONFIRMED
    plan.save()
    body = login(world.chair_a).get(reverse("plans:dashboard")).content.decode()
    windows = body.split('data-testid="target-windows"')[1].split("</ul>")[0]
    assert "一季度 1次" in windows and "二季度 1次" in windows


@pytest.mark.django_db
def test_the_review_screen_shows_the_proposed_metrics_current_value(login, world):
    plan = PlanFactory(org=world.union_a, year=2026)
    year_day = datetime(2026, 3, 3, 9, tzinfo=SHANGHAI)
    ActivityFactory(org=world.union_a, category=ActivityCategory.STUDY, start=year_day)
    TargetFactory(
        org=world.union_a,
        plan=plan,
        text="全年开展学习培训不少于4次",
        metric_key="activities.count.study",
        value=Decimal(4),
        unit="次",
    )
    TargetFactory(
        org=world.union_a, plan=plan, text="创5家示范工会", metric_key="", value=Decimal(5), unit="家"
    )
    body = login(world.chair_a).get(reverse("plans:review", args=[plan.pk])).content.decode()
    values = body.split('data-testid="current-value"')[1:]
    assert len(values) == 2
    assert "开展学习培训次数当前值" in values[0] and "1次" in values[0] and "未达到" in values[0]
    assert "手工填报" in values[1]


@pytest.mark.django_db
@pytest.mark.time_machine(datetime(2026, 6, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_the_api_gives_a_targets_period_range_and_windows(login, world):
    plan = PlanFactory(org=world.union_a, year=2026)
    TargetFactory(
        org=world.union_a,
        plan=plan,
        metric_key="activities.count.study",
        value=Decimal(1),
        unit="次",
        period=TargetPeriod.EVERY_QUARTER,
    )
    TargetFactory(
        org=world.union_a,
        plan=plan,
        metric_key="",
        comparator=Comparator.BETWEEN,
        value=Decimal(3),
        value_max=Decimal(5),
        unit="篇",
    )
    found = login(world.chair_a).get(f"/api/plans/{plan.pk}/targets").json()
    by_period = {t["period"]: t for t in found}
    assert [w["label"] for w in by_period["per_q"]["windows"]] == ["一季度", "二季度"]
    assert by_period["per_q"]["period_label"] == "每季"
    assert (by_period["Y"]["comparator"], by_period["Y"]["value_max"]) == ("in", "5.00")


def test_the_federation_table_colours_a_range_by_both_bounds():
    from gonghui.plans.federation import Column, colour

    column = Column(
        "activities.count.study",
        "学习",
        "次",
        goal(comparator=Comparator.BETWEEN, value=Decimal(10), value_max=Decimal(20)),
    )
    assert [colour(column, v) for v in (5, 9, 15, 23, 30)] == [
        "danger",
        "warning",
        "success",
        "warning",
        "danger",
    ]
