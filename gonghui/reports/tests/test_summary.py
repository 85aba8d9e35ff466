"""The year-end summary: figures straight from metrics.registry, targets, items, problems, the command."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from docx import Document

from gonghui.activities.tests.factories import ActivityFactory, AttendanceFactory
from gonghui.metrics import registry as metrics
from gonghui.plans.models import ItemStatus, PlanStatus
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory, TargetFactory
from gonghui.reports.summary.build import build_summary, number_text
from gonghui.reports.summary.document import summary_docx

YEAR = 2026
TODAY = date(2026, 12, 20)
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def year_of_work(world):
    """union_a's confirmed 2026 plan: three targets (one met, one missed, one manual), items in every state."""
    for month in (3, 5, 9):
        activity = ActivityFactory(org=world.union_a, start=datetime(YEAR, month, 10, 9, tzinfo=TZ))
        AttendanceFactory(
            org=world.group_a, activity=activity, attended_at=datetime(YEAR, month, 10, 9, tzinfo=TZ)
        )
    ActivityFactory(org=world.union_b, start=datetime(YEAR, 4, 1, 9, tzinfo=TZ))
    ActivityFactory(org=world.union_a, start=datetime(YEAR - 1, 4, 1, 9, tzinfo=TZ))  # last year: not counted
    plan = PlanFactory(org=world.union_a, year=YEAR, status=PlanStatus.CONFIRMED)
    TargetFactory(org=world.union_a, plan=plan, text="全年开展活动不少于3次", metric_key="activities.count",
                  value=Decimal(3), unit="次", order=1)  # fmt: skip
    TargetFactory(org=world.union_a, plan=plan, text="入会率达到95%", metric_key="members.membership_rate",
                  value=Decimal(95), unit="%", order=2)  # fmt: skip
    TargetFactory(org=world.union_a, plan=plan, text="办实事5件", metric_key="", value=Decimal(5), unit="件",
                  manual_value=Decimal(6), order=3)  # fmt: skip
    ScheduleItemFactory(org=world.union_a, plan=plan, month=3, text="三八节活动", status=ItemStatus.DONE,
                        no_trace_reason="活动在镇里统一举办，本会只组织报名，没有单独的记录。")  # fmt: skip
    ScheduleItemFactory(org=world.union_a, plan=plan, month=6, text="夏季送清凉", status=ItemStatus.CANCELLED,
                        note="高温期间单位统一发放，工会不再重复")  # fmt: skip
    ScheduleItemFactory(org=world.union_a, plan=plan, month=10, text="召开职代会")
    return plan


def test_every_target_equals_metrics_registry_compute(world, year_of_work):
    summary = build_summary(world.union_a, year=YEAR, today=TODAY)
    start, end = date(YEAR, 1, 1), TODAY
    measured = [row for row in summary.targets if row.target.metric_key]
    assert len(measured) == 2
    for row in measured:
        expected = metrics.compute(row.target.metric_key, world.union_a, start, end)
        assert row.value == expected.value
        assert row.met == row.target.met_by(expected.value)
    by_key = {row.target.metric_key: row for row in summary.targets}
    assert by_key["activities.count"].value == 3 and by_key["activities.count"].met is True
    assert by_key["members.membership_rate"].met is False  # 1 member of 10 employees
    assert by_key[""].value == 6 and by_key[""].met is True  # manual target: its reported value


def test_area_figures_come_from_the_registry(world, year_of_work):
    summary = build_summary(world.union_a, year=YEAR, today=TODAY)
    culture = next(a for a in summary.areas if a.title == "文体")
    for figure in culture.figures:
        assert figure.value == metrics.compute(figure.key, world.union_a, date(YEAR, 1, 1), TODAY).value
    assert culture.sentence.startswith("全年开展活动 3 次（均为体育运动），参与 3 人次，")
    assert ("activities.activity", "活动", 3) in culture.evidence


