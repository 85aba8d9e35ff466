"""The summary judges a plan's targets over their periods by the dashboard's own rule
(gonghui.plans.dashboard.progress_over): every quarter for 每季, the first half for 上半年, both
bounds of a range, zero met at zero; and the federation ranks its unions the same way."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from gonghui.activities.tests.factories import ActivityFactory
from gonghui.plans.dashboard import target_progress
from gonghui.plans.models import Comparator, PlanStatus, TargetPeriod
from gonghui.plans.tests.factories import PlanFactory, TargetFactory
from gonghui.reports.summary.build import build_summary
from gonghui.reports.summary.document import summary_docx

YEAR = 2026
TODAY = date(2026, 12, 20)
TZ = ZoneInfo("Asia/Shanghai")


def activity(org, month, day=10):
    return ActivityFactory(org=org, start=datetime(YEAR, month, day, 9, tzinfo=TZ))


@pytest.fixture
def quarter_missed(world):
    """union_a held activities in Q1, Q3 and Q4 (none in Q2): three in the year, one in the first half."""
    for month in (2, 8, 11):
        activity(world.union_a, month)
    plan = PlanFactory(org=world.union_a, year=YEAR, status=PlanStatus.CONFIRMED)
    fields = {"org": world.union_a, "plan": plan, "metric_key": "activities.count", "unit": "次"}
    TargetFactory(
        **fields, text="每季开展活动一次", value=Decimal(1), period=TargetPeriod.EVERY_QUARTER, order=1
    )
    TargetFactory(**fields, text="上半年开展活动2次", value=Decimal(2), period=TargetPeriod.H1, order=2)
    TargetFactory(**fields, text="全年活动1-2次", comparator=Comparator.BETWEEN, value=Decimal(1),
                  value_max=Decimal(2), order=3)  # fmt: skip
    TargetFactory(org=world.union_a, plan=plan, metric_key="rights.cases", unit="次", text="劳动争议为零",
                  comparator=Comparator.EQUAL, value=Decimal(0), order=4)  # fmt: skip
    TargetFactory(**fields, text="全年开展活动3次", value=Decimal(3), order=5)
    return plan


def test_a_missed_quarter_fails_the_target_in_the_summary(world, quarter_missed):
    summary = build_summary(world.union_a, year=YEAR, today=TODAY)
    rows = {row.target.text: row for row in summary.targets}
    quarterly = rows["每季开展活动一次"]
    assert quarterly.met is False  # three activities in the year, but none in 二季度
    assert quarterly.display == "4 个季度中 3 个达标，二季度 0次未达标"
    assert rows["上半年开展活动2次"].value == 1 and rows["上半年开展活动2次"].met is False  # H1 only
    assert rows["全年活动1-2次"].value == 3 and rows["全年活动1-2次"].met is False  # above the upper bound
    assert rows["劳动争议为零"].value == 0 and rows["劳动争议为零"].met is True  # zero target met at zero
    assert rows["全年开展活动3次"].met is True
    problems = summary.problems()
    assert any("每季开展活动一次" in p and "二季度 0次未达标" in p for p in problems)
    data = summary.as_json()["targets"][0]
    assert data["period"] == "per_q" and data["met"] is False
    assert [(w["label"], w["value"], w["met"]) for w in data["windows"]] == [
        ("一季度", 1, True),
        ("二季度", 0, False),
        ("三季度", 1, True),
        ("四季度", 1, True),
    ]
    document = Document(BytesIO(summary_docx(summary)))
    cells = [cell.text for table in document.tables for r in table.rows for cell in r.cells]
    assert quarterly.display in cells and "未完成" in cells


@pytest.mark.parametrize("today", [date(2026, 3, 31), date(2026, 7, 1), TODAY, date(2027, 1, 1)])
def test_the_summary_figure_is_the_dashboards_for_every_target(world, quarter_missed, today):
    summary = build_summary(world.union_a, year=YEAR, today=today)
    targets = list(quarter_missed.targets.select_related("plan__org").order_by("order"))
    assert [row.target for row in summary.targets] == targets
    for row, target in zip(summary.targets, targets, strict=True):
        progress = target_progress(target, today=today)
        assert (row.value, row.met) == (progress.actual, progress.met), target.text


def test_the_federation_ranks_its_unions_over_the_targets_period(world):
    for month in (2, 5, 8, 11):
        activity(world.union_a, month)
    for month in (2, 3, 4):
        activity(world.union_b, month)  # four activities too, but nothing in 三季度 and 四季度
    activity(world.union_b, 5)
    plan = PlanFactory(org=world.fed, year=YEAR, status=PlanStatus.CONFIRMED)
    TargetFactory(org=world.fed, plan=plan, text="各工会每季开展活动一次", metric_key="activities.count",
                  value=Decimal(1), unit="次", period=TargetPeriod.EVERY_QUARTER)  # fmt: skip
    summary = build_summary(world.fed, year=YEAR, today=TODAY)
    row = summary.targets[0]
    assert row.met is True  # the federation's subtree had one every quarter
    assert [(r.org.code, r.value, r.rank, r.met) for r in row.ranking] == [
        ("union-a", 4, 1, True),
        ("union-b", 2, 2, False),
    ]
    assert row.ranking[1].display == "4 个季度中 2 个达标，三季度 0次、四季度 0次未达标"
    assert summary.as_json()["targets"][0]["ranking"][1]["met"] is False