def test_items_and_problems(world, year_of_work):
    summary = build_summary(world.union_a, year=YEAR, today=TODAY)
    assert [(r.item.text, r.proof) for r in summary.done] == [("三八节活动", 0)]
    assert summary.done[0].reason.startswith("活动在镇里统一举办")
    assert summary.cancelled[0].reason.startswith("高温期间")
    assert [r.item.text for r in summary.not_done] == ["召开职代会"]
    problems = summary.problems()
    assert any("入会率达到95%" in p for p in problems)
    assert any("召开职代会" in p for p in problems)
    for ledger in summary.missing_ledgers:
        assert any(f"「{ledger.title}」" in p for p in problems)


def test_a_year_without_a_plan_has_no_target_section_and_says_so(world):
    summary = build_summary(world.union_b, year=YEAR, today=TODAY)
    assert summary.targets is None
    text = "\n".join(p.text for p in Document(_bytes(summary_docx(summary))).paragraphs)
    assert "没有已确认的年度工作计划" in text
    assert summary.as_json()["targets"] is None


def test_the_federation_ranks_its_unions_per_target(world, year_of_work):
    plan = PlanFactory(org=world.fed, year=YEAR, status=PlanStatus.CONFIRMED)
    TargetFactory(org=world.fed, plan=plan, text="各工会开展活动2次以上", metric_key="activities.count",
                  value=Decimal(2), unit="次")  # fmt: skip
    summary = build_summary(world.fed, year=YEAR, today=TODAY)
    row = summary.targets[0]
    assert row.value == metrics.compute("activities.count", world.fed, date(YEAR, 1, 1), TODAY).value == 4
    assert [(r.org.code, r.value, r.rank, r.met) for r in row.ranking] == [
        ("union-a", 3, 1, True),
        ("union-b", 1, 2, False),
    ]
    assert "下辖基层工会 2 家" in summary.overview_sentence


def test_prose_is_the_unions_and_numbers_are_recomputed(world, year_of_work):
    texts = {
        "overview": "今年我们克服困难。",
        "next_year": "明年继续建家。",
        "area:culture": "职工反响热烈。",
    }
    summary = build_summary(world.union_a, year=YEAR, today=TODAY, texts=texts)
    text = "\n".join(p.text for p in Document(_bytes(summary_docx(summary))).paragraphs)
    assert "今年我们克服困难。" in text and "明年继续建家。" in text and "职工反响热烈。" in text
    assert "全年开展活动 3 次" in text
    ActivityFactory(org=world.union_a, start=datetime(YEAR, 11, 1, 9, tzinfo=TZ))
    again = build_summary(world.union_a, year=YEAR, today=TODAY, texts=texts)
    assert "全年开展活动 4 次" in next(a for a in again.areas if a.title == "文体").sentence


def test_command_writes_docx_and_json_with_metric_keys(world, year_of_work, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    out = tmp_path / "summary.docx"
    call_command("year_summary", org="union-a", year=YEAR, out=str(out), json=True)
    assert Document(str(out)).paragraphs[0].text == "甲村工会2026年度工作总结"
    data = json.loads(capsys.readouterr().out)
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["activities.count"]["value"] == 3
    assert {t["metric_key"] for t in data["targets"]} == {"activities.count", "members.membership_rate", None}


def test_command_refuses_an_unknown_org(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有代码为"):
        call_command("year_summary", org="nobody", year=YEAR, json=True)


def test_number_text():
    assert number_text(1230) == "1,230"
    assert number_text(95.5) == "95.5"
    assert number_text(Decimal("1200.50"), "元") == "1,200.50"  # money keeps its cents
    assert number_text(None) == "无数据"


def _bytes(content):
    from io import BytesIO

    return BytesIO(content)


def test_the_summary_page_names_targets_in_chinese_never_by_metric_key(login, world, year_of_work):
    # The crawl found 「members.membership_rate」 under a target on /reports/<org>/summary/.
    from django.urls import reverse
    from django.utils.html import strip_tags

    client = login(world.chair_a)
    page = client.get(reverse("reports:summary", args=[world.union_a.code]) + f"?year={YEAR}")
    assert page.status_code == 200
    shown = strip_tags(page.content.decode())
    assert "入会率达到95%" in shown
    assert not [m.key for m in metrics.all_metrics() if m.key in shown]
